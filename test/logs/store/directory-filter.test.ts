/**
 * A filter's component and level terms as SQL over the blocks' summaries
 * (src/logs/store/directory-filter.ts): the directory skips blocks that cannot match, and
 * never one that can (results with pruning equal the in-memory filter over every entry).
 */
import {rmSync} from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {FilterSpec} from '../../../src/logs/api.js';
import type {Level, LogEntry} from '../../../src/logs/entry.js';
import {DisplayFloor, withDisplayFloor} from '../../../src/logs/display-floor.js';
import {COMPONENT_SEPARATOR, levelBit, OTHER_LEVEL_BIT} from '../../../src/logs/store/block-summary.js';
import {directoryTerms} from '../../../src/logs/store/directory-filter.js';
import {BlockSource} from '../../../src/logs/store/paging.js';
import {StoreReader} from '../../../src/logs/store/reader.js';
import {BLOCK_ENTRIES} from '../../../src/logs/store/schema.js';
import {collect, entry, filter, mustOpen, useTempHistory} from './helpers.js';

const temp = useTempHistory();
const T0 = Date.parse('2024-01-20T10:00:00Z');

const maskOf = (...levels: string[]): number => levels.reduce((mask, level) => mask | levelBit(level), OTHER_LEVEL_BIT);

describe('directoryTerms', () => {
  it('has no terms for no filter, no component or level term, or levels that keep everything', () => {
    expect(directoryTerms(undefined)).toBeUndefined();
    expect(directoryTerms(filter({include: ['x'], since: T0}))).toBeUndefined();
    expect(directoryTerms(filter({minLevel: 'trace'}))).toBeUndefined();
  });

  it('accepts the levels the filter accepts: a minimum level counts unknown as info, aliases resolve', () => {
    expect(directoryTerms(filter({minLevel: 'warn'}))?.params).toEqual({levelMask: maskOf('warn', 'error', 'fatal')});
    expect(directoryTerms(filter({minLevel: 'info'}))?.params).toEqual({levelMask: maskOf('info', 'unknown', 'warn', 'error', 'fatal')});
    expect(directoryTerms(filter({levels: ['warning' as Level, 'unknown']}))?.params).toEqual({levelMask: maskOf('warn', 'unknown')});
    expect(directoryTerms(filter({levels: ['error', 'debug'], minLevel: 'info'}))?.params).toEqual({levelMask: maskOf('error')});
  });

  it('looks for each component id whole, between separators', () => {
    expect(directoryTerms(filter({components: ['a', 'a', '']}))?.params).toEqual({
      component0: `${COMPONENT_SEPARATOR}a${COMPONENT_SEPARATOR}`,
      component1: `${COMPONENT_SEPARATOR}${COMPONENT_SEPARATOR}`,
    });
  });
});

describe('the pruned directory', () => {
  it('rare-component-scans-every-block: skips the blocks whose summary rules the component or level out (-c rare, -l error read all of them)', async () => {
    // Four blocks: quiet, the rare component's one line, quiet, one error.
    const blocks: Array<Partial<LogEntry>> = [{}, {componentId: 'rare'}, {}, {level: 'error'}];
    const entries = blocks.flatMap((special, b) =>
      Array.from({length: BLOCK_ENTRIES}, (_, i) => entry({runId: 'r', seq: b * BLOCK_ENTRIES + i + 1, componentId: 'chatty', ...(i === 100 ? special : {})})));
    const store = await mustOpen(temp.path);
    store.append(entries);
    await store.close();
    const db = new Database(temp.path, {readonly: true});
    try {
      const source = new BlockSource(db);
      const key = source.runKey('r') as number;
      const firsts = (spec: FilterSpec): number[] =>
        source.directory('asc', {key, cursor: 0, high: Infinity, low: -1, since: -Infinity, until: Infinity}, directoryTerms(filter(spec))).map((row) => row.first);
      expect(firsts({components: ['rare']})).toEqual([BLOCK_ENTRIES + 1]);
      expect(firsts({levels: ['error']})).toEqual([3 * BLOCK_ENTRIES + 1]);
      expect(firsts({minLevel: 'warn'})).toEqual([3 * BLOCK_ENTRIES + 1]);
      expect(firsts({components: ['rare'], levels: ['error']})).toEqual([]);
      expect(firsts({components: ['chatty', 'rare'], minLevel: 'info'})).toEqual([1, BLOCK_ENTRIES + 1, 2 * BLOCK_ENTRIES + 1, 3 * BLOCK_ENTRIES + 1]);
    } finally {
      db.close();
    }
  });
});

const COMPONENTS = ['source', 'sink', '', 'rare', `pushed${COMPONENT_SEPARATOR}id`, 'pushed'];
const LEVELS: Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'];

const segments = fc.array(
  fc.record({
    componentId: fc.constantFrom(...COMPONENTS),
    level: fc.constantFrom(...LEVELS),
    stream: fc.constantFrom('stdout' as const, 'control' as const),
    length: fc.integer({min: 1, max: 300}),
  }),
  {minLength: 1, maxLength: 10},
);

const specs = fc.array(
  fc.record(
    {
      components: fc.subarray([...COMPONENTS, 'absent']),
      levels: fc.subarray([...LEVELS, 'warning' as Level]),
      minLevel: fc.constantFrom(...LEVELS),
      sinceStep: fc.integer({min: 0, max: 3000}),
    },
    {requiredKeys: []},
  ),
  {minLength: 1, maxLength: 6},
);

describe('pruning never changes a result', () => {
  it('equals the in-memory filter over every entry, for random histories and filters, every way of paging (property)', async () => {
    await fc.assert(
      fc.asyncProperty(segments, specs, fc.boolean(), async (parts, filters, olderBlocks) => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(temp.path + suffix, {force: true});
        let seq = 0;
        const entries = parts.flatMap(({length, ...shape}) =>
          Array.from({length}, () => {
            seq++;
            return entry({runId: 'r', seq, timestamp: T0 + seq * 10, receivedAt: T0 + seq * 10, ...shape});
          }));
        // Entries of 2024: a retention would delete them (closing) and readers leave them out.
        const store = await mustOpen(temp.path, {retentionMs: Number.POSITIVE_INFINITY});
        store.append(entries);
        await store.close();
        if (olderBlocks) {
          // Every other block written before summaries existed (or by an older flowctl).
          const db = new Database(temp.path);
          db.exec('DELETE FROM block_summary WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM blocks) WHERE n % 2 = 0)');
          db.close();
        }
        const reader = StoreReader.open(temp.path, 250);
        if (!reader.ok) throw new Error(reader.error);
        try {
          for (const {sinceStep, ...terms} of filters) {
            const spec: FilterSpec = {...terms, ...(sinceStep === undefined ? {} : {since: T0 + sinceStep * 10})};
            const plain = filter(spec);
            const floored = withDisplayFloor(plain, DisplayFloor.of([{id: 'sink', minLevel: 'error'}])) ?? plain;
            for (const compiled of [plain, floored]) {
              const want = entries.filter((e) => compiled.matches(e));
              const label = JSON.stringify(spec);
              expect(await collect(reader.value.query(compiled, {runId: 'r'})), label).toEqual(want);
              expect(await collect(reader.value.query(compiled, {runId: 'r', order: 'desc', limit: 7})), label).toEqual(want.slice().reverse().slice(0, 7));
              expect(await collect(reader.value.query(compiled, {runId: 'r', afterSeq: 200, beforeSeq: 1500})), label)
                .toEqual(want.filter((e) => e.seq > 200 && e.seq < 1500));
              expect(await collect(reader.value.query(filter({...spec, tail: 5}), {runId: 'r'})), label)
                .toEqual(entries.filter((e) => plain.matches(e)).slice(-5));
            }
          }
        } finally {
          reader.value.close();
        }
      }),
      {numRuns: 25},
    );
  }, 180_000);
});
