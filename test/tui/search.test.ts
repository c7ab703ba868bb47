/**
 * `findMatchEverywhere` (n / N past the ring) on a real hub, ring and SQLite history: what a
 * flood does to the ring while the history is being read must not make a search skip a match.
 */
import {afterEach, expect, test} from 'vitest';
import type {HistoryPager} from '../../src/tui/history.js';
import {LogWindow} from '../../src/tui/log-window.js';
import {findMatchEverywhere} from '../../src/tui/search.js';
import {lines, publish} from './helpers.js';
import {floodOnFirstRead, storedFixture, type StoredFixture} from './history-fixture.js';

let stored: StoredFixture | undefined;
afterEach(async () => {
  await stored?.close();
  stored = undefined;
});

const withNeedles = (from: number, count: number, needles: readonly number[]) =>
  lines('source', count, from).map((line, i) => (needles.includes(from + i) ? {...line, raw: `needle at ${from + i}`} : line));

test('regression search-skips-evicted-gap: a flood evicting the ring past its floor during a newer-search reads the gap from the history', async () => {
  stored = await storedFixture(['source'], 300);
  const f = stored;
  publish(f.hub, withNeedles(1, 1500, [1250])); // the ring holds 1201…1500
  await f.flushed();
  const history = f.source.history as HistoryPager;
  // Evicts 1201…1400 from the ring, the match among them.
  const flooding = floodOnFirstRead(history, async () => {
    publish(f.hub, withNeedles(1501, 200, [1650]));
    await f.flushed();
  });
  const floor = new LogWindow(f.ring, undefined, {history}).scrollback.floor();
  expect(floor).toBe(1201);
  const found = await findMatchEverywhere({ring: f.ring, history: flooding, floor, filter: undefined, regex: /needle/, pattern: 'needle', now: Date.now()}, 1100, 1);
  expect(flooding.flooded()).toBe(true);
  expect(found.ok && found.value?.entry.seq).toBe(1250);
  expect(found.ok && found.value?.where).toBe('history');
});

test('a newer-search with no flood: the history below the floor, then the ring', async () => {
  stored = await storedFixture(['source'], 300);
  publish(stored.hub, withNeedles(1, 1500, [1300]));
  await stored.flushed();
  const history = stored.source.history as HistoryPager;
  const floor = new LogWindow(stored.ring, undefined, {history}).scrollback.floor();
  const found = await findMatchEverywhere({ring: stored.ring, history, floor, filter: undefined, regex: /needle/, pattern: 'needle', now: Date.now()}, 1100, 1);
  expect(found.ok && found.value?.entry.seq).toBe(1300);
  expect(found.ok && found.value?.where).toBe('ring');
});
