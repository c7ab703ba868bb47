/**
 * Reads of the log history on a read-only connection of its own. WAL mode lets it read
 * while the writer worker (or another `flowctl up`) commits. Results are streamed in pages
 * keyed by `seq` (never OFFSET, which re-reads everything it skips), so the first page of a
 * query over millions of rows comes straight off an index, and a whole export never sits in
 * memory; the event loop gets a turn between pages.
 */
import Database from 'better-sqlite3';
import type {Database as Connection} from 'better-sqlite3';
import {isLevel, type ComponentType, type LogEntry, type Stream} from '../entry.js';
import type {LogFilter} from '../api.js';
import {sqlRegexp} from '../filter.js';
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

interface Row {
  run_id: string;
  seq: number;
  component_id: string;
  component_type: string;
  stream: string;
  ts: number;
  received_at: number;
  level: string;
  message: string;
  fields: string;
  raw: string;
  restart: number;
  truncated: number;
}

export class StoreReader {
  private constructor(private readonly db: Connection) {}

  /** Opens `path` read-only; it must already be a flowctl history. */
  static open(path: string, busyTimeoutMs: number): Result<StoreReader, string> {
    let db: Connection | undefined;
    try {
      db = new Database(path, {readonly: true, fileMustExist: true, timeout: busyTimeoutMs});
      db.function('regexp', {deterministic: true}, sqlRegexp);
      const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'").get();
      if (table === undefined) {
        db.close();
        return err('it is not a flowctl log history (no entries table)');
      }
      return ok(new StoreReader(db));
    } catch (error) {
      db?.close();
      return err(error instanceof Error ? error.message : String(error));
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

  /**
   * The query plan SQLite picks for the first page of `filter` over one run (EXPLAIN QUERY
   * PLAN details), and whether the reader walks it in seq windows. For tests and diagnosis.
   */
  plan(filter: LogFilter | undefined, options: {runId: string; order?: 'asc' | 'desc'}): {details: string[]; windowed: boolean} {
    const shape = this.#shape(filter, options.order ?? 'asc', false);
    const start = (options.order ?? 'asc') === 'asc' ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
    const details = (this.db.prepare(`EXPLAIN QUERY PLAN ${shape.sql}`).all(options.runId, start, ...shape.params, 1000) as {detail: string}[]).map((row) => row.detail);
    return {details, windowed: shape.residual && walksInSeqOrder(details)};
  }

  /**
   * Pages of matches in seq order. When SQLite can only answer by walking the run in seq order
   * and testing each row (a regex, a field, several levels: no index narrows it), one
   * `LIMIT pageSize` statement would not return before it found a whole page, which for a rare
   * match means reading the whole history first. So such scans go through bounded seq windows
   * instead, sized adaptively to about WINDOW_TARGET_MS each: the event loop gets a turn
   * between windows, and what has been found is handed out after YIELD_AFTER_MS even if the
   * page is not full. Scans an index narrows (component, level, time) page straight off it.
   */
  async *#scan(filter: LogFilter | undefined, options: QueryOptions): AsyncGenerator<LogEntry[]> {
    const order = options.order ?? 'asc';
    const pageSize = Math.max(1, options.pageSize ?? 1000);
    const budget = {remaining: options.limit ?? Number.POSITIVE_INFINITY};
    for (const runId of this.#runsToScan(filter, options.runId, order)) {
      const plan = this.plan(filter, {runId, order});
      const pages = plan.windowed ? this.#windows(filter, runId, options, pageSize, budget) : this.#pages(filter, runId, options, pageSize, budget);
      for await (const page of pages) yield page;
      if (budget.remaining <= 0) return;
    }
  }

  /** Pages keyed by seq (never OFFSET, which re-reads everything it skips). */
  async *#pages(filter: LogFilter | undefined, runId: string, options: QueryOptions, pageSize: number, budget: {remaining: number}): AsyncGenerator<LogEntry[]> {
    const order = options.order ?? 'asc';
    const far = order === 'asc' ? options.beforeSeq : options.afterSeq;
    const shape = this.#shape(filter, order, false, far !== undefined);
    const statement = this.db.prepare(shape.sql);
    let cursor = (order === 'asc' ? options.afterSeq : options.beforeSeq) ?? (order === 'asc' ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER);
    while (budget.remaining > 0) {
      const size = Math.min(pageSize, budget.remaining);
      const rows = statement.all(runId, cursor, ...shape.params, ...(far === undefined ? [] : [far]), size) as Row[];
      if (rows.length === 0) return;
      budget.remaining -= rows.length;
      cursor = rows[rows.length - 1]?.seq ?? cursor;
      yield rows.map(toEntry);
      if (rows.length < size) return;
      // Let the event loop breathe between pages of a long scan.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Seq windows of adaptive span over the run (see #scan). */
  async *#windows(filter: LogFilter | undefined, runId: string, options: QueryOptions, pageSize: number, budget: {remaining: number}): AsyncGenerator<LogEntry[]> {
    const asc = (options.order ?? 'asc') === 'asc';
    const bounds = this.db.prepare('SELECT min(seq) AS lo, max(seq) AS hi FROM entries WHERE run_id = ?').get(runId) as {lo: number | null; hi: number | null};
    if (bounds.lo === null || bounds.hi === null) return;
    // The open interval (low, high) still to scan.
    let low = Math.max(bounds.lo - 1, options.afterSeq ?? Number.MIN_SAFE_INTEGER);
    let high = Math.min(bounds.hi + 1, options.beforeSeq ?? Number.MAX_SAFE_INTEGER);
    const shape = this.#shape(filter, asc ? 'asc' : 'desc', true);
    const statement = this.db.prepare(shape.sql);
    let span = WINDOW_START_SPAN;
    let pending: LogEntry[] = [];
    let lastYield = now();
    while (high - low > 1 && budget.remaining > 0) {
      const want = Math.min(pageSize - pending.length, budget.remaining);
      // Ascending: seq in (low, windowEnd]; descending: seq in [windowStart, high).
      const [from, to] = asc ? [low, Math.min(high - 1, low + span)] : [Math.max(low + 1, high - span), high];
      const started = now();
      const rows = statement.all(runId, from, to, ...shape.params, want) as Row[];
      const took = now() - started;
      budget.remaining -= rows.length;
      for (const row of rows) pending.push(toEntry(row));
      const full = rows.length === want;
      const last = rows[rows.length - 1]?.seq;
      if (asc) low = full && last !== undefined ? last : to;
      else high = full && last !== undefined ? last : from;
      if (!full && took < WINDOW_TARGET_MS / 2) span = Math.min(span * 2, WINDOW_MAX_SPAN);
      else if (took > WINDOW_TARGET_MS * 2) span = Math.max(WINDOW_MIN_SPAN, Math.floor(span / 2));
      if (pending.length >= pageSize || (pending.length > 0 && now() - lastYield >= YIELD_AFTER_MS)) {
        yield pending;
        pending = [];
        lastYield = now();
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (pending.length > 0) yield pending;
  }

  /**
   * The page statement: `(run_id, cursor[, window end], ...filter params[, far bound], limit)`.
   * Windowed: `seq > ? AND seq <= ?` (asc) or `seq >= ? AND seq < ?` (desc).
   */
  #shape(filter: LogFilter | undefined, order: 'asc' | 'desc', windowed: boolean, farBound = false): {sql: string; params: unknown[]; residual: boolean} {
    const {where, params} = filter?.toSql() ?? {where: '1', params: []};
    const asc = order === 'asc';
    const range = windowed ? (asc ? 'seq > ? AND seq <= ?' : 'seq >= ? AND seq < ?') : `seq ${asc ? '>' : '<'} ?`;
    // The far bound of an unwindowed page (beforeSeq going up, afterSeq going down) follows the filter's params.
    const far = farBound && !windowed ? ` AND seq ${asc ? '<' : '>'} ?` : '';
    const sql = `SELECT * FROM entries WHERE run_id = ? AND ${range} AND (${where})${far} ORDER BY seq ${asc ? 'ASC' : 'DESC'} LIMIT ?`;
    return {sql, params, residual: where !== '1'};
  }

  /** Runs in the order a query walks them: oldest first for `asc`, newest first for `desc`. */
  #runsToScan(filter: LogFilter | undefined, runId: string | undefined, order: 'asc' | 'desc'): string[] {
    const only = runId ?? filter?.spec.runId;
    if (only !== undefined) return [only];
    const newestFirst = this.runs().map((run) => run.runId);
    return order === 'desc' ? newestFirst : newestFirst.reverse();
  }
}

/** Seq span of the first window; it doubles while windows come back fast and empty-handed. */
const WINDOW_START_SPAN = 4096;
const WINDOW_MIN_SPAN = 256;
const WINDOW_MAX_SPAN = 1 << 22;
/** About how long one window statement should hold the thread. */
const WINDOW_TARGET_MS = 20;
/** Matches found are handed out after this long even if the page is not full. */
const YIELD_AFTER_MS = 25;
const now = (): number => performance.now();

/**
 * Whether a plan walks the run by the primary key (run_id, seq) in order, testing the filter
 * on each row, rather than narrowing the rows with another index.
 */
function walksInSeqOrder(details: readonly string[]): boolean {
  const access = details.find((detail) => /^(SEARCH|SCAN) entries\b/.test(detail));
  if (access === undefined) return false;
  return /^SCAN entries$/.test(access) || /USING (COVERING )?INDEX sqlite_autoindex_entries_1 |USING PRIMARY KEY|USING INTEGER PRIMARY KEY/.test(access);
}

function toEntry(row: Row): LogEntry {
  return {
    seq: row.seq,
    componentId: row.component_id,
    componentType: row.component_type as ComponentType,
    stream: row.stream as Stream,
    timestamp: row.ts,
    receivedAt: row.received_at,
    level: isLevel(row.level) ? row.level : 'unknown',
    message: row.message,
    fields: JSON.parse(row.fields) as Record<string, string>,
    raw: row.raw,
    runId: row.run_id,
    restart: row.restart,
    truncated: row.truncated !== 0,
  };
}
