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
import {contiguousFloor} from './ring-floor.js';

/** The key that picks each format in the export prompt. */
export const EXPORT_KEYS: Readonly<Record<string, ExportFormat>> = {j: 'json', n: 'ndjson', c: 'csv', t: 'text'};

/** Entries per read while exporting (history pages and ring slices alike). */
export const EXPORT_PAGE = 1000;

export function formatForKey(name: string): ExportFormat | undefined {
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
  /** Where the ring becomes complete (`Scrollback.floor()`); -∞: the ring is all there is to read. */
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
 * page at a time. Throws with a message when the history fails. With a history, a flood that
 * evicts entries from the ring faster than they are written is caught up from the history
 * (the ring's floor is checked before each page), so nothing in between goes missing.
 */
export async function* runEntries(scope: ExportScope): AsyncGenerator<LogEntry[]> {
  const {ring, history, filter} = scope;
  const end = (ring.newestSeq ?? 0) + 1;
  const paged = history !== undefined && Number.isFinite(scope.floor);
  let after: number | undefined;
  /** History pages `after < seq < below`. */
  async function* fromHistory(pager: HistoryPager, below: number): AsyncGenerator<LogEntry[]> {
    for (;;) {
      const page = await pager.after(filter, after, below, EXPORT_PAGE);
      if (!page.ok) throw new Error(page.error);
      if (page.value.length > 0) yield page.value;
      if (page.value.length < EXPORT_PAGE) break;
      after = (page.value.at(-1) as LogEntry).seq;
    }
    after = below - 1;
  }
  if (paged) yield* fromHistory(history, scope.floor);
  for (;;) {
    if (paged && after !== undefined) {
      const floor = Math.min(contiguousFloor(ring), end);
      if (floor > after + 1) yield* fromHistory(history, floor);
    }
    const page = ring.query(filter, {afterSeq: after ?? -Infinity, limit: EXPORT_PAGE});
    const upToEnd = page.at(-1) !== undefined && (page.at(-1) as LogEntry).seq >= end ? page.filter((e) => e.seq < end) : page;
    if (upToEnd.length > 0) yield upToEnd;
    if (upToEnd.length < EXPORT_PAGE) return;
    after = (upToEnd.at(-1) as LogEntry).seq;
  }
}

export interface ExportRequest {
  format: ExportFormat;
  dir: string;
  now: number;
  /** text: the width component ids are padded to (the longest id of the pipeline). */
  prefixWidth: number;
}

export async function exportRun(scope: ExportScope, request: ExportRequest): Promise<Result<ExportDone, string>> {
  const {format, dir, now} = request;
  const file = path.join(dir, exportFileName(format, now));
  const part = `${file}.part`;
  let handle: FileHandle | undefined;
  let count = 0;
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
    const exporter = createExporter(format, (chunk) => void chunks.push(chunk), {timestamps: format === 'text', prefixWidth: request.prefixWidth});
    const drain = async (): Promise<void> => {
      const text = chunks.join('');
      chunks = [];
      if (text !== '') await out.write(text);
    };
    try {
      for await (const batch of runEntries(scope)) {
        exporter.write(batch);
        count += batch.length;
        await drain();
      }
    } catch (error) {
      throw new ReadFailure((error as Error).message);
    }
    exporter.end();
    await drain();
    await out.close();
    handle = undefined;
    // `link` refuses an existing name, unlike `rename`: same no-overwrite rule as `wx`.
    await link(part, file);
    await unlink(part);
    return ok({path: file, count, olderInFiles: olderInFiles(scope)});
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(part).catch(() => undefined);
    if (error instanceof ReadFailure) return err(`export failed after ${count.toLocaleString('en-US')} entries (nothing written): ${error.message}`);
    return err(`export failed: cannot write ${file}: ${(error as NodeJS.ErrnoException).message}`);
  }
}

/** The export stopped at the beginning of what could be read, not of the run. */
function olderInFiles(scope: ExportScope): boolean {
  if (scope.history !== undefined) return scope.history.partial === true && Number.isFinite(scope.floor);
  return scope.ring.evicted > 0 || (scope.ring.oldestSeq ?? 1) > 1;
}

class ReadFailure extends Error {}
