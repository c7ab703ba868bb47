/**
 * `e`: the entries the current filter shows, of the whole run, written to a new file in the
 * log folder in the format the user picks, through the log engine's exporters (same output
 * as `flowctl logs --export`). Streamed: older entries page in from the history (the store,
 * or the attached pipeline) and the ring follows, one page in memory at a time. The file is
 * written under a `.part` name and appears under its own only once complete.
 */
import {mkdirSync} from 'node:fs';
import {link, open, unlink, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import type {LogFilter, LogRing} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';
import {createExporter, type ExportFormat} from '../logs/export/index.js';
import {err, ok, type Result} from '../util/result.js';
import type {HistoryPager} from './history.js';

/** A format picked in the export prompt; text with or without colour (escape sequences in the file, for `less -R`). */
export interface ExportChoice {
  format: ExportFormat;
  color: boolean;
}

/** The key that picks each choice in the export prompt. */
export const EXPORT_KEYS: Readonly<Record<string, ExportChoice>> = {
  j: {format: 'json', color: false},
  n: {format: 'ndjson', color: false},
  c: {format: 'csv', color: false},
  t: {format: 'text', color: false},
  T: {format: 'text', color: true},
};

/** Entries per read while exporting (history pages and ring slices alike). */
export const EXPORT_PAGE = 1000;

export function choiceForKey(name: string): ExportChoice | undefined {
  return Object.hasOwn(EXPORT_KEYS, name) ? EXPORT_KEYS[name] : undefined;
}

const EXTENSION: Readonly<Record<ExportFormat, string>> = {json: 'json', ndjson: 'ndjson', csv: 'csv', text: 'log'};

/** `flowctl-export-20240120-100000.csv` in local time. */
export function exportFileName(format: ExportFormat, now: number): string {
  const d = new Date(now);
  const two = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
  return `flowctl-export-${stamp}.${EXTENSION[format]}`;
}

/** What to export: the run's entries matching `filter`, from the history below `floor`, the ring from it. */
export interface ExportScope {
  ring: LogRing;
  history: HistoryPager | undefined;
  /**
   * Where the ring becomes complete (`Scrollback.floor()`); -∞: the ring is all there is to
   * read. Computed in the same tick as `runEntries` / `exportRun` is called.
   */
  floor: number;
  filter: LogFilter | undefined;
}

export interface ExportDone {
  path: string;
  count: number;
  /** Older entries exist that the export could not read (no store): they are in the log files. */
  olderInFiles: boolean;
}

/**
 * The run's matching entries up to the newest one when the export began, oldest first, one
 * page at a time. Throws with a message when the history fails.
 *
 * The ring's part is snapshotted by this call, not at the first read, in the same tick as
 * `scope.floor` was computed: the history part is read below that floor and the snapshot
 * from it, so an entry the ring evicts in between (a live line arriving while the export
 * file is being opened) would fall through both (regression: export-lost-floor-entry).
 * A snapshot is references to the ring's entries, one pointer each (a 10 000-entry ring
 * copies in well under a millisecond): a flood evicting entries while earlier pages are
 * still being read or written cannot take them away, with or without a history to catch up
 * from, so the export never has a silent gap (store off included). It keeps at most one
 * ring's worth of evicted entries alive until it is done.
 * (The UI's filters never carry a `tail`, so `matches` is the whole filter.)
 */
export function runEntries(scope: ExportScope, signal?: AbortSignal): AsyncGenerator<LogEntry[]> {
  const paged = scope.history !== undefined && Number.isFinite(scope.floor);
  // Everything from the floor (where the ring is complete) up to the newest entry now.
  const snapshot = scope.ring.query(undefined, paged ? {afterSeq: scope.floor - 1} : {});
  return readRun(scope, snapshot, signal);
}

async function* readRun(scope: ExportScope, snapshot: readonly LogEntry[], signal: AbortSignal | undefined): AsyncGenerator<LogEntry[]> {
  const {history, filter} = scope;
  if (history !== undefined && Number.isFinite(scope.floor)) yield* historyPart(history, scope, signal);
  let page: LogEntry[] = [];
  for (const entry of snapshot) {
    if (filter !== undefined && !filter.matches(entry)) continue;
    page.push(entry);
    if (page.length === EXPORT_PAGE) {
      signal?.throwIfAborted();
      yield page;
      page = [];
    }
  }
  signal?.throwIfAborted();
  if (page.length > 0) yield page;
}

/**
 * The history below the floor, oldest first. A history that is the attached pipeline's ring
 * (`partial`: it keeps no store) loses its oldest entries to a flood while it is read: read
 * forward, what it evicts ahead of the reader would be a silent hole in the middle. Read
 * newest first instead, what it evicts is only ever older than everything read, which the
 * export already says ("older ones only in the log files"). Those pages are held until the
 * end (at most that pipeline's ring); a store is read forward, one page in memory.
 */
async function* historyPart(history: HistoryPager, scope: ExportScope, signal: AbortSignal | undefined): AsyncGenerator<LogEntry[]> {
  const {filter, floor} = scope;
  // A pager that can be partial says so once it has read: the newest page first, then decide.
  const newest = 'partial' in history ? await untilAborted(history.before(filter, floor, EXPORT_PAGE), signal) : undefined;
  if (newest !== undefined && !newest.ok) throw new Error(newest.error);
  if (newest !== undefined && history.partial === true) {
    const pages = [newest.value];
    for (let page = newest.value; page.length === EXPORT_PAGE; ) {
      const older = await untilAborted(history.before(filter, (page[0] as LogEntry).seq, EXPORT_PAGE), signal);
      if (!older.ok) throw new Error(older.error);
      page = older.value;
      pages.push(page);
    }
    for (const page of pages.reverse()) if (page.length > 0) yield page;
    return;
  }
  let after: number | undefined;
  for (;;) {
    signal?.throwIfAborted();
    // A read that hangs (an unreachable pipeline) must not hold up quitting: abort wins.
    const page = await untilAborted(history.after(filter, after, floor, EXPORT_PAGE), signal);
    if (!page.ok) throw new Error(page.error);
    if (page.value.length > 0) yield page.value;
    if (page.value.length < EXPORT_PAGE) return;
    after = (page.value.at(-1) as LogEntry).seq;
  }
}

/** `promise`, or a rejection as soon as `signal` aborts (the promise is then left to settle unheard). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, {once: true});
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export interface ExportRequest {
  format: ExportFormat;
  /** text: with the console's colours (default plain). */
  color?: boolean;
  dir: string;
  now: number;
  /** text: the width component ids are padded to (the longest id of the pipeline). */
  prefixWidth: number;
  /** Aborted (the user quit): stop between pages and remove the partial file. */
  signal?: AbortSignal;
}

export async function exportRun(scope: ExportScope, request: ExportRequest): Promise<Result<ExportDone, string>> {
  const {format, dir, now} = request;
  const file = path.join(dir, exportFileName(format, now));
  const part = `${file}.part`;
  let handle: FileHandle | undefined;
  let count = 0;
  // The ring's part is decided before reading (a flood evicting entries meanwhile is not
  // "older ones are missing"); a history says whether it is partial only once read.
  const ringOlder = ringLostOlder(scope.ring);
  // Before the first await: the ring's part is taken together with the floor (see runEntries).
  const entries = runEntries(scope, request.signal);
  try {
    mkdirSync(dir, {recursive: true});
    // `wx`: never overwrite an earlier export made in the same second (nor one in progress).
    handle = await open(part, 'wx');
  } catch (error) {
    return err(`export failed: cannot write ${file}: ${(error as NodeJS.ErrnoException).message}`);
  }
  try {
    const out = handle;
    let chunks: string[] = [];
    const exporter = createExporter(format, (chunk) => void chunks.push(chunk), {timestamps: format === 'text', prefixWidth: request.prefixWidth, color: request.color === true});
    const drain = async (): Promise<void> => {
      const text = chunks.join('');
      chunks = [];
      if (text !== '') await out.write(text);
    };
    try {
      for await (const batch of entries) {
        exporter.write(batch);
        count += batch.length;
        await drain();
      }
    } catch (error) {
      if (request.signal?.aborted === true) throw new Cancelled();
      throw new ReadFailure((error as Error).message);
    }
    exporter.end();
    await drain();
    await out.close();
    handle = undefined;
    // `link` refuses an existing name, unlike `rename`: same no-overwrite rule as `wx`.
    await link(part, file);
    await unlink(part);
    return ok({path: file, count, olderInFiles: scope.history === undefined ? ringOlder : scope.history.partial === true && Number.isFinite(scope.floor)});
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(part).catch(() => undefined);
    if (error instanceof Cancelled) return err(`export cancelled after ${count.toLocaleString('en-US')} entries: ${part} removed`);
    if (error instanceof ReadFailure) return err(`export failed after ${count.toLocaleString('en-US')} entries (nothing written): ${error.message}`);
    return err(`export failed: cannot write ${file}: ${(error as NodeJS.ErrnoException).message}`);
  }
}

/** The ring no longer holds the run's first entries (no history to read them from: they are in the log files). */
function ringLostOlder(ring: LogRing): boolean {
  return ring.evicted > 0 || (ring.oldestSeq ?? 1) > 1;
}

class ReadFailure extends Error {}
class Cancelled extends Error {}
