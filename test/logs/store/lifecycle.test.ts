import {readdirSync} from 'node:fs';
import Database from 'better-sqlite3';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {LogEntry} from '../../../src/logs/entry.js';
import {openStore} from '../../../src/logs/store/index.js';
import {FORMAT} from '../../../src/logs/store/schema.js';
import {lineEntries} from '../parse/helpers.js';
import {collect, entry, filter, mustOpen, storedCount, until, useTempHistory} from './helpers.js';

const temp = useTempHistory();

function batch(runId: string, from: number, count: number, overrides: Partial<LogEntry> = {}): LogEntry[] {
  return Array.from({length: count}, (_, i) => entry({runId, seq: from + i, ...overrides}));
}

describe('runs', () => {
  it('lists runs newest first with pipeline, start, end and entry counts', async () => {
    const store = await mustOpen(temp.path);
    store.beginRun('r1', {pipeline: 'demo', startedAt: 1000});
    store.append(batch('r1', 1, 3));
    store.endRun('r1', 5000);
    store.beginRun('r2', {pipeline: 'demo', startedAt: 6000});
    store.append(batch('r2', 1, 2));
    await store.flush();
    expect(await store.runs()).toEqual([
      {runId: 'r2', pipeline: 'demo', startedAt: 6000, endedAt: undefined, entries: 2},
      {runId: 'r1', pipeline: 'demo', startedAt: 1000, endedAt: 5000, entries: 3},
    ]);
    await store.close();
  });

  it('records a run it was never told about, from its first entry', async () => {
    const store = await mustOpen(temp.path);
    store.append(batch('adhoc', 1, 2, {receivedAt: Date.now() - 10}));
    await store.flush();
    const [run] = await store.runs();
    expect(run).toMatchObject({runId: 'adhoc', endedAt: undefined, entries: 2});
    expect(run?.pipeline).toBeUndefined();
    await store.close();
  });

  it('does not count an entry twice when the same (run, seq) is appended again', async () => {
    const store = await mustOpen(temp.path);
    store.append(batch('r', 1, 5));
    store.append(batch('r', 4, 4));
    await store.flush();
    expect((await store.runs())[0]?.entries).toBe(7);
    expect(await collect(store.query(undefined))).toHaveLength(7);
    await store.close();
  });
});

describe('flush and close', () => {
  it('flush resolves once everything appended before it is committed', async () => {
    const store = await mustOpen(temp.path);
    for (let i = 0; i < 20; i++) store.append(batch('r', i * 50 + 1, 50));
    await store.flush();
    expect(await collect(store.query(undefined))).toHaveLength(1000);
    await store.close();
  });

  it('close commits what was appended without a flush, and a later open finds it', async () => {
    const store = await mustOpen(temp.path);
    store.beginRun('r', {pipeline: 'p', startedAt: 1});
    store.append(batch('r', 1, 1000));
    store.endRun('r', 2);
    await store.close();
    const reader = await mustOpen(temp.path, {readonly: true});
    expect(await collect(reader.query(undefined))).toHaveLength(1000);
    expect((await reader.runs())[0]).toMatchObject({runId: 'r', endedAt: 2, entries: 1000});
    await reader.close();
  });

  it('counts appends after close as dropped rather than losing them silently', async () => {
    const store = await mustOpen(temp.path);
    await store.close();
    store.append(batch('r', 1, 3));
    expect(store.dropped).toBe(3);
  });

  it('bounds what waits for the writer and counts the overflow', async () => {
    const store = await mustOpen(temp.path, {maxQueue: 10});
    store.append(batch('r', 1, 100));
    expect(store.dropped).toBe(90);
    await store.flush();
    expect(await collect(store.query(undefined))).toHaveLength(10);
    await store.close();
  });

  it('takes 100 000 entries appended in hub-sized batches, none dropped', async () => {
    const store = await mustOpen(temp.path);
    for (let from = 1; from <= 100_000; from += 1000) {
      store.append(batch('big', from, 1000, {fields: {n: String(from)}, raw: `line ${from} \u001b[1mbold\u001b[0m`}));
      // Like the hub, which delivers from later ticks: the writer keeps up between batches.
      if (from % 20_000 === 1) await store.flush();
    }
    await store.flush();
    expect(store.dropped).toBe(0);
    expect((await store.runs())[0]?.entries).toBe(100_000);
    let count = 0;
    let last = 0;
    let outOfOrder = 0;
    for await (const page of store.query(undefined, {pageSize: 5000})) {
      count += page.length;
      for (const e of page) {
        if (e.seq !== last + 1) outOfOrder += 1;
        last = e.seq;
      }
    }
    expect(outOfOrder).toBe(0);
    expect(count).toBe(100_000);
    await store.close();
  });
});

describe('retention', () => {
  it('deletes rows received longer ago than retention while running, in batches, and forgets emptied runs', async () => {
    const store = await mustOpen(temp.path, {retentionMs: 3_600_000, retentionIntervalMs: 50});
    const twoHoursAgo = Date.now() - 7_200_000;
    store.beginRun('old', {pipeline: 'p', startedAt: twoHoursAgo});
    store.append(batch('old', 1, 5000, {receivedAt: twoHoursAgo, timestamp: twoHoursAgo}));
    store.endRun('old', twoHoursAgo + 1000);
    store.beginRun('now', {pipeline: 'p', startedAt: Date.now()});
    // Old timestamps in recent lines (a replayed ledger, a wrong clock) do not count: receipt time does.
    store.append(batch('now', 1, 10, {timestamp: twoHoursAgo}));
    await store.flush();
    await until(() => storedCount(temp.path) === 10, 'old rows deleted');
    await until(async () => (await store.runs()).length === 1, 'old run forgotten');
    expect(await store.runs()).toMatchObject([{runId: 'now', entries: 10}]);
    await store.close();
  });
});

describe('retention in insertion order', () => {
  it('walks past a row received in the future (a clock stepped back) and keeps it, deleting every expired row around it', async () => {
    const store = await mustOpen(temp.path, {retentionMs: 3_600_000, retentionIntervalMs: 50});
    const twoHoursAgo = Date.now() - 7_200_000;
    const inAnHour = Date.now() + 3_600_000;
    store.append(batch('r', 1, 2500, {receivedAt: twoHoursAgo}));
    store.append(batch('r', 2501, 1, {receivedAt: inAnHour}));
    store.append(batch('r', 2502, 4500, {receivedAt: twoHoursAgo}));
    store.append(batch('r', 7002, 10));
    await store.flush();
    await until(() => storedCount(temp.path) === 11, 'expired rows deleted');
    expect((await collect(store.query(undefined))).map((e) => e.seq)).toEqual([2501, ...Array.from({length: 10}, (_, i) => 7002 + i)]);
    expect((await store.runs())[0]?.entries).toBe(11);
    await store.close();
  });

  it('keeps multi-byte text byte-exact in a block it rewrites without its expired entries (UTF-8 offsets)', async () => {
    const store = await mustOpen(temp.path, {retentionMs: 3_600_000, retentionIntervalMs: 50});
    const twoHoursAgo = Date.now() - 7_200_000;
    // One block: expired and kept entries interleaved, so it is rewritten, not deleted.
    const entries = Array.from({length: 40}, (_, i) =>
      entry({runId: 'r', seq: i + 1, receivedAt: i % 3 === 0 ? Date.now() : twoHoursAgo, message: `é${i}😀\ud800`, raw: `ü${'€'.repeat(i)}`, fields: {k: `ß${i}`, lone: '\udc00x'}}));
    store.append(entries);
    await store.flush();
    const kept = entries.filter((_, i) => i % 3 === 0);
    await until(() => storedCount(temp.path) === kept.length, 'expired entries trimmed');
    expect(await collect(store.query(undefined))).toEqual(
      kept.map((e) => ({...e, message: e.message.replace('\ud800', '\ufffd'), fields: {...e.fields, lone: '\ufffdx'}})),
    );
    await store.close();
  });

  it('creates new histories with 32 KiB pages', async () => {
    const store = await mustOpen(temp.path);
    await store.close();
    const db = new Database(temp.path, {readonly: true});
    expect(db.pragma('page_size', {simple: true})).toBe(32768);
    db.close();
  });
});

describe('histories of another format', () => {
  /** A history as format 1 (flowctl before blocks) left it: rows in `entries`, user_version 0. */
  function formatOneHistory(): void {
    const old = new Database(temp.path);
    old.exec(`CREATE TABLE entries (run_id TEXT NOT NULL, seq INTEGER NOT NULL, component_id TEXT NOT NULL, component_type TEXT NOT NULL,
      stream TEXT NOT NULL, ts REAL NOT NULL, received_at REAL NOT NULL, level TEXT NOT NULL, level_rank INTEGER NOT NULL,
      message TEXT NOT NULL, fields TEXT NOT NULL, raw TEXT NOT NULL, restart INTEGER NOT NULL, truncated INTEGER NOT NULL,
      PRIMARY KEY (run_id, seq));
      CREATE TABLE runs (run_id TEXT PRIMARY KEY, pipeline TEXT, started_at REAL NOT NULL, ended_at REAL, entries INTEGER NOT NULL DEFAULT 0);
      INSERT INTO entries VALUES ('old-run', 1, 'c', 'source', 'stdout', 1, 1, 'info', 2, 'kept', '{}', 'kept', 0, 0);
      INSERT INTO runs VALUES ('old-run', 'demo', 1, 2, 1);`);
    old.close();
  }

  it('flowctl logs cannot read a format-1 history and says why, without touching it', async () => {
    formatOneHistory();
    const result = await openStore(temp.path, {retentionMs: 0, readonly: true});
    expect(result).toEqual({ok: false, error: `cannot read log history at ${temp.path}: it was written by an older flowctl (history format 1); the next \`flowctl up\` moves it aside and starts a new one`});
    expect(readdirSync(temp.dir)).toEqual(['history.db']);
  });

  it('up moves a format-1 history aside, says where, and starts a new one', async () => {
    formatOneHistory();
    const store = await mustOpen(temp.path);
    const said: string[] = [];
    // Told to the first listener although it was said while opening.
    store.onError((message) => said.push(message));
    expect(said).toEqual([expect.stringMatching(/^the history at .*history\.db was written by an older flowctl \(format 1, .*\); it was moved to .*history\.db\.format1-\d{8}T\d{6}Z and a new history started$/)]);
    expect(await store.runs()).toEqual([]);
    store.append(batch('r', 1, 3));
    await store.flush();
    expect(await collect(store.query(undefined))).toHaveLength(3);
    await store.close();
    // The old file is intact under its new name.
    const aside = readdirSync(temp.dir).find((name) => name.startsWith('history.db.format1-') && !name.includes('-wal') && !name.includes('-shm'));
    const old = new Database(join(temp.dir, aside ?? 'missing'), {readonly: true});
    expect(old.prepare('SELECT message FROM entries').pluck().all()).toEqual(['kept']);
    old.close();
  });

  it('refuses a history of a newer format, for writing and reading, and leaves it alone', async () => {
    (await mustOpen(temp.path)).close();
    const newer = new Database(temp.path);
    newer.pragma(`user_version = ${FORMAT + 1}`);
    newer.close();
    const written = await openStore(temp.path, {retentionMs: 0});
    const message = `written by a newer flowctl (history format ${FORMAT + 1}; this one reads format ${FORMAT}): upgrade flowctl`;
    expect(written).toEqual({ok: false, error: expect.stringContaining(message) as string});
    const read = await openStore(temp.path, {retentionMs: 0, readonly: true});
    expect(read).toEqual({ok: false, error: expect.stringContaining(`written by a newer flowctl (history format ${FORMAT + 1}`) as string});
    const db = new Database(temp.path, {readonly: true});
    expect(db.pragma('user_version', {simple: true})).toBe(FORMAT + 1);
    db.close();
  });

  it('reads a format-2 history (no entries stored as raw alone) and marks it format 3 with its first commit', async () => {
    const store = await mustOpen(temp.path);
    store.append(batch('old', 1, 3));
    await store.close();
    const old = new Database(temp.path);
    old.pragma('user_version = 2');
    old.close();
    const reader = await mustOpen(temp.path, {readonly: true});
    expect((await collect(reader.query(undefined))).map((e) => e.message)).toEqual(['message 1', 'message 2', 'message 3']);
    await reader.close();
    const writer = await mustOpen(temp.path);
    const version = (): unknown => {
      const db = new Database(temp.path, {readonly: true});
      const v = db.pragma('user_version', {simple: true});
      db.close();
      return v;
    };
    expect(version()).toBe(2);
    writer.append(lineEntries('auto', ['level=error msg="disk full" dev=sda1'], 'new'));
    await writer.flush();
    expect(version()).toBe(3);
    const all = await collect(writer.query(undefined));
    expect(all.map((e) => [e.runId, e.message, e.fields])).toEqual([
      ['old', 'message 1', {}], ['old', 'message 2', {}], ['old', 'message 3', {}], ['new', 'disk full', {dev: 'sda1'}],
    ]);
    await writer.close();
  });

  it('refuses to write into a SQLite file that is not a flowctl history', async () => {
    const other = new Database(temp.path);
    other.exec('CREATE TABLE t (x)');
    other.close();
    const result = await openStore(temp.path, {retentionMs: 0});
    expect(result).toEqual({ok: false, error: `cannot open log history at ${temp.path}: it is not a flowctl log history (no blocks table); logs go to files only`});
  });
});

describe('concurrent reader and writer', () => {
  it('a read-only opener reads while the writer keeps committing', async () => {
    const writer = await mustOpen(temp.path);
    writer.append(batch('r', 1, 100));
    await writer.flush();
    const reader = await mustOpen(temp.path, {readonly: true});
    let next = 101;
    for (let round = 0; round < 10; round++) {
      writer.append(batch('r', next, 100));
      next += 100;
      // Reads in the middle of writes neither fail nor block; what is committed is seen.
      const during = await collect(reader.query(filter({components: ['ttp-processor']}), {runId: 'r'}));
      expect(during.length).toBeGreaterThanOrEqual(100 * (round + 1));
      await writer.flush();
      expect(await collect(reader.query(undefined, {runId: 'r'}))).toHaveLength(100 * (round + 2));
    }
    await writer.flush();
    expect(await collect(reader.query(undefined))).toHaveLength(1100);
    await writer.close();
    // Still readable after the writer is gone.
    expect((await reader.runs())[0]?.entries).toBe(1100);
    await reader.close();
  });
});
