/**
 * Entries stored in packed blocks (src/logs/store/schema.js) come back exactly as appended:
 * every column, any text, field keys sent as names or as text, across blocks, batches and
 * writer sessions (each with its own name table).
 */
import {rmSync} from 'node:fs';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import {describe, expect, it} from 'vitest';
import type {LogEntry} from '../../../src/logs/entry.js';
import {MAX_KEY_NAMES} from '../../../src/logs/store/batch-encoder.js';
import {BLOCK_ENTRIES} from '../../../src/logs/store/schema.js';
import {collect, entry, filter, mustOpen, useTempHistory} from './helpers.js';

const temp = useTempHistory();

async function roundTrip(batches: LogEntry[][]): Promise<LogEntry[]> {
  // Kept forever: some entries were received in 1970, which any retention rightly deletes
  // (flaky-blocks-1970-entry: a 1-day retention's first pass, run late on a busy CI machine,
  // trimmed one between the append and the query). Passes run every millisecond here so a
  // retention that deleted anything would show at once.
  const store = await mustOpen(temp.path, {retentionMs: 0, retentionIntervalMs: 1});
  for (const batch of batches) {
    store.append(batch);
    await store.flush();
  }
  const got = await collect(store.query(undefined, {runId: batches[0]?.[0]?.runId ?? 'run-1'}));
  await store.close();
  return got;
}

describe('packed blocks', () => {
  it('keep every column of every entry', async () => {
    const entries = [
      entry({runId: 'r', seq: 1, fields: {}, level: 'unknown'}),
      entry({runId: 'r', seq: 2, componentId: 'sink', componentType: 'sink', stream: 'stderr', level: 'error', restart: 3, truncated: true, fields: {a: '1', b: 'two'}}),
      entry({runId: 'r', seq: 3, componentId: '', componentType: '', stream: 'control', level: 'warn', message: 'flowctl note', raw: 'flowctl note'}),
      entry({runId: 'r', seq: 4, componentId: 'sink', timestamp: 1.5, receivedAt: 2.25}),
    ];
    expect(await roundTrip([entries.slice(0, 2), entries.slice(2)])).toEqual(entries);
  });

  it('keep escapes, ANSI, emoji, integer-like keys and a "__proto__" key as they were', async () => {
    const fields = {z: 'quote " backslash \\ newline \n tab \t nul \u0000', '10': 'ten', '2': 'two', 'é': '😀 ok', '': 'empty key'};
    const withProto = JSON.parse('{"__proto__": "p", "k": "v"}') as Record<string, string>;
    const entries = [
      entry({runId: 'r', seq: 1, fields, message: 'm\u001b[1m', raw: '\u001b[31mred\u001b[0m 😀'}),
      entry({runId: 'r', seq: 2, fields: withProto}),
    ];
    const got = await roundTrip([entries]);
    expect(got).toEqual(entries);
    expect(Object.getPrototypeOf(got[1]?.fields)).toBe(Object.prototype);
    expect(Object.keys(got[1]?.fields ?? {})).toEqual(['__proto__', 'k']);
  });

  it('store a lone surrogate as U+FFFD (SQLite text is UTF-8), without shifting anything after it', async () => {
    const got = await roundTrip([[entry({runId: 'r', seq: 1, message: 'a\ud800b', raw: 'raw', fields: {k: 'x\udc00y', after: 'intact'}})]]);
    expect(got[0]).toMatchObject({message: 'a\ufffdb', raw: 'raw', fields: {k: 'x\ufffdy', after: 'intact'}});
  });

  it('round-trip arbitrary text and fields exactly (property)', async () => {
    const text = fc.string({unit: 'grapheme', maxLength: 30});
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({message: text, raw: text, fields: fc.dictionary(text, text, {maxKeys: 5})}), {minLength: 1, maxLength: 20}), async (parts) => {
        rmSync(temp.path, {force: true});
        rmSync(`${temp.path}-wal`, {force: true});
        rmSync(`${temp.path}-shm`, {force: true});
        const entries = parts.map((p, i) => entry({runId: 'r', seq: i + 1, ...p}));
        expect(await roundTrip([entries])).toEqual(entries);
      }),
      {numRuns: 15},
    );
  }, 120_000);

  it('come back exactly from a scan that reads every entry\'s text (whole-block decoding), ASCII blocks and others', async () => {
    const ascii = Array.from({length: BLOCK_ENTRIES}, (_, i) => entry({runId: 'r', seq: i + 1, message: `hit ${i}`, raw: `raw hit ${i}`, fields: {n: String(i)}}));
    const wide = Array.from({length: BLOCK_ENTRIES}, (_, i) =>
      entry({runId: 'r', seq: BLOCK_ENTRIES + i + 1, message: `hit é${i}`, raw: `raw hit 😀${'€'.repeat(i % 5)}`, fields: {n: `ü${i}`}}));
    const store = await mustOpen(temp.path);
    store.append([...ascii, ...wide]);
    await store.flush();
    expect(await collect(store.query(filter({include: ['hit']}), {runId: 'r'}))).toEqual([...ascii, ...wide]);
    expect(await collect(store.query(filter({include: ['hit 1']}), {runId: 'r'}))).toEqual([...ascii, ...wide].filter((e) => e.raw.includes('hit 1')));
    await store.close();
  });

  it('keep field keys that travel as text once the name table is full', async () => {
    const many = Array.from({length: MAX_KEY_NAMES + 10}, (_, i) => entry({runId: 'big', seq: i + 1, fields: {[`id-${i}`]: String(i), caller: 'c'}}));
    expect(await roundTrip([many])).toEqual(many);
  });

  it(`cut a run into blocks of at most ${BLOCK_ENTRIES} entries, skipping replayed seqs, across writer sessions`, async () => {
    const first = Array.from({length: BLOCK_ENTRIES * 2 + 7}, (_, i) => entry({runId: 'r', seq: i + 1, componentId: `c${i % 3}`, fields: {n: String(i)}}));
    let store = await mustOpen(temp.path);
    store.append([...first.slice(0, 600), ...first.slice(590)]);
    await store.close();
    // A new session (a new name table) goes on with the run, replaying its last entry.
    const second = Array.from({length: 20}, (_, i) => entry({runId: 'r', seq: first.length + i + 1, componentId: 'new', fields: {other: 'key'}}));
    store = await mustOpen(temp.path);
    store.append([first[first.length - 1] as LogEntry, ...second]);
    await store.flush();
    expect(await collect(store.query(undefined))).toEqual([...first, ...second]);
    expect((await store.runs())[0]?.entries).toBe(first.length + second.length);
    await store.close();
    const db = new Database(temp.path, {readonly: true});
    const counts = db.prepare('SELECT count FROM blocks ORDER BY id').pluck().all() as number[];
    db.close();
    expect(Math.max(...counts)).toBeLessThanOrEqual(BLOCK_ENTRIES);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(first.length + second.length);
  });
});
