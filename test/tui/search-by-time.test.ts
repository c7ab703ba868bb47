/**
 * `n` / `N` in the merged timeline go to the match right above / below the selected row in
 * time order, in the ring and in the stored history, not to the nearest match by arrival.
 */
import {afterEach, expect, test} from 'vitest';
import type {LogEntry} from '../../src/logs/entry.js';
import {Hub} from '../../src/logs/hub.js';
import {Ring} from '../../src/logs/ring.js';
import {storeHistoryPager} from '../../src/tui/history.js';
import {contiguousFloor} from '../../src/tui/ring-floor.js';
import {findMatchByTime, planLaneSearch} from '../../src/tui/search-by-time.js';
import type {SearchScope} from '../../src/tui/search.js';
import {storedFixture, type StoredFixture} from './history-fixture.js';

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const NEEDLES = new Set(['fast 30', 'late 10', 'late 50']);

let stored: StoredFixture | undefined;
afterEach(async () => {
  await stored?.close();
  stored = undefined;
});

const entry = (componentId: string, n: number, timestamp: number): Omit<LogEntry, 'seq' | 'runId'> => {
  const text = `${componentId} ${n}${NEEDLES.has(`${componentId} ${n}`) ? ' needle' : ''}`;
  return {componentId, componentType: 'source', stream: 'stdout', timestamp, receivedAt: timestamp, level: 'info', message: text, fields: {}, raw: text, restart: 0, truncated: false};
};

/** `fast` prints a line a second; `late` printed one half a second after each, all arriving after `fast`'s. */
function publishLateBatch(hub: Hub): LogEntry[] {
  return [
    ...hub.publish(Array.from({length: 60}, (_, i) => entry('fast', i, T0 + i * 1000))),
    ...hub.publish(Array.from({length: 60}, (_, i) => entry('late', i, T0 + i * 1000 + 500))),
  ];
}

const scopeOf = (ring: Ring, history?: SearchScope['history']): SearchScope => ({
  ring, history, floor: history === undefined ? -Infinity : contiguousFloor(ring), filter: undefined, regex: /needle/, pattern: 'needle', now: Date.now(),
});
const named = (entries: readonly LogEntry[], text: string): LogEntry => entries.find((e) => e.message.startsWith(`${text}`) && !/\d/.test(e.message.charAt(text.length))) as LogEntry;

test('merged-search-jumps-by-arrival: n from late 30 goes to fast 30 just above it, not to late 10 (nearest by seq)', () => {
  const ring = new Ring();
  const all = publishLateBatch(new Hub({ring, runId: 'run-1'}));
  const plan = planLaneSearch(scopeOf(ring), ['', 'fast', 'late'], named(all, 'late 30'), -1);
  expect(plan.ok && plan.value.history).toEqual([]);
  expect(plan.ok && plan.value.inRing?.message).toBe('fast 30 needle');
  // N from fast 30: late 50 is the next below it in time (late 10 arrived later but is above).
  const down = planLaneSearch(scopeOf(ring), ['', 'fast', 'late'], named(all, 'fast 30'), 1);
  expect(down.ok && down.value.inRing?.message).toBe('late 50 needle');
});

test('merged-search-jumps-by-arrival, past the ring: the history of each component is read where a nearer match can be', async () => {
  stored = await storedFixture(['fast', 'late'], 30);
  const all = publishLateBatch(stored.hub);
  await stored.flushed();
  const scope = scopeOf(stored.ring, storeHistoryPager({store: stored.store, runId: 'run-1'}));
  // The ring (30 entries) keeps only the newest of each component: fast 30 and late 10 are in the history.
  const plan = planLaneSearch(scope, ['', 'fast', 'late'], named(all, 'late 30'), -1);
  if (!plan.ok) throw new Error(plan.error);
  expect(plan.value.inRing).toBeUndefined();
  expect(plan.value.history.map((lane) => lane.id)).toEqual(['fast', 'late']);
  const found = await findMatchByTime(scope, plan.value, named(all, 'late 30'), -1, () => false);
  expect(found.ok && found.value?.entry.message).toBe('fast 30 needle');
  expect(found.ok && found.value?.where).toBe('history');
  // Older again from there: late 10, then nothing.
  const next = planLaneSearch(scope, ['', 'fast', 'late'], named(all, 'fast 30'), -1);
  if (!next.ok) throw new Error(next.error);
  const again = await findMatchByTime(scope, next.value, named(all, 'fast 30'), -1, () => false);
  expect(again.ok && again.value?.entry.message).toBe('late 10 needle');
});

test('search-scans-each-component-to-the-start: the history is searched once across components, then only as far back as could still be nearer', async () => {
  stored = await storedFixture(['a', 'b', 'c', 'd'], 40);
  const ids = ['a', 'b', 'c', 'd'];
  // 4 000 entries a millisecond apart; one match (b's), a little below what the ring keeps.
  const all = stored.hub.publish(Array.from({length: 4000}, (_, i) => entry(ids[i % 4] as string, i, T0 + i)).map((e, i) => (i === 3900 - 3 ? {...e, raw: `${e.raw} needle`, message: `${e.message} needle`} : e)));
  await stored.flushed();
  const pager = storeHistoryPager({store: stored.store, runId: 'run-1'});
  const unbounded: number[] = [];
  const history = {
    before: (filter: Parameters<typeof pager.before>[0], beforeSeq: number, limit: number) => {
      if (filter?.sinceMs === undefined) unbounded.push(beforeSeq);
      return pager.before(filter, beforeSeq, limit);
    },
    after: pager.after,
  };
  const scope = scopeOf(stored.ring, history);
  const from = all.at(-1) as LogEntry;
  const plan = planLaneSearch(scope, ['', ...ids], from, -1);
  if (!plan.ok) throw new Error(plan.error);
  const found = await findMatchByTime(scope, plan.value, from, -1, () => false);
  expect(found.ok && found.value?.entry.message).toContain('needle');
  // One read without a lower time bound (it found the match); every read after it is bounded by the match's time.
  expect(unbounded).toHaveLength(1);
});
