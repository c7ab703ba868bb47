/**
 * How the reader walks a run (src/logs/store/paging.ts): the block directory prunes what a
 * query cannot match, every way of paging returns exactly what the in-memory filter keeps,
 * and a sparse scan hands out its first match early.
 */
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import Database from 'better-sqlite3';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {LogEntry} from '../../../src/logs/entry.js';
import type {FilterSpec} from '../../../src/logs/api.js';
import {StoreReader} from '../../../src/logs/store/reader.js';
import {BlockSource, scanRun, type Order} from '../../../src/logs/store/paging.js';
import {BLOCK_ENTRIES} from '../../../src/logs/store/schema.js';
import {BlockEntries} from '../../../src/logs/store/block-entries.js';
import {packedEntries, repack, type StoredBlock} from '../../../src/logs/store/block-pack.js';
import {collect, entry, filter, mustOpen, tempDir} from './helpers.js';

const T0 = Date.parse('2024-01-20T10:00:00Z');
const NOW = T0 + 86_400_000;
const RUN_A = 30_000;
const RUN_B = 2_000;

function level(seq: number): LogEntry['level'] {
  if (seq % 1000 === 0) return 'error';
  if (seq % 20 === 0) return 'warn';
  return seq % 7 === 0 ? 'debug' : 'info';
}

/** Two runs; a rare word every 5 000 entries, an error every 1 000, time rising with seq. */
function history(): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const [runId, count, offset] of [['run-a', RUN_A, 0], ['run-b', RUN_B, 3_600_000]] as const) {
    for (let seq = 1; seq <= count; seq++) {
      const raw = seq % 5000 === 0 ? `deadlock detected on ledger ${seq}` : `processed ledger ${seq}`;
      entries.push(
        entry({runId, seq, componentId: `c${seq % 5}`, level: level(seq), timestamp: T0 + offset + seq * 10, receivedAt: T0 + offset + seq * 10,
          raw, message: raw, fields: {n: String(seq % 100)}}),
      );
    }
  }
  return entries;
}

let dir: string;
let path: string;
let reader: StoreReader;
const entries = history();

beforeAll(async () => {
  dir = tempDir();
  path = join(dir, 'history.db');
  const store = await mustOpen(path, {retentionMs: Number.POSITIVE_INFINITY});
  store.beginRun('run-a', {pipeline: 'demo', startedAt: T0});
  store.beginRun('run-b', {pipeline: 'demo', startedAt: T0 + 3_600_000});
  store.append(entries);
  await store.close();
  // Planner statistics, as a long-lived history has them (and as the benchmark's history).
  const db = new Database(path);
  db.exec('ANALYZE');
  db.close();
  const opened = StoreReader.open(path, 250);
  if (!opened.ok) throw new Error(opened.error);
  reader = opened.value;
}, 60_000);

afterAll(() => {
  reader.close();
  rmSync(dir, {recursive: true, force: true});
});

describe('the block directory', () => {
  function directory(order: Order, params: {cursor: number; low?: number; since?: number}): Array<{first: number; last_seq: number}> {
    const db = new Database(path, {readonly: true});
    try {
      const source = new BlockSource(db);
      const key = source.runKey('run-a') as number;
      return source.directory(order, {key, high: Number.MAX_SAFE_INTEGER, low: -1, since: -Infinity, until: Infinity, ...params});
    } finally {
      db.close();
    }
  }

  it('holds each run as blocks of consecutive seqs, in order, without overlap', () => {
    const blocks = directory('asc', {cursor: 0});
    const time = expect.any(Number) as number;
    expect(blocks[0]).toEqual({
      first: 1, last_seq: BLOCK_ENTRIES, count: BLOCK_ENTRIES, min_ts: time, max_ts: time, min_received: time, max_received: time, epoch: expect.any(Number) as number,
    });
    for (const [i, block] of blocks.entries()) if (i > 0) expect(block.first).toBe((blocks[i - 1]?.last_seq ?? 0) + 1);
  });

  it('prunes blocks wholly before a time window (--since) or a seq (paging on)', () => {
    const since = T0 + (RUN_A - 100) * 10;
    expect(directory('asc', {cursor: 0, since}).map((b) => b.last_seq)).toEqual([RUN_A]);
    expect(directory('asc', {cursor: 0, low: RUN_A - 1}).map((b) => b.last_seq)).toEqual([RUN_A]);
  });

  it('hands out the newest blocks first for a tail', () => {
    const [newest] = directory('desc', {cursor: Number.MAX_SAFE_INTEGER});
    expect(newest?.last_seq).toBe(RUN_A);
  });
});

describe('every way of paging returns exactly what the filter keeps', () => {
  const specs: Array<[string, FilterSpec]> = [
    ['pages (index)', {components: ['c3']}],
    ['pages (no filter)', {}],
    ['candidates (time)', {since: T0 + (RUN_A - 100) * 10}],
    ['candidates (minimum level)', {minLevel: 'warn'}],
    ['windows (rare regex)', {include: ['deadlock']}],
    ['windows (dense regex, case-insensitive)', {include: ['(?i)LEDGER \\d+5$']}],
    ['windows (exclude and field)', {exclude: ['processed'], fields: {n: '0'}}],
    ['windows (several levels)', {levels: ['warn', 'error']}],
  ];
  const shapes: Array<{order: Order; pageSize: number; afterSeq?: number; beforeSeq?: number; limit?: number}> = [
    {order: 'asc', pageSize: 1000},
    {order: 'desc', pageSize: 7},
    {order: 'asc', pageSize: 50, afterSeq: 9_999, beforeSeq: 25_001, limit: 300},
    {order: 'desc', pageSize: 3, beforeSeq: 29_950, limit: 11},
  ];
  it.each(specs)('%s', async (_name, spec) => {
    const compiled = filter(spec, NOW);
    for (const shape of shapes) {
      const {order, pageSize, afterSeq, beforeSeq, limit} = shape;
      const pages: LogEntry[][] = [];
      for await (const page of reader.query(compiled, {runId: 'run-a', ...shape})) pages.push(page);
      let want = entries.filter((e) => e.runId === 'run-a' && compiled.matches(e) && (afterSeq === undefined || e.seq > afterSeq) && (beforeSeq === undefined || e.seq < beforeSeq));
      if (order === 'desc') want = want.reverse();
      if (limit !== undefined) want = want.slice(0, limit);
      expect(pages.flat().map((e) => e.seq), JSON.stringify(shape)).toEqual(want.map((e) => e.seq));
      expect(pages.flat(), JSON.stringify(shape)).toEqual(want);
      // Empty pages only as a long scan's heartbeat (scan-heartbeat below), never at the end.
      expect(pages.at(-1)?.length ?? 1).toBeGreaterThan(0);
      for (const page of pages) expect(page.length).toBeLessThanOrEqual(pageSize);
    }
  });

  it('walks every run, oldest first, for a windowed scan without a run', async () => {
    const compiled = filter({include: ['ledger (1999|2000)$']}, NOW);
    const got = await collect(reader.query(compiled));
    expect(got.map((e) => `${e.runId}:${e.seq}`)).toEqual(['run-a:1999', 'run-a:2000', 'run-b:1999', 'run-b:2000']);
  });
});

describe('sparse matches', () => {
  it('regression: a rare match is handed out before the scan of the whole run ends (grep took 13.9 s to a first result)', async () => {
    const db = new Database(path, {readonly: true});
    try {
      // Every reading of the clock is 100 ms later: any match found is due at once.
      let clock = 0;
      const pages: number[][] = [];
      const range = {runId: 'run-a', order: 'asc' as const, pageSize: 1000};
      for await (const rows of scanRun(new BlockSource(db), filter({include: ['deadlock']}, NOW), range, {remaining: Infinity}, () => (clock += 100))) {
        pages.push(rows.map((row) => row.seq));
      }
      expect(pages.flat()).toEqual([5000, 10_000, 15_000, 20_000, 25_000, 30_000]);
      expect(pages.find((page) => page.length > 0)).toEqual([5000]);
    } finally {
      db.close();
    }
  });

  it('scan-heartbeat: a scan that finds nothing hands out empty pages as it goes, and stops when the consumer stops (SIGTERM waited for the whole scan)', async () => {
    const db = new Database(path, {readonly: true});
    try {
      let clock = 0;
      const opened: number[] = [];
      const source = new BlockSource(db);
      const open = source.open.bind(source);
      source.open = (key, row, runId) => {
        opened.push(row.first);
        return open(key, row, runId);
      };
      const range = {runId: 'run-a', order: 'asc' as const, pageSize: 1000};
      const pages: number[] = [];
      for await (const rows of scanRun(source, filter({include: ['never matches anything']}, NOW), range, {remaining: Infinity}, () => (clock += 10))) {
        pages.push(rows.length);
        // What `flowctl logs` does when interrupted: it leaves the loop at the next page.
        if (pages.length === 2) break;
      }
      expect(pages).toEqual([0, 0]);
      // Stopped a few blocks in, not after the whole run.
      expect(opened.length).toBeGreaterThan(0);
      expect(opened.length).toBeLessThan(10);
    } finally {
      db.close();
    }
  });
});

describe('a block rewritten by retention between the directory page and its read', () => {
  it('stale-directory-row: is checked against its directory row as it is now, not marked damaged (a block trimmed meanwhile was "it holds 1 entries, the directory says 2")', async () => {
    const own = tempDir();
    try {
      const file = join(own, 'history.db');
      const store = await mustOpen(file, {retentionMs: Number.POSITIVE_INFINITY});
      store.append(Array.from({length: 4}, (_, i) => entry({runId: 'r', seq: i + 1, timestamp: T0 + i, receivedAt: T0 + i})));
      await store.close();
      const db = new Database(file);
      try {
        const source = new BlockSource(db);
        const key = source.runKey('r') as number;
        const [stale] = source.directory('asc', {key, cursor: 0, high: Number.MAX_SAFE_INTEGER, low: -1, since: -Infinity, until: Infinity});
        expect(stale).toMatchObject({first: 1, last_seq: 4, count: 4});
        // What retention's trim does (retention.js): the block rewritten without its expired
        // entries, in one transaction, its rowid kept (its first entry is kept).
        const id = key * 2 ** 40 + 1;
        const row = db.prepare('SELECT numbers, tags, keys, lengths, utf8 AS text FROM block_data WHERE id = ?').get(id) as StoredBlock;
        const kept = repack(packedEntries(row), (numbers, n) => numbers[n] !== 4);
        if (kept === undefined) throw new Error('nothing kept');
        db.prepare('UPDATE blocks SET last_seq = ?, count = ?, max_ts = ?, max_received = ? WHERE id = ?').run(kept.lastSeq, kept.count, kept.maxTs, kept.maxReceived, id);
        db.prepare('UPDATE block_data SET numbers = ?, tags = ?, keys = ?, lengths = ?, utf8 = ? WHERE id = ?').run(kept.numbers, kept.tags, kept.keys, kept.lengths, kept.text, id);
        const block = source.open(key, stale as NonNullable<typeof stale>, 'r');
        expect(block).toBeInstanceOf(BlockEntries);
        const opened = block as BlockEntries;
        expect(Array.from({length: opened.count}, (_, i) => opened.seqAt(i))).toEqual([1, 2, 3]);
      } finally {
        db.close();
      }
    } finally {
      rmSync(own, {recursive: true, force: true});
    }
  });
});
