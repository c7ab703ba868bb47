import Database from 'better-sqlite3';
import {describe, expect, it} from 'vitest';
import type {LogEntry} from '../../../src/logs/entry.js';
import {retentionIntervalFor, type LogStore} from '../../../src/logs/store/index.js';
import {collect, entry, mustOpen, storedCount, until, useTempHistory} from './helpers.js';

const temp = useTempHistory();

function batch(runId: string, from: number, count: number, overrides: Partial<LogEntry> = {}): LogEntry[] {
  return Array.from({length: count}, (_, i) => entry({runId, seq: from + i, ...overrides}));
}

/**
 * Appends 30 entries that expire 300 ms from now and 5 fresh ones; returns when the 30 were
 * received. Expiring later, not already expired: the pass the writer runs as it opens must
 * find nothing to delete, whenever it runs.
 */
async function expiringSoon(store: LogStore, retentionMs: number): Promise<number> {
  const receivedAt = Date.now() - retentionMs + 300;
  store.append(batch('r', 1, 30, {receivedAt}));
  store.append(batch('r', 31, 5));
  await store.flush();
  return receivedAt;
}

describe('retention of seconds (logging.retention: 5s kept entries 54 s old while up ran, and after it ended)', () => {
  it('retention-interval-scales: a pass every quarter of the retention, between 1 s and 60 s', () => {
    expect(retentionIntervalFor(5_000)).toBe(1_250);
    expect(retentionIntervalFor(2_000)).toBe(1_000);
    expect(retentionIntervalFor(86_400_000)).toBe(60_000);
    // 0 keeps everything: no pass deletes anything, the timer only idles.
    expect(retentionIntervalFor(0)).toBe(60_000);
  });

  it('retention-seconds-while-running: entries that expire while the store is open are deleted within the retention, not at 60 s', async () => {
    const store = await mustOpen(temp.path, {retentionMs: 1_500});
    store.beginRun('r', {pipeline: 'p', startedAt: Date.now()});
    store.append(batch('r', 1, 20));
    await store.flush();
    expect(storedCount(temp.path)).toBe(20);
    // Left to the default interval: a fixed 60 s pass never came within the helper's 20 s.
    await until(() => storedCount(temp.path) === 0, 'the expired entries deleted');
    await store.close();
  });

  it('retention-on-close: what expired since the last pass is deleted when the store closes', async () => {
    const store = await mustOpen(temp.path, {retentionMs: 60_000, retentionIntervalMs: 3_600_000});
    store.beginRun('r', {pipeline: 'p', startedAt: Date.now()});
    const receivedAt = await expiringSoon(store, 60_000);
    expect(storedCount(temp.path)).toBe(35);
    await until(() => Date.now() - 60_000 > receivedAt, 'the first 30 entries expired');
    await store.close();
    expect(storedCount(temp.path)).toBe(5);
  });

  it('retention-readers: a reader leaves out entries older than the retention recorded in the history, before any pass deleted them', async () => {
    const writer = await mustOpen(temp.path, {retentionMs: 60_000, retentionIntervalMs: 3_600_000});
    writer.beginRun('r', {pipeline: 'p', startedAt: Date.now()});
    const receivedAt = await expiringSoon(writer, 60_000);
    await until(() => Date.now() - 60_000 > receivedAt, 'the first 30 entries expired');
    expect(storedCount(temp.path)).toBe(35);
    // The writer's own reader (the control plane's) and another process's (`flowctl logs`).
    expect((await collect(writer.query(undefined))).map((e) => e.seq)).toEqual([31, 32, 33, 34, 35]);
    const reader = await mustOpen(temp.path, {readonly: true});
    expect((await collect(reader.query(undefined))).map((e) => e.seq)).toEqual([31, 32, 33, 34, 35]);
    expect((await collect(reader.query(undefined, {order: 'desc', limit: 2}))).map((e) => e.seq)).toEqual([35, 34]);
    await reader.close();
    await writer.close();
  });

  it('retention 0 keeps everything and is recorded as such', async () => {
    const store = await mustOpen(temp.path, {retentionMs: 0});
    store.beginRun('r', {pipeline: 'p', startedAt: Date.now()});
    store.append(batch('r', 1, 3, {receivedAt: Date.now() - 365 * 86_400_000}));
    await store.close();
    const db = new Database(temp.path, {readonly: true});
    expect(db.prepare("SELECT value FROM meta WHERE key = 'retention_ms'").pluck().get()).toBe(0);
    db.close();
    const reader = await mustOpen(temp.path, {readonly: true});
    expect(await collect(reader.query(undefined))).toHaveLength(3);
    await reader.close();
  });
});
