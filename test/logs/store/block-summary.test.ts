/**
 * Each block's summary (src/logs/store/block-summary.js): the levels and component ids it
 * holds, written with the block, kept when retention trims it, gone when retention deletes it,
 * added to an older history by its first commit, and never in the way of an older flowctl.
 */
import Database from 'better-sqlite3';
import {describe, expect, it} from 'vitest';
import {COMPONENT_SEPARATOR, componentsText, levelBit, OTHER_LEVEL_BIT} from '../../../src/logs/store/block-summary.js';
import {BLOCK_ENTRIES, MAX_SEQ, SEQ_BITS} from '../../../src/logs/store/schema.js';
import {collect, entry, filter, mustOpen, until, useTempHistory} from './helpers.js';

const temp = useTempHistory();

interface SummaryRow {
  first: number;
  levels: number;
  components: string | null;
}

function summaries(path: string): SummaryRow[] {
  const db = new Database(path, {readonly: true});
  try {
    return db.prepare(`SELECT id & ${MAX_SEQ} AS first, levels, components FROM block_summary ORDER BY id`).all() as SummaryRow[];
  } finally {
    db.close();
  }
}

const bits = (...levels: string[]): number => levels.reduce((mask, level) => mask | levelBit(level), 0);
const text = (...ids: string[]): string => `${COMPONENT_SEPARATOR}${ids.join(COMPONENT_SEPARATOR)}${COMPONENT_SEPARATOR}`;

describe('block summaries', () => {
  it('say which levels and component ids each block holds', async () => {
    const first = Array.from({length: BLOCK_ENTRIES}, (_, i) =>
      entry({runId: 'r', seq: i + 1, componentId: i % 2 === 0 ? 'source' : 'sink', level: i === 7 ? 'error' : 'info'}));
    const second = [
      entry({runId: 'r', seq: BLOCK_ENTRIES + 1, componentId: '', componentType: '', stream: 'control', level: 'unknown'}),
      entry({runId: 'r', seq: BLOCK_ENTRIES + 2, componentId: 'sink', level: 'fatal'}),
    ];
    const store = await mustOpen(temp.path);
    store.append([...first, ...second]);
    await store.close();
    expect(summaries(temp.path)).toEqual([
      {first: 1, levels: bits('info', 'error'), components: text('source', 'sink')},
      {first: BLOCK_ENTRIES + 1, levels: bits('unknown', 'fatal'), components: text('', 'sink')},
    ]);
  });

  it('leave the components unknown (NULL, never pruned) when an id holds the separator or the list is too long', () => {
    expect(componentsText(['a', `pushed${COMPONENT_SEPARATOR}id`])).toBeNull();
    expect(componentsText(['nul\u0000id'])).toBeNull();
    expect(componentsText(Array.from({length: 300}, (_, i) => `component-${i}`))).toBeNull();
    expect(componentsText(['a', ''])).toBe(text('a', ''));
    expect(levelBit('verbose')).toBe(OTHER_LEVEL_BIT);
  });

  it('are kept (moved with the block) when retention trims a block, and deleted with a block retention deletes', async () => {
    const store = await mustOpen(temp.path, {retentionMs: 3_600_000, retentionIntervalMs: 50});
    const twoHoursAgo = Date.now() - 7_200_000;
    const gone = Array.from({length: BLOCK_ENTRIES}, (_, i) => entry({runId: 'r', seq: i + 1, receivedAt: twoHoursAgo, componentId: 'old'}));
    // One block: its first (expired) entry is the only error, so it is rewritten from seq +2 on.
    const trimmed = Array.from({length: 10}, (_, i) =>
      entry({runId: 'r', seq: BLOCK_ENTRIES + 1 + i, receivedAt: i === 0 ? twoHoursAgo : Date.now(), level: i === 0 ? 'error' : 'info'}));
    store.append(gone);
    await store.flush();
    store.append(trimmed);
    await store.flush();
    await until(async () => (await collect(store.query(undefined))).length === 9, 'expired entries deleted');
    // The summary may claim more than is left (the error went), never less: still correct.
    expect(summaries(temp.path)).toEqual([{first: BLOCK_ENTRIES + 2, levels: bits('info', 'error'), components: text('ttp-processor')}]);
    expect((await collect(store.query(filter({levels: ['info']})))).map((e) => e.seq)).toEqual(trimmed.slice(1).map((e) => e.seq));
    await store.close();
  });

  it('older-history-gains-summaries: a format-3 history without them gains the table with its first commit; its old blocks are never pruned', async () => {
    const store = await mustOpen(temp.path);
    store.append([entry({runId: 'old', seq: 1, componentId: 'a', level: 'error'}), entry({runId: 'old', seq: 2, componentId: 'b'})]);
    await store.close();
    const older = new Database(temp.path);
    older.exec('DROP TABLE block_summary');
    older.close();
    const writer = await mustOpen(temp.path);
    // Queries before the first commit: nothing to prune by, everything found.
    expect((await collect(writer.query(filter({components: ['a']})))).map((e) => e.seq)).toEqual([1]);
    writer.append([entry({runId: 'new', seq: 1, componentId: 'a', level: 'warn'})]);
    await writer.flush();
    expect(summaries(temp.path)).toEqual([{first: 1, levels: bits('warn'), components: text('a')}]);
    expect((await collect(writer.query(filter({components: ['a'], minLevel: 'warn'})))).map((e) => `${e.runId}:${e.seq}`)).toEqual(['old:1', 'new:1']);
    await writer.close();
  });

  it('older-flowctl-writes-on: an older flowctl can still insert its blocks positionally (no new columns in blocks), and they are never pruned', async () => {
    const store = await mustOpen(temp.path);
    store.append([entry({runId: 'r', seq: 1, componentId: 'a'})]);
    await store.close();
    // What format 3 without summaries inserts: its blocks' rows, its data rows, no summary.
    const older = new Database(temp.path);
    const id = (1n << BigInt(SEQ_BITS)) + 2n;
    const copy = older.prepare('SELECT numbers, tags, keys, lengths, utf8 FROM block_data').get() as Record<string, Buffer>;
    const numbers = new Float64Array(new Uint8Array(copy['numbers'] ?? Buffer.alloc(0)).buffer);
    numbers[0] = 2;
    // Its directory row says what its entry holds: a reader checks a block against it.
    const [ts, received] = [numbers[1], numbers[2]];
    older.prepare('INSERT INTO blocks VALUES (?, 2, 1, ?, ?, ?, ?, 1)').run(id, ts, ts, received, received);
    older.prepare('INSERT INTO block_data VALUES (?, ?, ?, ?, ?, ?)').run(id, Buffer.from(numbers.buffer), copy['tags'], copy['keys'], copy['lengths'], copy['utf8']);
    older.close();
    const reader = await mustOpen(temp.path, {readonly: true});
    // Block 2 has no summary: read (its entry is component `a`), not pruned away.
    expect((await collect(reader.query(filter({components: ['a']})))).map((e) => e.seq)).toEqual([1, 2]);
    expect((await collect(reader.query(filter({components: ['z']})))).map((e) => e.seq)).toEqual([]);
    await reader.close();
  });
});
