// The on-disk layout of the log history, shared by the writer worker (plain JS, see
// `writer-worker.js`) and the reader. Format 3 (PRAGMA user_version = 3) stores entries in
// blocks, not one row each:
//
// - `runs(run_key INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT UNIQUE, pipeline, started_at,
//   ended_at, entries)`: each run's id text is stored once, here.
// - `blocks` + `block_data`: one row each per block of up to BLOCK_ENTRIES consecutive
//   entries of one run, seq strictly increasing, exactly as the main thread packed them
//   (`batch-encoder.ts`): the numbers, tags, field-key indexes and piece lengths as BLOBs of
//   their typed arrays, and all strings of all entries as one BLOB of UTF-8 (`lengths` in
//   bytes; last, so a reader that needs no text never reads its pages). A BLOB, not TEXT:
//   the encoder writes UTF-8 on the main thread into a buffer it transfers to the worker, so
//   nothing is joined, cloned or converted; readers decode only the pieces they want. An
//   entry that is one line parsed on its own is stored as its `raw` alone, with the
//   `logging.format` that parses its message and fields back (`block-pack.js`): they would
//   hold its text a second time. The rowid of both is `run_key << SEQ_BITS | first
//   seq`, so a run is a rowid range and blocks lie in seq order. `blocks` is the directory:
//   small rows (`last_seq`, min/max `ts`, min/max `received_at`) that readers and retention
//   scan to skip blocks without opening them; 10 M entries make ~20 000 of them.
// - `block_summary(id, levels, components)`: per block (same rowid), which levels and which
//   component ids it holds (`block-summary.js`), so that a `-c`/`-l` query skips in SQL the
//   blocks that cannot match instead of opening all of them (`directory-filter.ts`). Over
//   10 M entries a component in 1 of 10 000 lines, or `-l error` as rare, took ~1.4 s to
//   read whole (every block opened); ~0.1 s with the summaries.
//   A block without a row (written before this table existed, or by an older flowctl) is
//   never pruned by these terms. Why a table of its own and no new `blocks` columns: an older
//   flowctl writing format 3 inserts `blocks` rows positionally (8 values), which extra
//   columns would make fail; with a side table its blocks simply have no summary, which is
//   correct (not known = not pruned), so no format bump is needed and older readers keep
//   reading. Why the ids as one delimited TEXT tested with instr(), not a (component,
//   block) WITHOUT ROWID index table: the directory is walked in seq order anyway (a
//   summary is one rowid lookup per block; ~20 000 for 10 M entries, a few ms), while an
//   index table costs a row per component per block: ~0.03 µs of SQLite per entry for 5
//   components a block against ~0.006 µs for the one TEXT row (measured side by side),
//   growing with the components.
// - `names(epoch, idx, name)`: the name table the tags and keys index into; each writer
//   session (an `epoch`) grows its own, as its encoder does.
//
// Why: format 1 (user_version 0, a row per entry in `entries` keyed by the TEXT (run_id, seq)
// with three more indexes) cost ~6 µs of writer CPU per entry, most of it SQLite's per-row
// work and rebuilding each row's columns; a block costs one insert for hundreds of entries,
// and the writer does no per-entry string work at all. Readers filter decoded entries with
// `LogFilter.matches` (the reference semantics of the directory's SQL terms). `up` moves a format-1 file aside
// (see `open-history.js`) and starts a new history; `flowctl logs` says why it cannot read it.

/** `PRAGMA user_version` of a history in this format. */
export const FORMAT = 3;
/**
 * Format 2 is format 3 without reparsed entries: read as is, and marked format 3 by the first
 * commit that writes into it (`block-writer.js`), so that an older flowctl refuses it then.
 */
export const OLDEST_READABLE_FORMAT = 2;
/**
 * Bits of the rowid that hold the seq: 2^40 ≈ 1.1e12 entries per run (73 days of 175 k lines/s
 * without a pause); the rest (2^23 runs) the run key. A seq past it fails its commit, reported.
 */
export const SEQ_BITS = 40;
/** Largest seq a row can hold. */
export const MAX_SEQ = 2 ** SEQ_BITS - 1;
/** Largest run key: 63-bit signed rowids. */
export const MAX_RUN_KEY = 2 ** (63 - SEQ_BITS) - 1;

/** Entries per block at most: big enough that per-block costs vanish, small enough that a `--tail` decodes little. */
export const BLOCK_ENTRIES = 512;

/**
 * Added to a history of format 3 that lacks it by the writer's first commit (a write, so not
 * while opening: see `open-history.js`); part of SCHEMA for a new one.
 */
export const SUMMARY_TABLE = `CREATE TABLE IF NOT EXISTS block_summary (id INTEGER PRIMARY KEY, levels INTEGER NOT NULL, components TEXT);`;

/**
 * Settings of the history that readers must know: `retention_ms`, the retention the last
 * writer enforced (0: keeps everything), so a reader (`flowctl logs` without the pipeline
 * file) leaves out what retention would have deleted by now. Created by the writer's
 * `beginRun` on an older history (a write, so not while opening); part of SCHEMA.
 */
export const META_TABLE = `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;`;

/** The retention recorded in the history (ms; 0 = keeps everything), or 0 without one. */
export function recordedRetentionMs(/** @type {import('better-sqlite3').Database} */ db) {
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() === undefined) return 0;
  const value = Number(db.prepare("SELECT value FROM meta WHERE key = 'retention_ms'").pluck().get() ?? 0);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** Whether this history has `block_summary` (see SUMMARY_TABLE). */
export function hasSummaries(/** @type {import('better-sqlite3').Database} */ db) {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'block_summary'").get() !== undefined;
}

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  run_key INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL UNIQUE, pipeline TEXT,
  started_at REAL NOT NULL, ended_at REAL, entries INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS blocks (
  id INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, count INTEGER NOT NULL,
  min_ts REAL NOT NULL, max_ts REAL NOT NULL, min_received REAL NOT NULL, max_received REAL NOT NULL,
  epoch INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS block_data (
  id INTEGER PRIMARY KEY, numbers BLOB NOT NULL, tags BLOB NOT NULL, keys BLOB NOT NULL,
  lengths BLOB NOT NULL, utf8 BLOB NOT NULL);
${SUMMARY_TABLE}
${META_TABLE}
CREATE TABLE IF NOT EXISTS names (
  epoch INTEGER NOT NULL, idx INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (epoch, idx)) WITHOUT ROWID;
PRAGMA user_version = ${FORMAT};
`;

/**
 * What the file at hand is: `empty` (new: create the schema), `current`, `old` (format 1),
 * `newer` (written by a later flowctl) or `foreign` (some other SQLite database).
 * @param {import('better-sqlite3').Database} db
 * @returns {{kind: 'empty' | 'current' | 'old' | 'foreign'} | {kind: 'newer', format: number}}
 */
export function formatOf(db) {
  const version = Number(db.pragma('user_version', {simple: true}));
  const tables = /** @type {string[]} */ (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all());
  if (version >= OLDEST_READABLE_FORMAT && version <= FORMAT) return tables.includes('blocks') ? {kind: 'current'} : {kind: 'foreign'};
  if (version > FORMAT) return {kind: 'newer', format: version};
  if (version === 0 && tables.includes('entries')) return {kind: 'old'};
  return tables.length === 0 && version === 0 ? {kind: 'empty'} : {kind: 'foreign'};
}

/** Why a file of this kind is not read, for messages; undefined when it is. */
export function unreadable(/** @type {ReturnType<typeof formatOf>} */ format) {
  switch (format.kind) {
    case 'empty':
    case 'current':
      return undefined;
    case 'old':
      return 'it was written by an older flowctl (history format 1); the next `flowctl up` moves it aside and starts a new one';
    case 'newer':
      return `it was written by a newer flowctl (history format ${format.format}; this one reads format ${FORMAT}): upgrade flowctl to read it`;
    case 'foreign':
      return 'it is not a flowctl log history (no blocks table)';
  }
}

/**
 * Whether `error` says the file is damaged: SQLite found pages that make no sense
 * (`SQLITE_CORRUPT` and its extended codes, "database disk image is malformed"), or a
 * block's BLOBs do not fit together (`block-pack.js` DamagedBlock, code
 * FLOWCTL_DAMAGED_BLOCK: SQLite never looks inside a BLOB). Not a locked or full disk, and
 * not `SQLITE_NOTADB` (no SQLite header: nothing says it is ours).
 */
export function isDamage(/** @type {unknown} */ error) {
  const code = typeof error === 'object' && error !== null ? /** @type {{code?: unknown}} */ (error).code : undefined;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'FLOWCTL_DAMAGED_BLOCK');
}

/**
 * Walks the small tables whole (runs, the block directory, names: ~1 MB for 10 M entries),
 * so that damage there is found when the file is opened, not halfway through a query or by
 * a commit. The block contents (most of the file) are not read: too slow for every start;
 * damage there is found when a write or a read touches it.
 * @param {import('better-sqlite3').Database} db
 */
export function checkStructure(db) {
  const tables = hasSummaries(db) ? ['runs', 'blocks', 'block_summary', 'names'] : ['runs', 'blocks', 'names'];
  for (const table of tables) db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
}
