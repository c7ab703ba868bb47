/**
 * Scrolling past the ring in the UI (ink-testing-library): with the store, the keys go on
 * into the stored history with "loading older entries…" while a page is read and "start of
 * history" at the top; without one, the pane names the log file that has the older lines.
 */
import {join} from 'node:path';
import {afterEach, expect, test} from 'vitest';
import type {HistoryPager} from '../../src/tui/history.js';
import {fixture, KEYS, lines, mount, publish, type Mounted} from './helpers.js';
import {storedFixture, type StoredFixture} from './history-fixture.js';

let ui: Mounted | undefined;
let f: StoredFixture | undefined;
afterEach(async () => {
  ui?.unmount();
  ui = undefined;
  await f?.close();
  f = undefined;
});

const rowsOf = (frame: string): string[] => {
  const all = frame.split('\n');
  const title = all.findIndex((line) => line.includes('logs:'));
  return all.slice(title + 1, all.length - 2).filter((line) => line.trim() !== '');
};
const titleOf = (frame: string): string => frame.split('\n').find((line) => line.includes('logs:')) ?? '';
const lineNumbers = (frame: string): number[] => rowsOf(frame).map((row) => Number(/source line (\d+)/.exec(row)?.[1] ?? NaN));

test('PgUp goes on past the ring into the store until "start of history"; every page is contiguous', async () => {
  f = await storedFixture(['source'], 300);
  publish(f.hub, lines('source', 1500));
  await f.flushed();
  ui = await mount(f.source, {rows: 24});
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('source line 1500') === true);
  for (let guard = 0; guard < 200 && !titleOf(ui.frame()).includes('start of history'); guard++) {
    await ui.press(KEYS.pageUp);
    const numbers = await ui.waitForFrame((frame) => !titleOf(frame).includes('loading')).then(lineNumbers);
    expect(numbers.every((n, i) => i === 0 || n === (numbers[i - 1] as number) + 1)).toBe(true);
  }
  expect(titleOf(ui.frame())).toContain('⤒ start of history');
  expect(rowsOf(ui.frame())[0]).toContain('source line 1');
  await ui.press('G');
  expect(ui.frame()).toContain('● following');
  expect(titleOf(ui.frame())).not.toContain('start of history');
});

test('Home with a store shows "loading older entries…" while the page is read, then the run\'s first entry', async () => {
  f = await storedFixture(['source'], 300);
  publish(f.hub, lines('source', 1500));
  await f.flushed();
  const stored = f.source.history as HistoryPager;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const gated: HistoryPager = {
    before: async (...args) => gate.then(() => stored.before(...args)),
    after: async (...args) => gate.then(() => stored.after(...args)),
  };
  ui = await mount({...f.source, history: gated}, {rows: 24});
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('source line 1500') === true);
  await ui.press(KEYS.home);
  expect(titleOf(ui.frame())).toContain('⟳ loading older entries…');
  release();
  const top = await ui.waitForFrame((frame) => titleOf(frame).includes('start of history'));
  expect(rowsOf(top)[0]).toContain('source line 1');
  await ui.press(KEYS.pageDown);
  expect(lineNumbers(ui.frame())[0]).toBeGreaterThan(1);
});

test('without a store, the top of the ring names the log file that has the older entries', async () => {
  const plain = fixture(['source', 'sink'], 300);
  publish(plain.hub, lines('source', 1000));
  ui = await mount(plain.source, {rows: 24, logDir: join(process.cwd(), 'logs'), cwd: process.cwd()});
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('source line 1000') === true);
  await ui.press(KEYS.home);
  expect(titleOf(ui.frame())).toContain('⤒ older entries are in logs/<id>.log');
  expect(rowsOf(ui.frame())[0]).toContain('source line 701');
  await ui.press('o'); // solo the selected component (source): the file is named
  await ui.press(KEYS.home);
  expect(titleOf(ui.frame())).toContain('older entries are in logs/source.log');
});

test('without a store and nothing evicted, the top of the ring is the start of history', async () => {
  const plain = fixture(['source'], 300);
  publish(plain.hub, lines('source', 100));
  ui = await mount(plain.source, {rows: 24});
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('source line 100') === true);
  await ui.press(KEYS.home);
  expect(titleOf(ui.frame())).toContain('⤒ start of history');
});

test('a history read that fails is said in the pane', async () => {
  f = await storedFixture(['source'], 300);
  publish(f.hub, lines('source', 1500));
  await f.flushed();
  ui = await mount(f.source, {rows: 24});
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('source line 1500') === true);
  await f.close();
  await ui.press(KEYS.home);
  await ui.waitForFrame((frame) => titleOf(frame).includes('✗ reading the log history failed'));
});
