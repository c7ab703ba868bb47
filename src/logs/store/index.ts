/**
 * The log history: every entry of every run in one SQLite file next to the logs (WAL mode,
 * `synchronous=NORMAL`: a crash may lose the last moments, never corrupt the file), written
 * by a worker thread in large transactions and read on a read-only connection.
 *
 * A history that cannot be opened is an expected failure, returned as a value so `up`
 * carries on with files only. Layout (format 2, `schema.js`): entries in packed blocks of a
 * few hundred, keyed by (run, first seq), plus `runs(run_id, pipeline, started_at, ended_at,
 * entries)` so "the previous run" can be found. A format-1 history (a row per entry), and one
 * of ours that SQLite finds damaged, are moved aside by `up` with a notice (a new history
 * started), and refused with the reason by read-only openers. Damage found while running
 * turns the history off for the run (`onError` says so) and moves the file aside.
 */
import {closeSync, mkdirSync, openSync, statSync} from 'node:fs';
import {dirname} from 'node:path';
import type {LogEntry} from '../entry.js';
import type {LogFilter} from '../api.js';
import {errorMessage} from '../../util/error-message.js';
import {err, ok, type Result} from '../../util/result.js';
import {StoreReader, type QueryOptions, type RunInfo} from './reader.js';
import {StoreWriter} from './writer.js';
import {BacklogGate, DEFAULT_WATER_MARKS, type Pausable, type WaterMarks} from './backlog-gate.js';

export type {QueryOptions, RunInfo, Pausable, WaterMarks};
export {DEFAULT_WATER_MARKS};

export interface LogStore {
  /**
   * Non-blocking: queued to the writer. Past the high-water mark the producers attached to
   * `gate` are paused; past `maxQueue` entries are dropped (counted in `dropped`).
   */
  append(entries: readonly LogEntry[]): void;
  /**
   * Backpressure: attach what produces the entries (the components' pipes) and it is paused
   * while the writer is behind, resumed once it caught up. Never holds on a read-only store.
   */
  readonly gate: {attach(target: Pausable): () => void; readonly holding: boolean; readonly pauses: number};
  /** Streamed pages in seq order (per run); millions of rows never sit in memory. Honours `filter.tail`. A page may be empty (a long scan's heartbeat, so a consumer can stop it). */
  query(filter: LogFilter | undefined, options?: QueryOptions): AsyncIterable<LogEntry[]>;
  /** Newest first, so "the previous run" is `runs()[1]` while a run is being written. */
  runs(): Promise<RunInfo[]>;
  beginRun(runId: string, meta: {pipeline: string; startedAt: number}): void;
  endRun(runId: string, at: number): void;
  /**
   * Entries through `seq` were published and will reach `append` shortly: counted in the
   * backlog at once, so the gate pauses the producers in the read that crossed the mark.
   */
  published(seq: number): void;
  /** Resolves when everything appended so far is committed. */
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Entries that were not saved: queue overflow, write errors, a writer that died. */
  readonly dropped: number;
  /**
   * Called for each write failure after opening (the store keeps trying; entries lost are in
   * `dropped`), and when the writer falls `maxQueue` entries behind and when it caught up again.
   */
  onError(listener: (message: string) => void): () => void;
  /** Called with each number of entries newly counted in `dropped`, as it happens. */
  onDropped(listener: (count: number) => void): () => void;
}

export interface OpenStoreOptions {
  /**
   * Rows received longer ago than this are deleted while running, and once more on close;
   * readers leave them out meanwhile (the writer records it in the history). ≤ 0 or Infinity
   * keeps everything: `logging.retention: 0` means keep forever.
   */
  retentionMs: number;
  /** Open for reading only (`flowctl logs` while `up` may be writing). */
  readonly?: boolean;
  /** How often retention runs (default `retentionIntervalFor(retentionMs)`). */
  retentionIntervalMs?: number;
  /** Entries waiting for the writer past which appends are dropped (default 200 000). */
  maxQueue?: number;
  /** Backlog at which `gate` pauses its producers and resumes them (default `DEFAULT_WATER_MARKS`). */
  waterMarks?: WaterMarks;
  /** SQLite busy timeout (default 250 ms): a locked file is reported, not waited on. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the history at `path`. Never throws and never hangs: a locked or
 * unwritable file, one that is not SQLite at all (left as it is: nothing says it is ours), or
 * a directory, comes back as `cannot open log history at <path>: <cause>; logs go to files only`.
 */
export async function openStore(path: string, options: OpenStoreOptions): Promise<Result<LogStore, string>> {
  const busyTimeoutMs = options.busyTimeoutMs ?? 250;
  if (options.readonly === true) {
    const reader = StoreReader.open(path, busyTimeoutMs);
    return reader.ok ? ok(new Store(reader.value, undefined)) : err(`cannot read log history at ${path}: ${reader.error}`);
  }
  const failed = (cause: string): Result<LogStore, string> => err(`cannot open log history at ${path}: ${cause}; logs go to files only`);
  try {
    mkdirSync(dirname(path), {recursive: true});
  } catch (error) {
    return failed(errorMessage(error));
  }
  const writer = await StoreWriter.start({
    path,
    retentionMs: options.retentionMs,
    retentionIntervalMs: options.retentionIntervalMs ?? retentionIntervalFor(options.retentionMs),
    busyTimeoutMs,
    maxQueue: options.maxQueue ?? 200_000,
    waterMarks: options.waterMarks ?? DEFAULT_WATER_MARKS,
    openTimeoutMs: 10_000,
  });
  if (!writer.ok) return failed(explainCantOpen(path, writer.error));
  const reader = StoreReader.open(path, busyTimeoutMs);
  if (!reader.ok) {
    await writer.value.close();
    return failed(reader.error);
  }
  return ok(new Store(reader.value, writer.value));
}

/**
 * How often retention runs for a retention: a quarter of it, between 1 s and 60 s, so an
 * entry outlives it by at most a quarter (or a second); a fixed 60 s pass kept a 5 s
 * retention's entries up to 65 s. A pass that finds nothing expired reads a few directory rows.
 */
export function retentionIntervalFor(retentionMs: number): number {
  if (!(retentionMs > 0 && Number.isFinite(retentionMs))) return 60_000;
  return Math.min(60_000, Math.max(1_000, Math.round(retentionMs / 4)));
}

/** SQLite's "unable to open database file" hides the reason; the file system tells it. */
function explainCantOpen(path: string, cause: string): string {
  if (!cause.includes('unable to open database file')) return cause;
  try {
    if (statSync(path).isDirectory()) return 'it is a directory';
  } catch {
    // Missing is fine: SQLite would have created it; the probe below finds the reason.
  }
  try {
    closeSync(openSync(path, 'a'));
    return cause;
  } catch (error) {
    return errorMessage(error);
  }
}

/** A read-only store has no writer to wait for. */
const NEVER_HOLDS = new BacklogGate();

class Store implements LogStore {
  #closed = false;

  constructor(
    private readonly reader: StoreReader,
    private readonly writer: StoreWriter | undefined,
  ) {}

  get dropped(): number {
    return this.writer?.dropped ?? 0;
  }

  get gate(): BacklogGate {
    return this.writer?.gate ?? NEVER_HOLDS;
  }

  onDropped(listener: (count: number) => void): () => void {
    return this.writer?.onDropped(listener) ?? (() => undefined);
  }

  append(entries: readonly LogEntry[]): void {
    this.#writable('append').append(entries);
  }

  published(seq: number): void {
    this.#writable('published').published(seq);
  }

  beginRun(runId: string, meta: {pipeline: string; startedAt: number}): void {
    this.#writable('beginRun').beginRun(runId, meta);
  }

  endRun(runId: string, at: number): void {
    this.#writable('endRun').endRun(runId, at);
  }

  onError(listener: (message: string) => void): () => void {
    return this.writer?.onError(listener) ?? (() => undefined);
  }

  query(filter: LogFilter | undefined, options?: QueryOptions): AsyncIterable<LogEntry[]> {
    if (this.#closed) throw new Error('Internal error: query on a closed log store');
    return this.reader.query(filter, options);
  }

  async runs(): Promise<RunInfo[]> {
    if (this.#closed) throw new Error('Internal error: runs() on a closed log store');
    return this.reader.runs();
  }

  async flush(): Promise<void> {
    await this.writer?.flush();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.reader.close();
    await this.writer?.close();
  }

  #writable(what: string): StoreWriter {
    // Writing to a history opened for reading is a bug in the caller, not a user error.
    if (this.writer === undefined) throw new Error(`Internal error: ${what} on a read-only log store`);
    return this.writer;
  }
}
