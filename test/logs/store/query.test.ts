import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {LogEntry} from '../../../src/logs/entry.js';
import type {FilterSpec} from '../../../src/logs/api.js';
import type {LogStore} from '../../../src/logs/store/index.js';
import {collect, entry, filter, mustOpen, tempDir} from './helpers.js';

const T0 = Date.parse('2024-01-20T10:00:00Z');
const COMPONENTS = ['source', 'ttp-processor', 'sink'] as const;
const LEVELS = ['debug', 'info', 'unknown', 'warn', 'error', 'fatal'] as const;

/** Two runs of varied entries: every filter term has something to keep and something to drop. */
function sample(): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const [runIndex, runId] of ['run-a', 'run-b'].entries()) {
    for (let i = 1; i <= 300; i++) {
      const componentId = COMPONENTS[i % 3] ?? 'source';
      const level = LEVELS[i % LEVELS.length] ?? 'info';
      const text = i % 7 === 0 ? `\u001b[31mledger ${i} closed\u001b[0m` : `processed batch ${i}`;
      entries.push(
        entry({
          runId,
          seq: i,
          componentId,
          level,
          timestamp: T0 + runIndex * 3_600_000 + i * 1000,
          receivedAt: T0 + runIndex * 3_600_000 + i * 1000,
          message: i % 7 === 0 ? `ledger ${i} closed` : text,
          raw: text,
          fields: i % 5 === 0 ? {request_id: String(i % 10), 'odd "key"': 'yes'} : {},
          stream: i % 11 === 0 ? 'stderr' : 'stdout',
          restart: i > 200 ? 1 : 0,
          truncated: i === 42,
        }),
      );
    }
  }
  return entries;
}

let dir: string;
let store: LogStore;
const entries = sample();

beforeAll(async () => {
  dir = tempDir();
  // Entries from 2024: retention must not delete them under the test's feet.
  store = await mustOpen(join(dir, 'history.db'), {retentionMs: Number.POSITIVE_INFINITY});
  store.beginRun('run-a', {pipeline: 'demo', startedAt: T0});
  store.beginRun('run-b', {pipeline: 'demo', startedAt: T0 + 3_600_000});
  store.append(entries);
  await store.flush();
});

afterAll(async () => {
  await store.close();
  rmSync(dir, {recursive: true, force: true});
});

/** What the one filter keeps in memory, in the store's order (runs oldest first, then seq). */
function expected(spec: FilterSpec): LogEntry[] {
  const compiled = filter(spec, T0 + 7_200_000);
  const kept = entries.filter((e) => compiled.matches(e));
  return compiled.tail === undefined ? kept : kept.slice(-compiled.tail);
}

describe('LogStore.query by every filter term (LogFilter.matches per block)', () => {
  const specs: Array<[string, FilterSpec]> = [
    ['no filter', {}],
    ['components', {components: ['sink', 'source']}],
    ['levels', {levels: ['warn', 'unknown']}],
    ['minLevel', {minLevel: 'warn'}],
    ['since', {since: T0 + 3_600_000 + 100_000}],
    ['until', {until: '2024-01-20T10:02:00Z'}],
    ['since and until', {since: '2024-01-20T10:01:00Z', until: '2024-01-20T11:01:00Z'}],
    ['relative since', {since: '1h30m'}],
    ['include (ANSI stripped)', {include: ['^ledger \\d+ closed$']}],
    ['include, case-insensitive', {include: ['(?i)LEDGER 7\\b', 'batch 1$']}],
    ['exclude', {exclude: ['batch']}],
    ['fields', {fields: {request_id: '5'}}],
    ['field with a key JSON escapes', {fields: {'odd "key"': 'yes'}}],
    ['runId', {runId: 'run-b'}],
    ['tail', {tail: 7}],
    ['everything', {components: ['ttp-processor'], minLevel: 'info', include: ['batch'], exclude: ['9'], since: T0, tail: 10}],
  ];

  it.each(specs)('%s', async (_name, spec) => {
    const got = await collect(store.query(filter(spec, T0 + 7_200_000)));
    const want = expected(spec);
    expect(want.length).toBeGreaterThan(0);
    // Each term keeps something and drops something, so a term the SQL ignored would show.
    if (Object.keys(spec).length > 0) expect(want.length).toBeLessThan(entries.length);
    expect(got).toEqual(want);
  });
});

describe('LogStore.query paging', () => {
  it('round-trips every field of an entry', async () => {
    const [first] = await collect(store.query(undefined, {runId: 'run-a', afterSeq: 41, limit: 1}));
    expect(first).toEqual(entries.find((e) => e.runId === 'run-a' && e.seq === 42));
    expect(first?.truncated).toBe(true);
  });

  it('streams in pages of pageSize, never more', async () => {
    const sizes: number[] = [];
    for await (const page of store.query(undefined, {runId: 'run-a', pageSize: 64})) sizes.push(page.length);
    expect(sizes).toEqual([64, 64, 64, 64, 44]);
  });

  it('pages forward after a seq and backward before one, within a run', async () => {
    const forward = await collect(store.query(undefined, {runId: 'run-b', afterSeq: 100, limit: 5}));
    expect(forward.map((e) => e.seq)).toEqual([101, 102, 103, 104, 105]);
    const backward = await collect(store.query(undefined, {runId: 'run-b', beforeSeq: 100, limit: 3, order: 'desc'}));
    expect(backward.map((e) => e.seq)).toEqual([99, 98, 97]);
    const window = await collect(store.query(undefined, {runId: 'run-b', afterSeq: 10, beforeSeq: 14}));
    expect(window.map((e) => e.seq)).toEqual([11, 12, 13]);
    const windowDesc = await collect(store.query(undefined, {runId: 'run-b', afterSeq: 10, beforeSeq: 14, order: 'desc'}));
    expect(windowDesc.map((e) => e.seq)).toEqual([13, 12, 11]);
  });

  it('walks runs oldest first ascending and newest first descending', async () => {
    const asc = await collect(store.query(filter({components: ['sink']}), {pageSize: 7}));
    expect(asc.map((e) => `${e.runId}:${e.seq}`)).toEqual(expected({components: ['sink']}).map((e) => `${e.runId}:${e.seq}`));
    const desc = await collect(store.query(undefined, {order: 'desc', limit: 302}));
    expect(desc.slice(0, 2).map((e) => `${e.runId}:${e.seq}`)).toEqual(['run-b:300', 'run-b:299']);
    expect(desc.slice(-2).map((e) => `${e.runId}:${e.seq}`)).toEqual(['run-a:300', 'run-a:299']);
  });

  it('takes the tail newest first in desc order, and limits it', async () => {
    const desc = await collect(store.query(filter({tail: 4}), {order: 'desc'}));
    expect(desc.map((e) => e.seq)).toEqual([300, 299, 298, 297]);
    const limited = await collect(store.query(filter({tail: 4}), {limit: 2}));
    expect(limited.map((e) => e.seq)).toEqual([299, 300]);
  });

  it('finds nothing for a run it does not have', async () => {
    expect(await collect(store.query(undefined, {runId: 'nope'}))).toEqual([]);
  });
});
