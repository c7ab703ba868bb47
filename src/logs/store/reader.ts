/**
 * Reads of the log history on a read-only connection of its own. WAL mode lets it read
 * while the writer worker (or another `flowctl up`) commits. Results are streamed in pages in
 * seq order (how each run's blocks are walked is `paging.ts`), so the first page of a query
 * over millions of entries comes back in milliseconds, a whole export never sits in memory,
 * and the event loop gets a turn between pages.
 */
import Database from 'better-sqlite3';
import type {Database as Connection} from 'better-sqlite3';
import type {LogEntry} from '../entry.js';
import type {LogFilter} from '../api.js';
import {BlockSource, scanRun} from './paging.js';
import {checkStructure, formatOf, isDamage, recordedRetentionMs, unreadable} from './schema.js';
import {errorMessage} from '../../util/error-message.js';
import {err, ok, type Result} from '../../util/result.js';

export interface QueryOptions {
  /** Only this run (else: the filter's `runId`, else every run, oldest first in `asc`). */
  runId?: string;
  /** Only entries with `seq > afterSeq` (within a run). */
  afterSeq?: number;
  /** Only entries with `seq < beforeSeq` (within a run). */
  beforeSeq?: number;
  /** At most this many entries in total. */
  limit?: number;
  order?: 'asc' | 'desc';
  /** Entries per yielded page (default 1000). */
  pageSize?: number;
}

export interface RunInfo {
  runId: string;
  startedAt: number;
  endedAt: number | undefined;
  entries: number;
  pipeline?: string;
}

export class StoreReader {
  readonly #source: BlockSource;

  private constructor(private readonly db: Connection) {
    this.#source = new BlockSource(db);
  }

  /** Opens `path` read-only; it must already be a flowctl history in this format (`schema.js`). */
  static open(path: string, busyTimeoutMs: number): Result<StoreReader, string> {
    let db: Connection | undefined;
    try {
      db = new Database(path, {readonly: true, fileMustExist: true, timeout: busyTimeoutMs});
      const format = formatOf(db);
      const why = format.kind === 'empty' ? 'it is not a flowctl log history (no blocks table)' : unreadable(format);
      if (why !== undefined) {
        db.close();
        return err(why);
      }
      checkStructure(db);
      return ok(new StoreReader(db));
    } catch (error) {
      db?.close();
      if (isDamage(error)) return err(`it is damaged (${errorMessage(error)}); the next \`flowctl up\` moves it aside and starts a new one`);
      return err(errorMessage(error));
    }
  }

  runs(): RunInfo[] {
    const rows = this.db
      .prepare('SELECT run_id, pipeline, started_at, ended_at, entries FROM runs ORDER BY started_at DESC, rowid DESC')
      .all() as {run_id: string; pipeline: string | null; started_at: number; ended_at: number | null; entries: number}[];
    return rows.map((row) => ({
      runId: row.run_id,
      startedAt: row.started_at,
      endedAt: row.ended_at ?? undefined,
      entries: row.entries,
      ...(row.pipeline === null ? {} : {pipeline: row.pipeline}),
    }));
  }

  /**
   * Pages of matching entries. A page may be empty while a long scan has found nothing for a
   * while (`paging.ts`): a consumer that wants to stop gets a turn to.
   */
  async *query(filter: LogFilter | undefined, options: QueryOptions = {}): AsyncGenerator<LogEntry[]> {
    const order = options.order ?? 'asc';
    const tail = filter?.tail;
    if (tail !== undefined) {
      // The last `tail` matches, newest first; then turned around for `asc`. Tails are small.
      const newest: LogEntry[] = [];
      for await (const page of this.#scan(filter, {...options, order: 'desc', limit: Math.min(tail, options.limit ?? tail)})) {
        newest.push(...page);
      }
      const ordered = order === 'asc' ? newest.reverse() : newest;
      const pageSize = options.pageSize ?? 1000;
      for (let i = 0; i < ordered.length; i += pageSize) yield ordered.slice(i, i + pageSize);
      return;
    }
    yield* this.#scan(filter, options);
  }

  close(): void {
    this.db.close();
  }

  async *#scan(filter: LogFilter | undefined, options: QueryOptions): AsyncGenerator<LogEntry[]> {
    const order = options.order ?? 'asc';
    const pageSize = Math.max(1, options.pageSize ?? 1000);
    const budget = {remaining: options.limit ?? Number.POSITIVE_INFINITY};
    // What retention would have deleted by now is left out: the writer deletes it only every
    // so often (and not at all once it stopped), yet a 5 s retention must not show a minute.
    const retentionMs = this.#retentionMs();
    const receivedSince = retentionMs > 0 ? Date.now() - retentionMs : undefined;
    for (const runId of this.#runsToScan(filter, options.runId, order)) {
      const range = {runId, order, afterSeq: options.afterSeq, beforeSeq: options.beforeSeq, pageSize, receivedSince};
      yield* scanRun(this.#source, filter, range, budget);
      if (budget.remaining <= 0) return;
    }
  }

  /** The retention the history records; a damaged file is marked by the scan itself, not here. */
  #retentionMs(): number {
    try {
      return recordedRetentionMs(this.db);
    } catch (error) {
      if (isDamage(error)) return 0;
      throw error;
    }
  }

  /** Runs in the order a query walks them: oldest first for `asc`, newest first for `desc`. */
  #runsToScan(filter: LogFilter | undefined, runId: string | undefined, order: 'asc' | 'desc'): string[] {
    const only = runId ?? filter?.spec.runId;
    if (only !== undefined) return [only];
    const newestFirst = this.runs().map((run) => run.runId);
    return order === 'desc' ? newestFirst : newestFirst.reverse();
  }
}
