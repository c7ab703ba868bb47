// Retention for the writer worker: deletes the entries received longer ago than the retention,
// oldest first, a window of blocks at a time, yielding between windows so appends interleave.
// Plain JavaScript for the same reason as `writer-worker.js`.
//
// Blocks are walked in rowid order (run, then seq): entries go in as they are received, so the
// oldest blocks hold the expired ones. A block entirely expired is deleted; one expired in
// part (a clock that stepped) is rewritten without its expired entries, so retention stays
// exact per entry; it keeps its summary (`block-summary.js`: still true of what is left, if
// wider). A window whose last block holds no expired entry ends the pass; an older
// entry after a newer one waits for a later pass instead of being missed for good.
import {hasSummaries, SEQ_BITS} from './schema.js';
import {packedEntries, repack} from './block-pack.js';

/** Blocks looked at per window: small, so an insert never waits long behind one. */
export const RETENTION_WINDOW = 16;

/**
 * Rowids are `run_key << SEQ_BITS | seq` (see schema.js): past 2^53 a JS number cannot hold
 * them, so they stay BigInts here (`safeIntegers`).
 * @param {import('better-sqlite3').Database} db
 * @param {{retentionMs: number, guarded: (what: string, fn: () => void) => void, epoch: number, forgotRuns?: () => void}} options
 * @returns {{run(): void, finish(): void}} `run` starts a pass unless one is running (no-op
 *   without a retention); `finish` runs a whole pass at once and stops: for closing, after which
 *   a pass under way must not touch the connection again

 */
export function createRetention(db, {retentionMs, guarded, epoch, forgotRuns = () => undefined}) {
  const window = db
    .prepare(`SELECT id, id >> ${SEQ_BITS} AS run_key, count, min_received, max_received FROM blocks WHERE id > ? ORDER BY id LIMIT ${RETENTION_WINDOW}`)
    .safeIntegers();
  const contents = db.prepare('SELECT epoch, numbers, tags, keys, lengths, utf8 AS text FROM blocks JOIN block_data USING (id) WHERE id = ?');
  const removeBlock = db.prepare('DELETE FROM blocks WHERE id = ?');
  const removeData = db.prepare('DELETE FROM block_data WHERE id = ?');
  /**
   * The summary statements, once the history has `block_summary`: an older one gains it with
   * the writer's first commit, which a retention pass may come before (nothing to keep then).
   * @type {{remove: import('better-sqlite3').Statement, move: import('better-sqlite3').Statement} | undefined}
   */
  let summaries;
  const summaryStatements = () => {
    if (summaries === undefined && hasSummaries(db)) {
      summaries = {
        remove: db.prepare('DELETE FROM block_summary WHERE id = ?'),
        move: db.prepare(`UPDATE OR REPLACE block_summary SET id = (? << ${SEQ_BITS}) + ? WHERE id = ?`),
      };
    }
    return summaries;
  };
  const remove = (id) => {
    removeBlock.run(id);
    removeData.run(id);
    summaryStatements()?.remove.run(id);
  };
  const insertBlock = db.prepare(`INSERT INTO blocks VALUES ((? << ${SEQ_BITS}) + ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertData = db.prepare(`INSERT INTO block_data VALUES ((? << ${SEQ_BITS}) + ?, ?, ?, ?, ?, ?)`);
  const countRun = db.prepare('UPDATE runs SET entries = entries + ? WHERE run_key = ?');
  const forgetEmptyRuns = db.prepare('DELETE FROM runs WHERE entries <= 0 AND ended_at IS NOT NULL AND ended_at < ?');
  const forgetNames = db.prepare('DELETE FROM names WHERE epoch < ? AND epoch NOT IN (SELECT DISTINCT epoch FROM blocks)');

  /** Rewrites a block without the entries received before `cutoff`; returns how many went. */
  function trim(id, runKey, count, cutoff) {
    const row = contents.get(id);
    const kept = repack(packedEntries(row), (numbers, n) => numbers[n + 2] >= cutoff);
    if (kept === undefined) {
      remove(id);
      return count;
    }
    removeBlock.run(id);
    removeData.run(id);
    // The block's rowid is its first seq: its summary moves with it.
    summaryStatements()?.move.run(runKey, kept.firstSeq, id);
    insertBlock.run(runKey, kept.firstSeq, kept.lastSeq, kept.count, kept.minTs, kept.maxTs, kept.minReceived, kept.maxReceived, row.epoch);
    insertData.run(runKey, kept.firstSeq, kept.numbers, kept.tags, kept.keys, kept.lengths, kept.text);
    return count - kept.count;
  }

  /** One window: deletes its expired entries; returns the window's last rowid if the pass goes on. */
  const expireWindow = db.transaction((after, cutoff) => {
    const rows = window.all(after);
    if (rows.length === 0) return undefined;
    const perRun = new Map();
    for (const row of rows) {
      const key = Number(row.run_key);
      // safeIntegers: every integer column is a BigInt here.
      let gone = 0;
      if (row.max_received < cutoff) {
        remove(row.id);
        gone = Number(row.count);
      } else if (row.min_received < cutoff) {
        gone = trim(row.id, key, Number(row.count), cutoff);
      }
      if (gone > 0) perRun.set(key, (perRun.get(key) ?? 0) + gone);
    }
    for (const [key, count] of perRun) countRun.run(-count, key);
    if (perRun.size > 0) deleted = true;
    const last = rows[rows.length - 1];
    return last.min_received < cutoff ? last.id : undefined;
  });

  const enforced = retentionMs > 0 && Number.isFinite(retentionMs);
  let running = false;
  let finished = false;
  /** Whether this pass deleted anything (only then can names have lost their last block). */
  let deleted = false;
  /** The last window's work: old runs and names. */
  const endPass = (cutoff) => {
    guarded('could not delete old runs', () => {
      if (forgetEmptyRuns.run(cutoff).changes > 0) forgotRuns();
    });
    // Names only blocks of earlier sessions used, all of them gone.
    if (deleted) guarded('could not delete old names', () => forgetNames.run(epoch));
    running = false;
  };
  /** One window; false when the pass is over (or failed). */
  const expireNext = (cursor, cutoff) => {
    let next;
    guarded('could not delete old history', () => {
      next = expireWindow(cursor.after, cutoff);
    });
    if (next === undefined) return false;
    cursor.after = next;
    return true;
  };
  return {
    run() {
      if (running || finished || !enforced) return;
      running = true;
      deleted = false;
      const cutoff = Date.now() - retentionMs;
      const cursor = {after: -1n};
      const step = () => {
        if (finished) return;
        if (expireNext(cursor, cutoff)) setImmediate(step);
        else endPass(cutoff);
      };
      step();
    },
    finish() {
      if (finished) return;
      finished = true;
      if (!enforced) return;
      deleted = false;
      const cutoff = Date.now() - retentionMs;
      const cursor = {after: -1n};
      while (expireNext(cursor, cutoff));
      endPass(cutoff);
    },
  };
}
