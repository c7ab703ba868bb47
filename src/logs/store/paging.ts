/**
 * How the reader walks one run of the history for a filter, page by page in seq order, so
 * that the first page of a query over millions of rows comes back in milliseconds and the
 * event loop gets a turn between pages. SQLite's own plan for the filter decides the way:
 *
 * - `pages`: an index hands out the matches in seq order (a component, one level) or nothing
 *   is filtered: `seq > cursor … LIMIT pageSize`, keyed by seq (never OFFSET, which re-reads
 *   everything it skips).
 * - `candidates`: an index narrows the rows but not in seq order (a time range, a minimum
 *   level), so every page would sort all the remaining matches again. Their seqs are
 *   collected once (up to CANDIDATE_LIMIT), then the rows fetched by seq a page at a time.
 * - `windows`: nothing narrows the rows (a regex, a field, several levels): the run is read in
 *   order and each row tested. One `LIMIT pageSize` statement would not return before it found
 *   a whole page, which for a rare match means reading all of the history first. So the scan
 *   goes through seq windows sized to take about WINDOW_TARGET_MS each, and what has been
 *   found is handed out after YIELD_AFTER_MS even when the page is not full.
 */
import type {Database as Connection, Statement} from 'better-sqlite3';
import type {LogFilter} from '../api.js';

export type Order = 'asc' | 'desc';

/** The rows a scan returns, as stored (`SELECT *`). */
export interface Row {
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

export interface ScanRange {
  runId: string;
  order: Order;
  /** Only seq > afterSeq / seq < beforeSeq. */
  afterSeq?: number | undefined;
  beforeSeq?: number | undefined;
  pageSize: number;
}

export type PagingKind = 'pages' | 'candidates' | 'windows';

/** Matches kept in memory (as seqs) by a `candidates` scan; past it the scan uses windows. */
export const CANDIDATE_LIMIT = 1_000_000;
/** Seq span of the first window; it doubles while windows come back quickly with room to spare. */
const WINDOW_START_SPAN = 4096;
const WINDOW_MIN_SPAN = 256;
const WINDOW_MAX_SPAN = 1 << 22;
/** About how long one window statement should hold the thread. */
const WINDOW_TARGET_MS = 20;
/** Matches found are handed out after this long even if the page is not full. */
const YIELD_AFTER_MS = 25;
const now = (): number => performance.now();
const breathe = (): Promise<unknown> => new Promise((resolve) => setImmediate(resolve));

/** The `where` of a filter, with its parameters. */
function whereOf(filter: LogFilter | undefined): {where: string; params: unknown[]} {
  return filter?.toSql() ?? {where: '1', params: []};
}

/**
 * EXPLAIN QUERY PLAN of a first page of `filter` over `runId`, and how the reader pages it.
 * Exposed for tests and diagnosis: the index a query shape needs shows in `details`.
 */
export function explainScan(db: Connection, filter: LogFilter | undefined, runId: string, order: Order): {details: string[]; kind: PagingKind} {
  const {where, params} = whereOf(filter);
  const asc = order === 'asc';
  const sql = `SELECT * FROM entries WHERE run_id = ? AND seq ${asc ? '>' : '<'} ? AND (${where}) ORDER BY seq ${asc ? 'ASC' : 'DESC'} LIMIT ?`;
  const start = asc ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  const details = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(runId, start, ...params, 1000) as {detail: string}[]).map((row) => row.detail);
  if (where === '1') return {details, kind: 'pages'};
  if (walksInSeqOrder(details)) return {details, kind: 'windows'};
  return {details, kind: details.some((detail) => detail.includes('TEMP B-TREE FOR ORDER BY')) ? 'candidates' : 'pages'};
}

/**
 * Whether a plan reads the run through the primary key (run_id, seq), in order, testing the
 * filter on each row, rather than narrowing the rows with another index.
 */
function walksInSeqOrder(details: readonly string[]): boolean {
  const access = details.find((detail) => /^(SEARCH|SCAN) entries\b/.test(detail));
  if (access === undefined) return false;
  return /^SCAN entries$/.test(access) || /USING (COVERING )?INDEX sqlite_autoindex_entries_1 /.test(access);
}

/**
 * Pages of matching rows of one run in `range.order`, at most `budget.remaining` rows in all
 * (decremented as rows are handed out). `clock` (ms) paces the windows; injectable for tests.
 */
export async function* scanRun(db: Connection, filter: LogFilter | undefined, range: ScanRange, budget: {remaining: number}, clock: () => number = now): AsyncGenerator<Row[]> {
  const {kind} = explainScan(db, filter, range.runId, range.order);
  switch (kind) {
    case 'pages':
      yield* pages(db, filter, range, budget);
      return;
    case 'candidates': {
      const seqs = candidateSeqs(db, filter, range);
      if (seqs === undefined) yield* windows(db, filter, range, budget, clock);
      else yield* byCandidates(db, range, seqs, budget);
      return;
    }
    case 'windows':
      yield* windows(db, filter, range, budget, clock);
      return;
  }
}

async function* pages(db: Connection, filter: LogFilter | undefined, range: ScanRange, budget: {remaining: number}): AsyncGenerator<Row[]> {
  const {where, params} = whereOf(filter);
  const asc = range.order === 'asc';
  const far = asc ? range.beforeSeq : range.afterSeq;
  const statement = db.prepare(
    `SELECT * FROM entries WHERE run_id = ? AND seq ${asc ? '>' : '<'} ?${far === undefined ? '' : ` AND seq ${asc ? '<' : '>'} ?`}
      AND (${where}) ORDER BY seq ${asc ? 'ASC' : 'DESC'} LIMIT ?`,
  );
  let cursor = (asc ? range.afterSeq : range.beforeSeq) ?? (asc ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER);
  while (budget.remaining > 0) {
    const size = Math.min(range.pageSize, budget.remaining);
    const rows = statement.all(range.runId, cursor, ...(far === undefined ? [] : [far]), ...params, size) as Row[];
    if (rows.length === 0) return;
    budget.remaining -= rows.length;
    cursor = rows[rows.length - 1]?.seq ?? cursor;
    yield rows;
    if (rows.length < size) return;
    await breathe();
  }
}

/** Every matching seq in order (one sort), or undefined when there are more than CANDIDATE_LIMIT. */
function candidateSeqs(db: Connection, filter: LogFilter | undefined, range: ScanRange): number[] | undefined {
  const {where, params} = whereOf(filter);
  const statement = db
    .prepare(`SELECT seq FROM entries WHERE run_id = ? AND seq > ? AND seq < ? AND (${where}) ORDER BY seq ${range.order === 'asc' ? 'ASC' : 'DESC'} LIMIT ?`)
    .pluck();
  const seqs = statement.all(range.runId, range.afterSeq ?? Number.MIN_SAFE_INTEGER, range.beforeSeq ?? Number.MAX_SAFE_INTEGER, ...params, CANDIDATE_LIMIT + 1) as number[];
  return seqs.length > CANDIDATE_LIMIT ? undefined : seqs;
}

async function* byCandidates(db: Connection, range: ScanRange, seqs: readonly number[], budget: {remaining: number}): AsyncGenerator<Row[]> {
  const statement = db.prepare(
    `SELECT * FROM entries WHERE run_id = ? AND seq IN (SELECT value FROM json_each(?)) ORDER BY seq ${range.order === 'asc' ? 'ASC' : 'DESC'}`,
  );
  for (let i = 0; i < seqs.length && budget.remaining > 0; i += range.pageSize) {
    const chunk = seqs.slice(i, i + Math.min(range.pageSize, budget.remaining));
    const rows = statement.all(range.runId, JSON.stringify(chunk)) as Row[];
    budget.remaining -= rows.length;
    if (rows.length > 0) yield rows;
    await breathe();
  }
}

async function* windows(db: Connection, filter: LogFilter | undefined, range: ScanRange, budget: {remaining: number}, clock: () => number): AsyncGenerator<Row[]> {
  const asc = range.order === 'asc';
  // Two statements: SQLite answers a lone min() or max() with one index probe, but both in
  // one SELECT with a walk over the whole run.
  const lo = db.prepare('SELECT min(seq) FROM entries WHERE run_id = ?').pluck().get(range.runId) as number | null;
  const hi = db.prepare('SELECT max(seq) FROM entries WHERE run_id = ?').pluck().get(range.runId) as number | null;
  if (lo === null || hi === null) return;
  // The open interval (low, high) still to read.
  let low = Math.max(lo - 1, range.afterSeq ?? Number.MIN_SAFE_INTEGER);
  let high = Math.min(hi + 1, range.beforeSeq ?? Number.MAX_SAFE_INTEGER);
  const statement = windowStatement(db, filter, range.order);
  let span = WINDOW_START_SPAN;
  let pending: Row[] = [];
  let lastYield = clock();
  while (high - low > 1 && budget.remaining > 0) {
    const want = Math.min(range.pageSize - pending.length, budget.remaining);
    // Ascending: seq in (low, to]; descending: seq in [from, high).
    const [from, to] = asc ? [low, Math.min(high - 1, low + span)] : [Math.max(low + 1, high - span), high];
    const started = clock();
    const rows = statement.run(range.runId, from, to, want);
    const took = clock() - started;
    budget.remaining -= rows.length;
    for (const row of rows) pending.push(row);
    const full = rows.length === want;
    const last = rows[rows.length - 1]?.seq;
    if (asc) low = full && last !== undefined ? last : to;
    else high = full && last !== undefined ? last : from;
    if (!full && took < WINDOW_TARGET_MS / 2) span = Math.min(span * 2, WINDOW_MAX_SPAN);
    else if (took > WINDOW_TARGET_MS * 2) span = Math.max(WINDOW_MIN_SPAN, Math.floor(span / 2));
    if (pending.length >= range.pageSize || (pending.length > 0 && clock() - lastYield >= YIELD_AFTER_MS)) {
      yield pending;
      pending = [];
      lastYield = clock();
    }
    await breathe();
  }
  if (pending.length > 0) yield pending;
}

/**
 * One window: `seq > from AND seq <= to` (asc) or `seq >= from AND seq < to` (desc). Pinned to
 * the primary key: with a seq window in the WHERE the planner may otherwise prefer, say, the
 * time index and sort the whole time range for every window.
 */
function windowStatement(db: Connection, filter: LogFilter | undefined, order: Order): {run(runId: string, from: number, to: number, limit: number): Row[]} {
  const {where, params} = whereOf(filter);
  const asc = order === 'asc';
  const primaryKey = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries' AND name = 'sqlite_autoindex_entries_1'").pluck().get();
  const pin = typeof primaryKey === 'string' ? ` INDEXED BY ${primaryKey}` : '';
  const statement: Statement = db.prepare(
    `SELECT * FROM entries${pin} WHERE run_id = ? AND ${asc ? 'seq > ? AND seq <= ?' : 'seq >= ? AND seq < ?'} AND (${where})
      ORDER BY seq ${asc ? 'ASC' : 'DESC'} LIMIT ?`,
  );
  return {run: (runId, from, to, limit) => statement.all(runId, from, to, ...params, limit) as Row[]};
}
