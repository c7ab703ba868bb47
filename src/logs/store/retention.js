// Retention for the writer worker: deletes the rows received longer ago than the retention,
// oldest first, a window of rows at a time, yielding between windows so appends interleave.
// Plain JavaScript for the same reason as `writer-worker.js`.
//
// Rows are walked in insertion order (rowid) instead of through an index on `received_at`:
// rows go in as they are received, so the oldest rows are the expired ones, and one index
// less to maintain on every insert is ~6 % of the writer's CPU. A window whose newest row is
// still within the retention ends the pass; an older row that comes after a newer one (a
// clock stepping back) waits for a later pass instead of being missed for good.

/** Rows looked at per DELETE: small, so an insert never waits long behind one. */
export const RETENTION_WINDOW = 2000;

/**
 * @param {import('better-sqlite3').Database} db
 * @param {{retentionMs: number, guarded: (what: string, fn: () => void) => void}} options
 * @returns {{run(): void}} `run` starts a pass unless one is running (no-op without a retention)
 */
export function createRetention(db, {retentionMs, guarded}) {
  const windowEnd = db
    .prepare(`SELECT max(id) FROM (SELECT rowid AS id FROM entries WHERE rowid > ? ORDER BY rowid LIMIT ${RETENTION_WINDOW})`)
    .pluck();
  const receivedAt = db.prepare('SELECT received_at FROM entries WHERE rowid = ?').pluck();
  const expire = db.prepare('DELETE FROM entries WHERE rowid > ? AND rowid <= ? AND received_at < ? RETURNING run_id').pluck();
  const countRun = db.prepare('UPDATE runs SET entries = entries + ? WHERE run_id = ?');
  const forgetEmptyRuns = db.prepare('DELETE FROM runs WHERE entries <= 0 AND ended_at IS NOT NULL AND ended_at < ?');
  /** One window: deletes its expired rows; returns the window's last rowid if the pass goes on. */
  const expireWindow = db.transaction((after, cutoff) => {
    const last = windowEnd.get(after);
    if (last === null || last === undefined) return undefined;
    const goesOn = receivedAt.get(last) < cutoff;
    const perRun = new Map();
    for (const runId of expire.all(after, last, cutoff)) perRun.set(runId, (perRun.get(runId) ?? 0) + 1);
    for (const [runId, count] of perRun) countRun.run(-count, runId);
    return goesOn ? last : undefined;
  });

  let running = false;
  return {
    run() {
      if (running || !(retentionMs > 0 && Number.isFinite(retentionMs))) return;
      running = true;
      const cutoff = Date.now() - retentionMs;
      const step = (after) => {
        let next;
        guarded('could not delete old history', () => {
          next = expireWindow(after, cutoff);
        });
        if (next !== undefined) {
          setImmediate(step, next);
          return;
        }
        guarded('could not delete old runs', () => forgetEmptyRuns.run(cutoff));
        // Keeps the planner's statistics fresh for the readers; cheap with analysis_limit.
        guarded('could not refresh statistics', () => db.pragma('optimize'));
        running = false;
      };
      step(0);
    },
  };
}
