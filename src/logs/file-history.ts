/**
 * The `<logDir>/<id>.log` files read back into entries: what `flowctl logs` shows of a
 * pipeline that is not running when there is no history store (`logging.store: none`,
 * `up --no-store`, or a history that cannot be opened).
 *
 * The files hold one printed line per line, ANSI stripped, no prefix (see `files.ts`), so an
 * entry is one line: no stream, restart count or receive time was recorded. Times come from
 * the lines; a line without one takes the time of the last line before it in the same file
 * that had one (a stack trace stays with its log line in a --since window), and the file's
 * modification time before any. Components are merged by that time, each file's own order
 * kept (a k-way merge of streams: files are read line by line, never held in memory).
 */
import {createReadStream} from 'node:fs';
import {readdir, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import type {LogFormat} from '../config/model.js';
import type {LogFilter} from './api.js';
import type {ComponentType, LogEntry} from './entry.js';
import {parseLine, toPlain} from './parse/index.js';
import {fileStarts} from './file-runs.js';
import {err, ok, type Result} from '../util/result.js';

/** One component's file of one run. */
export interface ComponentLogFile {
  componentId: string;
  componentType: ComponentType;
  /** The component's `logging.format`, to parse its lines as the live view did. */
  format: LogFormat;
  path: string;
}

/**
 * The files of one run. A run's component may have several files when it rotated by size
 * while running (`file-runs.ts` records which file started the run): `files` then holds them
 * oldest first, and they are read one after the other.
 */
export interface FileRun {
  /**
   * `log` for the latest run, `log.<n>` for the n-th run before it. Without size rotations
   * (or with files an older flowctl wrote, which say nothing of it) run n is `<id>.log.<n>`.
   */
  runId: string;
  index: number;
  /** The components' files of this run, in the order given to `findFileRuns`, each component's oldest first. */
  files: ComponentLogFile[];
}

/** What `findFileRuns` needs to know of a component. */
export interface FileComponent {
  id: string;
  type: ComponentType;
  format: LogFormat;
}

const BATCH = 1000;

/**
 * The runs whose files exist in `dir` for these components, newest first. A missing folder
 * is no run at all; a folder that cannot be listed is an error sentence.
 */
export async function findFileRuns(dir: string, components: readonly FileComponent[]): Promise<Result<FileRun[], string>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok([]);
    return err(`cannot list the log folder ${dir}: ${describe(error)}`);
  }
  const runs: ComponentLogFile[][][] = [];
  for (const [position, component] of components.entries()) {
    const groups = await runsOfComponent(dir, component, names);
    for (const [run, files] of groups.entries()) {
      runs[run] ??= [];
      runs[run][position] = files;
    }
  }
  const found: FileRun[] = [];
  for (const [index, perComponent] of runs.entries()) {
    const files = (perComponent ?? []).flatMap((group) => group ?? []);
    if (files.length > 0) found.push({runId: index === 0 ? 'log' : `log.${index}`, index, files});
  }
  return ok(found);
}

/** When the newest of these components' `<id>.log` files was last written (ms), if any exists. */
export async function newestFileWrite(dir: string, ids: readonly string[]): Promise<number | undefined> {
  let newest: number | undefined;
  for (const id of ids) {
    try {
      const modified = (await stat(join(dir, `${id}.log`))).mtimeMs;
      if (newest === undefined || modified > newest) newest = modified;
    } catch {
      // No file of this component (it never ran, or printed nothing yet).
    }
  }
  return newest;
}

/**
 * One component's files grouped by run, newest run first, each run's files oldest first: a
 * file opened by a size rotation belongs with the older file before it.
 */
async function runsOfComponent(dir: string, component: FileComponent, names: readonly string[]): Promise<ComponentLogFile[][]> {
  const base = `${component.id}.log`;
  const indexes = names
    .map((name) => (name === base ? 0 : name.startsWith(`${base}.`) && /^\d+$/.test(name.slice(base.length + 1)) ? Number(name.slice(base.length + 1)) : -1))
    .filter((index) => index >= 0)
    .sort((a, b) => a - b);
  const paths = indexes.map((index) => join(dir, index === 0 ? base : `${base}.${index}`));
  const starts = await fileStarts(join(dir, base), paths);
  const groups: ComponentLogFile[][] = [];
  let current: ComponentLogFile[] = [];
  for (const path of paths) {
    current.unshift({componentId: component.id, componentType: component.type, format: component.format, path});
    if (starts.get(path) !== 'more') {
      groups.push(current);
      current = [];
    }
  }
  // The run's first file rotated away (rotation.max_files): what is left is still its run.
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * The entries of `files` matching `filter`, merged by timestamp (stable: per file order
 * kept, ties go to the earlier file), in batches, oldest first. `seq` numbers every line of
 * the merged run (before filtering), so it is the same whatever the filter. Honours
 * `filter.tail` keeping only that many entries. A file that cannot be read becomes one
 * `control` error entry (never filtered out) saying from where its lines are missing.
 */
export async function* readLogFiles(files: readonly ComponentLogFile[], filter: LogFilter | undefined, runId: string): AsyncGenerator<LogEntry[]> {
  const wanted = filter?.spec.components?.length ? new Set(filter.spec.components) : undefined;
  const perComponent = new Map<string, ComponentLogFile[]>();
  for (const file of files) {
    if (wanted !== undefined && !wanted.has(file.componentId)) continue;
    const chain = perComponent.get(file.componentId);
    if (chain === undefined) perComponent.set(file.componentId, [file]);
    else chain.push(file);
  }
  const readers = [...perComponent.values()].map((chain) => readChain(chain, runId));
  const tail = filter?.tail;
  const kept = tail === undefined ? undefined : new TailBuffer(tail);
  let batch: LogEntry[] = [];
  let seq = 0;
  try {
    for await (const entry of merge(readers)) {
      entry.seq = ++seq;
      if (entry.stream !== 'control' && filter !== undefined && !filter.matches(entry)) continue;
      if (kept !== undefined) {
        kept.push(entry);
        continue;
      }
      batch.push(entry);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (kept !== undefined) batch = kept.entries();
    for (let i = 0; i < batch.length; i += BATCH) yield batch.slice(i, i + BATCH);
  } finally {
    // A reader that stops early (Ctrl+C, `| head`) must not leave files open.
    await Promise.all(readers.map((r) => r.return(undefined)));
  }
}

type EntryReader = AsyncGenerator<LogEntry, void, undefined>;

/** K-way merge of per-file streams by head timestamp; ties go to the earliest reader. */
async function* merge(readers: readonly EntryReader[]): AsyncGenerator<LogEntry> {
  const heads = await Promise.all(readers.map(async (r) => (await r.next()).value ?? undefined));
  for (;;) {
    let pick = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      if (head !== undefined && (pick < 0 || head.timestamp < heads[pick]!.timestamp)) pick = i;
    }
    if (pick < 0) return;
    yield heads[pick]!;
    heads[pick] = (await readers[pick]!.next()).value ?? undefined;
  }
}

/** A component's files of one run, oldest first, read as one: a line's time carries over into the next file. */
async function* readChain(files: readonly ComponentLogFile[], runId: string): EntryReader {
  const time: {last: number | undefined} = {last: undefined};
  for (const file of files) yield* readFile(file, runId, time);
}

/**
 * One file, line by line, as entries (seq 0 until the merge numbers them). `carried.last`:
 * the time of the last line with one before this file (its mtime when none), updated.
 */
async function* readFile(file: ComponentLogFile, runId: string, carried: {last: number | undefined}): EntryReader {
  let time: number;
  try {
    const modified = (await stat(file.path)).mtimeMs;
    time = carried.last ?? modified;
  } catch (error) {
    yield readFailure(file, runId, Date.now(), 0, error);
    return;
  }
  const input = createReadStream(file.path, {encoding: 'utf8'});
  const lines = createInterface({input, crlfDelay: Infinity});
  let count = 0;
  try {
    for await (const raw of lines) {
      count += 1;
      const plain = toPlain(raw);
      const parsed = parseLine(plain, file.format);
      if (parsed.timestamp !== undefined) time = parsed.timestamp;
      carried.last = time;
      yield {
        seq: 0,
        componentId: file.componentId,
        componentType: file.componentType,
        stream: 'stdout',
        timestamp: time,
        receivedAt: time,
        level: parsed.level,
        message: parsed.message,
        fields: parsed.fields,
        raw,
        runId,
        restart: 0,
        truncated: false,
      };
    }
  } catch (error) {
    yield readFailure(file, runId, time, count, error);
  } finally {
    lines.close();
    input.destroy();
  }
}

function readFailure(file: ComponentLogFile, runId: string, at: number, linesRead: number, error: unknown): LogEntry {
  const message = `cannot read ${file.path} after line ${linesRead}: ${describe(error)}; the lines after it are not shown`;
  return {
    seq: 0, componentId: file.componentId, componentType: file.componentType, stream: 'control', timestamp: at, receivedAt: at,
    level: 'error', message, fields: {}, raw: message, runId, restart: 0, truncated: false,
  };
}

/** The last `limit` entries pushed, in a fixed ring: `--tail N` holds N entries, never the file. */
class TailBuffer {
  readonly #slots: LogEntry[] = [];
  #next = 0;
  constructor(private readonly limit: number) {}

  push(entry: LogEntry): void {
    if (this.limit === 0) return;
    if (this.#slots.length < this.limit) this.#slots.push(entry);
    else this.#slots[this.#next] = entry;
    this.#next = (this.#next + 1) % this.limit;
  }

  entries(): LogEntry[] {
    return this.#slots.length < this.limit ? [...this.#slots] : [...this.#slots.slice(this.#next), ...this.#slots.slice(0, this.#next)];
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
