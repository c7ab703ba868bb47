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
import {err, ok, type Result} from '../util/result.js';

/** One component's file of one run. */
export interface ComponentLogFile {
  componentId: string;
  componentType: ComponentType;
  /** The component's `logging.format`, to parse its lines as the live view did. */
  format: LogFormat;
  path: string;
}

/** The files of one run: `index` 0 is `<id>.log`, n is `<id>.log.n` (older as n grows). */
export interface FileRun {
  /** `log` for index 0, else `log.<n>`: the file name suffix, so `--run log.2` reads `<id>.log.2`. */
  runId: string;
  index: number;
  /** The components that have a file for this run, in the order given to `findFileRuns`. */
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
  const present = new Set(names);
  const indexes = new Set<number>();
  for (const name of names) {
    const match = /\.log(?:\.(\d+))?$/.exec(name);
    if (match) indexes.add(match[1] === undefined ? 0 : Number(match[1]));
  }
  const runs: FileRun[] = [];
  for (const index of [...indexes].sort((a, b) => a - b)) {
    const suffix = index === 0 ? 'log' : `log.${index}`;
    const files = components
      .filter((c) => present.has(`${c.id}.${suffix}`))
      .map((c) => ({componentId: c.id, componentType: c.type, format: c.format, path: join(dir, `${c.id}.${suffix}`)}));
    if (files.length > 0) runs.push({runId: suffix, index, files});
  }
  return ok(runs);
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
  const readers = files.filter((f) => wanted === undefined || wanted.has(f.componentId)).map((f) => readFile(f, runId));
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

/** One file, line by line, as entries (seq 0 until the merge numbers them). */
async function* readFile(file: ComponentLogFile, runId: string): EntryReader {
  let time: number;
  try {
    time = (await stat(file.path)).mtimeMs;
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
