/**
 * `findMatchEverywhere` (n / N past the ring) on a real hub, ring and SQLite history: what a
 * flood does to the ring while the history is being read must not make a search skip a match.
 */
import {afterEach, expect, test} from 'vitest';
import type {HistoryPager} from '../../src/tui/history.js';
import {LogWindow} from '../../src/tui/log-window.js';
import {findMatch, findMatchEverywhere} from '../../src/tui/search.js';
import {fixture, KEYS, lines, mount, publish, type Mounted} from './helpers.js';
import {floodOnFirstRead, storedFixture, type StoredFixture} from './history-fixture.js';

let stored: StoredFixture | undefined;
let ui: Mounted | undefined;
afterEach(async () => {
  ui?.unmount();
  ui = undefined;
  await stored?.close();
  stored = undefined;
});

/** A zap-style JSON line as the parser makes it: the row shows `INFO  connecting to source source_address=localhost:50052`. */
const JSON_LINE = {
  raw: '{"level":"info","ts":1705744800,"msg":"connecting to source","source_address":"localhost:50052"}',
  message: 'connecting to source',
  fields: {source_address: 'localhost:50052'},
  level: 'info' as const,
};

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

test('regression search-raw-only: search matches as --grep does — the line as printed, the message, or the message with its fields — so what a row shows is found', () => {
  const f = fixture();
  const [json] = publish(f.hub, [JSON_LINE, ...lines('source', 5)]);
  const newest = f.hub.nextSeq;
  const older = (regex: RegExp) => findMatch(f.ring, undefined, regex, newest, -1)?.seq;
  expect(older(/^connecting/i)).toBe(json?.seq); // the message (the line starts with {)
  expect(older(/source_address=localhost/i)).toBe(json?.seq); // message + fields, as shown
  expect(older(/"msg":"connecting/i)).toBe(json?.seq); // the line as printed, as before
  expect(older(/^source line 3$/i)).toBe((json?.seq ?? 0) + 3);
  expect(older(/source_address=elsewhere/i)).toBeUndefined();
});

test('search-highlight-message: ?^connecting finds the JSON line and marks the message, not the level column; a field as key=value is marked where the row shows it', async () => {
  const f = fixture();
  publish(f.hub, [JSON_LINE, ...lines('source', 3)]);
  ui = await mount(f.source);
  await ui.waitForFrame((frame) => frame.includes('source line 3'));
  await ui.press('?', '^connecting\rn');
  // The selected log row (below the pane title; the component list marks its selection too).
  const selected = (): string | undefined => {
    const rows = ui?.frame().split('\n') ?? [];
    return rows.slice(rows.findIndex((row) => row.includes('logs:'))).find((row) => row.startsWith('›'));
  };
  expect(selected()).toContain('INFO  [connecting] to source source_address=localhost:50052');
  await ui.press(KEYS.esc, '?', 'address=localhost\rn');
  expect(selected()).toContain('INFO  connecting to source source_[address=localhost]:50052');
});
