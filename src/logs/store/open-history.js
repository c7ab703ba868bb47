// Opening the history for writing, in the writer worker: the writer lock, the pragmas, the
// format check, and moving aside a format-1 history or a damaged one. Plain JavaScript for
// the same reason as `writer-worker.js`.
import {existsSync, renameSync} from 'node:fs';
import Database from 'better-sqlite3';
import {checkStructure, FORMAT, formatOf, isDamage, OLDEST_READABLE_FORMAT, SCHEMA, unreadable} from './schema.js';

/**
 * Takes the writer lock and opens (creating or upgrading) the history at `path`, then runs
 * `setUp` on it (the session's statements: it reads the file too). A history found damaged
 * meanwhile is moved aside and a new one started, said in `notice`. Throws with a message
 * fit for "cannot open log history at <path>: <message>".
 * @template T
 * @param {{path: string, busyTimeoutMs: number, now?: () => Date}} options
 * @param {(db: import('better-sqlite3').Database) => T} setUp
 * @returns {{lock: import('better-sqlite3').Database, db: import('better-sqlite3').Database, notice: string | undefined, session: T}}
 */
export function openForWriting({path, busyTimeoutMs, now = () => new Date()}, setUp) {
  let lock;
  let db;
  try {
    lock = takeWriterLock(path, busyTimeoutMs);
    let notice;
    try {
      ({db, notice} = openHistory(path, busyTimeoutMs, now));
      return {lock, db, notice, session: setUp(db)};
    } catch (error) {
      db?.close();
      db = undefined;
      // Ours (its header says a flowctl format) and damaged: a user wants history to keep
      // working, and the damaged file kept as it is (for `sqlite3 .recover`), not repaired.
      if (!isDamage(error) || !claimsCurrentFormat(path)) throw error;
      const aside = moveAside(path, 'corrupt', now());
      notice = `the history at ${path} is damaged (${describe(error)}); it was moved to ${aside} and a new history started`;
      ({db} = openHistory(path, busyTimeoutMs, now));
      return {lock, db, notice, session: setUp(db)};
    }
  } catch (error) {
    db?.close();
    lock?.close();
    throw error;
  }
}

/**
 * One writer per history. A second `up` must fail fast instead of interleaving two runs'
 * commits, yet readers (`flowctl logs`) must keep working, so the exclusive lock is held on a
 * side file rather than the database: an OS lock that dies with the process, so a crashed
 * writer never leaves a stale lock behind.
 */
function takeWriterLock(/** @type {string} */ path, /** @type {number} */ busyTimeoutMs) {
  const lock = new Database(`${path}-writer.lock`, {timeout: busyTimeoutMs});
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('CREATE TABLE IF NOT EXISTS writer (pid INTEGER); DELETE FROM writer;');
    lock.prepare('INSERT INTO writer VALUES (?)').run(process.pid);
    return lock;
  } catch (error) {
    lock.close();
    if (error && /** @type {{code?: unknown}} */ (error).code === 'SQLITE_BUSY') {
      throw new Error('another flowctl is writing it (is `flowctl up` already running for this pipeline?)');
    }
    throw error;
  }
}

/** The history at `path`, configured, a format-1 one moved aside first. */
function openHistory(/** @type {string} */ path, /** @type {number} */ busyTimeoutMs, /** @type {() => Date} */ now) {
  let db = new Database(path, {timeout: busyTimeoutMs});
  try {
    let notice;
    const format = formatOf(db);
    if (format.kind === 'old') {
      db.close();
      const aside = moveAside(path, 'format1', now());
      notice = `the history at ${path} was written by an older flowctl (format 1, which cost ~3× the CPU per entry); it was moved to ${aside} and a new history started`;
      db = new Database(path, {timeout: busyTimeoutMs});
    } else if (format.kind === 'newer' || format.kind === 'foreign') {
      throw new Error(/** @type {string} */ (unreadable(format)));
    }
    configure(db);
    // Only a new file is written to here: on an existing one even a no-op write would need
    // the write lock, and a lock held elsewhere must fail the commits (reported, counted),
    // not the opening.
    if (format.kind !== 'current') db.exec(SCHEMA);
    else checkStructure(db);
    checkWritable(db);
    return {db, notice};
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A read-only file (chmod 444 in a writable folder) opens without a word: SQLite falls back
 * to reading, and every write fails later, each with a notice of its own (the run, each
 * batch, retention). One rolled-back write finds it now, so `up` says once that the history
 * cannot be opened for writing and goes on with files only. A lock held elsewhere is not
 * refused here: the commits report it, and save again once it is gone.
 */
function checkWritable(/** @type {import('better-sqlite3').Database} */ db) {
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('DELETE FROM runs WHERE 0');
  } catch (error) {
    const code = error && /** @type {{code?: unknown}} */ (error).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
      throw new Error(`it cannot be opened for writing (read-only: ${describe(error)})`);
    }
    if (code !== 'SQLITE_BUSY') throw error;
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

/** Whether the header (which SQLite could read) says a format flowctl writes: the file is ours. */
function claimsCurrentFormat(/** @type {string} */ path) {
  let db;
  try {
    db = new Database(path, {readonly: true, fileMustExist: true});
    const version = Number(db.pragma('user_version', {simple: true}));
    return version >= OLDEST_READABLE_FORMAT && version <= FORMAT;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

function configure(/** @type {import('better-sqlite3').Database} */ db) {
  // New histories only (an existing file keeps its page size): 32 KiB pages cost ~25 % less
  // CPU per inserted row than the 4 KiB default (fewer page splits and WAL frames per row),
  // and index scans read fewer pages.
  db.pragma('page_size = 32768');
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL fsyncs only at checkpoints: a power loss or OS crash may lose the last
  // transactions, never corrupt the file; a crash of flowctl itself loses nothing committed.
  // OFF measured no cheaper in CPU here and could corrupt the file on power loss.
  db.pragma('synchronous = NORMAL');
  // The writer only appends blocks: it needs no read cache. Said explicitly because left at
  // better-sqlite3's build default (-16000, after the page size change above) the process
  // peaked ~130 MB higher writing workload A (1 M lines: 415 → 280 MB RSS, measured side by
  // side), while 2 MiB cost no measurable CPU. Readers (`reader.ts`) keep the default.
  db.pragma('cache_size = -2048');
}

/**
 * Renames a history (and its -wal/-shm, so the set stays readable with `sqlite3`) to
 * `<path>.<why>-<UTC stamp>` (`format1`, `corrupt`); returns the new name. Its connections
 * in this thread must be closed.
 */
export function moveAside(/** @type {string} */ path, /** @type {string} */ why, /** @type {Date} */ at) {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let target = `${path}.${why}-${stamp}`;
  for (let n = 2; existsSync(target); n++) target = `${path}.${why}-${stamp}-${n}`;
  renameSync(path, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  }
  return target;
}

function describe(/** @type {unknown} */ error) {
  return error instanceof Error ? error.message : String(error);
}
