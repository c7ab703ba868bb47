/**
 * How the reader walks one run of the history for a filter, page by page in seq order, so
 * that the first page of a query over millions of entries comes back in milliseconds and the
 * event loop gets a turn while it goes on.
 *
 * A run is a rowid range of `blocks` (see `schema.js`), blocks in seq order without overlap.
 * The block directory (seq and time bounds, no contents) is read a few rows at a time and
 * pruned in SQL by the seq range, the filter's time window, and its component and level terms
 * against each block's summary (`directory-filter.ts`); each remaining block is opened
 * and its entries tested with `LogFilter.matches` (the filter's reference semantics) on a
 * probe that cuts text only when a term needs it. Matches found are handed out when a page is
 * full or YIELD_AFTER_MS after the last page, so a rare match is seen before the scan ends;
 * a scan that has found nothing for that long hands out an empty page, so a consumer that
 * wants to stop (Ctrl+C, SIGTERM: `flowctl logs` checks between pages) is asked in time,
 * not when a scan of millions of entries for a term that never matches ends.
 */
import type {Database as Connection, Statement} from 'better-sqlite3';
import type {LogEntry} from '../entry.js';
import type {LogFilter} from '../api.js';
import {BlockEntries, maxNameIndex, namesProblem} from './block-entries.js';
import {hasSummaries, MAX_SEQ, SEQ_BITS} from './schema.js';
import {directoryTerms, type DirectoryTerms} from './directory-filter.js';
import {Damage, damageMarker, readOrDamage} from './damage.js';
import {unpackBlock, type BlockDirectory, type StoredBlock} from './block-pack.js';
import {linesLackAll} from './text-skip.js';

export type Order = 'asc' | 'desc';

export interface ScanRange {
  runId: string;
  order: Order;
  /** Only seq > afterSeq / seq < beforeSeq. */
  afterSeq?: number | undefined;
  beforeSeq?: number | undefined;
  pageSize: number;
  /**
   * Only entries received at or after this (ms): the history's retention, which a reader
   * applies itself since the writer deletes expired entries only every so often.
   */
  receivedSince?: number | undefined;
}

/** Directory rows read per statement: a `--tail` opens one block, a long scan reads on. */
const DIRECTORY_PAGE = 32;
/** Matches found are handed out after this long even if the page is not full. */
const YIELD_AFTER_MS = 25;
/** The event loop gets a turn after this much scanning. */
const BREATHE_AFTER_MS = 20;
const now = (): number => performance.now();
const breathe = (): Promise<unknown> => new Promise((resolve) => setImmediate(resolve));

interface DirectoryRow {
  first: number;
  last_seq: number;
  count: number;
  min_ts: number;
  max_ts: number;
  min_received: number;
  max_received: number;
  epoch: number;
}

/** The statements of one connection, prepared once. */
export class BlockSource {
  readonly #runKey: Statement;
  readonly #startBlock: Statement;
  /** Directory statements by their SQL: one without summary terms per order, one per shape of terms. */
  readonly #directory = new Map<string, Statement>();
  /** Whether the file has `block_summary` (an older history gains it with its writer's first commit). */
  #summaries = false;
  readonly #contents: Statement;
  readonly #directoryRow: Statement;
  readonly #text: Statement;
  readonly #numbersAndText: Statement;
  readonly #names: Statement;
  /** Name tables by epoch; an epoch still being written is reloaded when a block needs more. */
  readonly #nameTables = new Map<number, string[]>();

  constructor(private readonly db: Connection) {
    this.#runKey = db.prepare('SELECT run_key FROM runs WHERE run_id = ?').pluck();
    this.#startBlock = db
      .prepare(`SELECT id & ${MAX_SEQ} FROM blocks WHERE id >= (@key << ${SEQ_BITS}) AND id <= (@key << ${SEQ_BITS}) + @seq ORDER BY id DESC LIMIT 1`)
      .pluck();
    // length(utf8) reads the size from the row's header, not the text's pages.
    this.#contents = db.prepare(
      `SELECT numbers, tags, keys, lengths, CASE WHEN typeof(utf8) = 'blob' THEN length(utf8) END AS textBytes
        FROM block_data WHERE id = (@key << ${SEQ_BITS}) + @first`,
    );
    // The block's directory row again, in the same read transaction as its contents: the one
    // from the directory page may be older than a retention pass that trimmed the block since.
    // Read only when the contents do not fit the page's row (joined on every block, it cost
    // ~10 % of a full scan).
    this.#directoryRow = db.prepare(
      `SELECT last_seq, count, min_ts, max_ts, min_received, max_received FROM blocks WHERE id = (@key << ${SEQ_BITS}) + @first`,
    );
    this.#text = db.prepare(`SELECT utf8 FROM block_data WHERE id = (@key << ${SEQ_BITS}) + @first`).pluck();
    this.#numbersAndText = db.prepare(`SELECT numbers, utf8 AS text FROM block_data WHERE id = (@key << ${SEQ_BITS}) + @first`);
    this.#names = db.prepare('SELECT name FROM names WHERE epoch = ? ORDER BY idx').pluck();
  }

  /**
   * Whether the block `row` names can be passed over for a filter whose matches hold one of
   * `pieces` (`text-skip.ts`); else its text, read for that, to open it with.
   */
  passOver(key: number, row: DirectoryRow, pieces: readonly RegExp[]): {pass: true} | {pass: false; text: unknown} {
    const stored = this.#numbersAndText.get({key, first: row.first}) as {numbers: unknown; text: unknown} | undefined;
    if (stored === undefined) return {pass: false, text: undefined};
    return linesLackAll(stored.numbers, stored.text, row.count, pieces) ? {pass: true} : {pass: false, text: stored.text};
  }

  runKey(runId: string): number | undefined {
    return this.#runKey.get(runId) as number | undefined;
  }

  /** The first seq of the block holding `seq` (or the last before it), if any. */
  blockStart(key: number, seq: number): number | undefined {
    return this.#startBlock.get({key, seq}) as number | undefined;
  }

  /** The next directory rows of a run in `order`; `terms` prune by the blocks' summaries where the file has them. */
  directory(
    order: Order,
    params: {key: number; cursor: number; high: number; low: number; since: number; until: number; received?: number},
    terms?: DirectoryTerms,
  ): DirectoryRow[] {
    // Clamped to a run's seqs: past them `(key << SEQ_BITS) + seq` would reach the next run.
    const clamp = (seq: number): number => Math.min(MAX_SEQ + 1, Math.max(-1, seq));
    const {key, since, until} = params;
    const received = params.received ?? Number.NEGATIVE_INFINITY;
    const [cursor, high, low] = [clamp(params.cursor), clamp(params.high), clamp(params.low)];
    if (terms !== undefined && !this.#summaries) this.#summaries = hasSummaries(this.db);
    const pruned = this.#summaries ? terms : undefined;
    const sql = directorySql(order, pruned);
    let statement = this.#directory.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.#directory.set(sql, statement);
    }
    const bounds = order === 'asc' ? {key, cursor, high, low, since, until, received} : {key, cursor, low, since, until, received};
    return statement.all({...bounds, ...pruned?.params}) as DirectoryRow[];
  }

  /**
   * The block `row` names, or why its contents cannot be read (`unpackBlock`, `namesProblem`);
   * undefined if it is gone. `preloaded`: its text, if `passOver` read it already.
   */
  open(key: number, row: DirectoryRow, runId: string, preloaded?: unknown): BlockEntries | Damage | undefined {
    const stored = this.#contents.get({key, first: row.first}) as (StoredBlock & {textBytes: unknown}) | undefined;
    if (stored === undefined) return undefined;
    const textBytes = stored.textBytes;
    if (typeof textBytes !== 'number') return new Damage(`a block's text is not a BLOB`);
    let unpacked = unpackBlock(stored, directoryOf(row, textBytes));
    if (!unpacked.ok) {
      const now = this.#directoryRow.get({key, first: row.first}) as Omit<DirectoryRow, 'first' | 'epoch'> | undefined;
      if (now === undefined) return undefined;
      unpacked = unpackBlock(stored, directoryOf({...row, ...now}, textBytes));
    }
    if (!unpacked.ok) return new Damage(`a block's contents do not fit together: ${unpacked.error}`);
    // Read in the same transaction as the rest of the block (see `scanRun`): it is there.
    const loadText = (): Uint8Array => {
      const text = preloaded instanceof Uint8Array ? preloaded : (this.#text.get({key, first: row.first}) as unknown);
      if (text === undefined) throw new Error(`Internal error: block ${row.first} of run ${runId} has no text`);
      // Checked a BLOB by `open`, in the same transaction.
      if (!(text instanceof Uint8Array)) throw new Error(`Internal error: block ${row.first} of run ${runId}: its text is no longer a BLOB`);
      return text;
    };
    let names = this.#nameTable(row.epoch, false);
    if (maxNameIndex(unpacked.value) >= names.length) names = this.#nameTable(row.epoch, true);
    const wrong = namesProblem(unpacked.value, names);
    if (wrong !== undefined) return new Damage(`a block's names do not fit: ${wrong}`);
    return new BlockEntries(unpacked.value, names, runId, loadText);
  }

  #nameTable(epoch: number, reload: boolean): string[] {
    let names = this.#nameTables.get(epoch);
    if (names === undefined || reload) {
      names = this.#names.all(epoch) as string[];
      this.#nameTables.set(epoch, names);
    }
    return names;
  }

  get connection(): Connection {
    return this.db;
  }
}

/** What `unpackBlock` checks a block against, from its directory row. */
function directoryOf(row: Omit<DirectoryRow, 'epoch'>, textBytes: number): BlockDirectory {
  return {
    firstSeq: row.first, lastSeq: row.last_seq, count: row.count, minTs: row.min_ts, maxTs: row.max_ts,
    minReceived: row.min_received, maxReceived: row.max_received, textBytes,
  };
}

/** The directory query: a run's blocks from `@cursor` on in `order`, by seq and time, and by summary when `terms` are given. */
function directorySql(order: Order, terms: DirectoryTerms | undefined): string {
  const range = order === 'asc'
    ? `blocks.id >= (@key << ${SEQ_BITS}) + @cursor AND blocks.id < (@key << ${SEQ_BITS}) + @high`
    : `blocks.id >= (@key << ${SEQ_BITS}) AND blocks.id < (@key << ${SEQ_BITS}) + @cursor`;
  const summary = terms === undefined ? '' : ' LEFT JOIN block_summary s ON s.id = blocks.id';
  const pruned = terms === undefined ? '' : ` AND ${terms.sql}`;
  return `SELECT blocks.id & ${MAX_SEQ} AS first, last_seq, count, min_ts, max_ts, min_received, max_received, epoch FROM blocks${summary}
    WHERE ${range} AND last_seq > @low AND max_ts >= @since AND min_ts < @until AND max_received >= @received${pruned}
    ORDER BY blocks.id ${order === 'asc' ? 'ASC' : 'DESC'} LIMIT ${DIRECTORY_PAGE}`;
}

/**
 * Pages of matching entries of one run in `range.order`, at most `budget.remaining` in all
 * (decremented as entries are handed out). `clock` (ms) paces the pages; injectable for tests.
 */
export async function* scanRun(
  source: BlockSource,
  filter: LogFilter | undefined,
  range: ScanRange,
  budget: {remaining: number},
  clock: () => number = now,
): AsyncGenerator<LogEntry[]> {
  if (budget.remaining <= 0) return;
  const key = readOrDamage(() => source.runKey(range.runId));
  if (key instanceof Damage) {
    yield [damageMarker(range.runId, `run ${range.runId}`, key, Date.now(), 0)];
    return;
  }
  if (key === undefined) return;
  const asc = range.order === 'asc';
  // The open interval (low, high) of seqs wanted.
  const low = Math.max(-1, range.afterSeq ?? -1);
  const high = Math.min(MAX_SEQ + 1, range.beforeSeq ?? MAX_SEQ + 1);
  if (high - low <= 1) return;
  const terms = directoryTerms(filter);
  const pieces = filter?.includePieces;
  const since = filter?.sinceMs ?? Number.NEGATIVE_INFINITY;
  const until = filter?.untilMs ?? Number.POSITIVE_INFINITY;
  const received = range.receivedSince ?? Number.NEGATIVE_INFINITY;
  // Ascending from the block that holds `low + 1`; descending from below `high`.
  const start = asc ? readOrDamage(() => source.blockStart(key, Math.max(0, low + 1)) ?? 0) : high;
  if (start instanceof Damage) {
    yield [damageMarker(range.runId, `run ${range.runId}`, start, Date.now(), 0)];
    return;
  }
  let cursor = start;
  // One block's reads in one read transaction: retention (another connection) may delete the
  // block between them otherwise. Synchronous, so no transaction is held across a yield.
  const readBlock = source.connection.transaction((row: DirectoryRow, most: number): LogEntry[] | Damage => {
    const found: LogEntry[] = [];
    let text: unknown;
    if (pieces !== undefined) {
      const over = source.passOver(key, row, pieces);
      if (over.pass) return found;
      text = over.text;
    }
    const block = source.open(key, row, range.runId, text);
    if (block === undefined || block instanceof Damage) return block ?? found;
    for (let n = 0; n < block.count && found.length < most; n++) {
      const i = asc ? n : block.count - 1 - n;
      const seq = block.seqAt(i);
      if (!(seq > low && seq < high)) continue;
      if (block.receivedAtAt(i) < received) continue;
      if (filter !== undefined && !filter.matches(block.probe(i))) continue;
      found.push(block.entryAt(i));
    }
    return found;
  });
  let pending: LogEntry[] = [];
  let lastYield = clock();
  let lastBreath = clock();
  for (;;) {
    const rows = readOrDamage(() => source.directory(range.order, {key, cursor, high, low, since, until, received}, terms));
    if (rows instanceof Damage) {
      // Where the directory is damaged, nothing says which blocks come next: the run ends here.
      const last = pending.at(-1);
      pending.push(damageMarker(range.runId, `the rest of run ${range.runId}`, rows, last?.timestamp ?? Date.now(), asc ? cursor : 0));
      break;
    }
    if (rows.length === 0) break;
    for (const row of rows) {
      const found = readOrDamage(() => readBlock(row, budget.remaining));
      if (found instanceof Damage) {
        // One damaged block: marked where it is missing, and the scan goes on past it.
        const what = `${row.count} entries of run ${range.runId} (seq ${row.first}–${row.last_seq})`;
        pending.push(damageMarker(range.runId, what, found, row.min_ts, row.first));
        continue;
      }
      for (const entry of found) pending.push(entry);
      budget.remaining -= found.length;
      if (budget.remaining <= 0) {
        yield* pagesOf(pending, range.pageSize);
        return;
      }
      if (pending.length >= range.pageSize || (pending.length > 0 && clock() - lastYield >= YIELD_AFTER_MS)) {
        const full = pending.length - (pending.length % range.pageSize);
        yield* pagesOf(full > 0 ? pending.slice(0, full) : pending, range.pageSize);
        pending = full > 0 ? pending.slice(full) : [];
        lastYield = clock();
      }
      if (clock() - lastBreath >= BREATHE_AFTER_MS) {
        await breathe();
        lastBreath = clock();
        if (pending.length === 0 && lastBreath - lastYield >= YIELD_AFTER_MS) {
          yield [];
          lastYield = clock();
        }
      }
    }
    const last = rows[rows.length - 1] as DirectoryRow;
    cursor = asc ? last.first + 1 : last.first;
  }
  yield* pagesOf(pending, range.pageSize);
}

function* pagesOf(entries: LogEntry[], pageSize: number): Generator<LogEntry[]> {
  for (let i = 0; i < entries.length; i += pageSize) yield entries.slice(i, i + pageSize);
}
