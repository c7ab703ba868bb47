/**
 * `n` / `N` reach matches beyond the ring: from the store (`flowctl up`) and through GetLogs
 * with the search as `include` + `before_seq` (`flowctl attach`, a real server on 127.0.0.1);
 * the page around the match is loaded and the match selected; failures are said, not thrown.
 */
import {afterEach, expect, test} from 'vitest';
import {ControlClient} from '../../src/control/client.js';
import {Ring} from '../../src/logs/ring.js';
import {createRemoteTuiSource, type RemoteControl} from '../../src/tui/remote-source.js';
import type {TuiSource} from '../../src/tui/source.js';
import {line, startHarness, waitFor, type Harness} from '../control/helpers.js';
import {fixture, KEYS, mount, publish, type Mounted} from './helpers.js';
import type {LogEntry} from '../../src/logs/entry.js';
import type {HistoryPager} from '../../src/tui/history.js';
import {ok} from '../../src/util/result.js';
import {storedFixture, type StoredFixture} from './history-fixture.js';

let harness: Harness | undefined;
let stored: StoredFixture | undefined;
let source: TuiSource | undefined;
let ui: Mounted | undefined;
afterEach(async () => {
  ui?.unmount();
  source?.close();
  await harness?.server.close();
  await stored?.close();
  ui = source = harness = stored = undefined;
});

const NEEDLES = new Set([50, 700, 1450]);
const text = (n: number): string => `entry ${n}${NEEDLES.has(n) ? ' needle' : ''}`;
/** The selected row ("›" marks it once the log pane has focus). */
const selectedRow = (frame: string): string | undefined =>
  frame
    .split('\n')
    .find((row) => /^›\d\d:\d\d/.test(row))
    ?.replace(/[[\]]/g, ''); // search highlights are brackets without colour

async function attached(wrap: (client: RemoteControl) => RemoteControl = (c) => c): Promise<TuiSource> {
  harness = await startHarness({ring: new Ring({maxEntries: 10_000})});
  for (let from = 1; from <= 1500; from += 500) {
    harness.hub.publish(Array.from({length: 500}, (_, i) => line(i % 2 === 0 ? 'source-a' : 'proc-b', text(from + i))));
  }
  const s = createRemoteTuiSource({client: wrap(new ControlClient({address: harness.server.address})), pipelineName: 'test-pipeline', ringSize: 300, pollMs: 100});
  await waitFor(() => s.ring.size === 300 || undefined, 'the attached ring');
  await waitFor(() => s.status().length === 2 || undefined, 'status');
  return s;
}

async function searchNeedle(m: Mounted): Promise<void> {
  await m.waitForFrame((frame) => frame.includes('entry 1500'));
  await m.press('?', 'n', 'e', 'e', 'd', 'l', 'e', KEYS.enter);
  expect(m.frame()).toContain('search: needle');
}

const jumpTo = async (m: Mounted, key: 'n' | 'N', n: number): Promise<void> => {
  await m.press(key);
  await m.waitForFrame((frame) => new RegExp(`entry ${n}\\b`).test(selectedRow(frame) ?? '') && !frame.includes('loading older'));
};

test('attached: n finds older matches past the ring through the pipeline, N comes back, the ends are said', async () => {
  source = await attached();
  ui = await mount(source, {rows: 24});
  await searchNeedle(ui);
  await jumpTo(ui, 'n', 1450); // in the attached ring (1201…1500)
  await jumpTo(ui, 'n', 700); // read from the pipeline
  // The page around the match is loaded: entries on both sides of it, contiguous.
  const around = ui.frame().split('\n').map((row) => Number(/entry (\d+)/.exec(row)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n));
  expect(around[0]).toBeLessThan(700);
  expect(around.at(-1)).toBeGreaterThan(700);
  expect(around).toEqual(around.map((_, i) => (around[0] as number) + i));
  await jumpTo(ui, 'n', 50);
  await ui.press('n');
  await ui.waitForFrame((frame) => frame.includes('no older match for needle'));
  expect(selectedRow(ui.frame())).toMatch(/entry 50\b/);
  await jumpTo(ui, 'N', 700);
  await jumpTo(ui, 'N', 1450);
  await ui.press('N');
  await ui.waitForFrame((frame) => frame.includes('no newer match for needle'));
});

test('attached: the pane\'s filter holds for matches from the history (component and include, ANDed with the search)', async () => {
  source = await attached();
  ui = await mount(source, {rows: 24});
  await ui.waitForFrame((frame) => frame.includes('entry 1500'));
  // Every needle is proc-b's (odd numbers are source-a's): solo source-a, show lines with a 9.
  await ui.press('o', '/', '9', KEYS.enter);
  await ui.waitForFrame((frame) => frame.includes('entry 1499'));
  await ui.press('?', ...'needle|entry 6', KEYS.enter);
  // Not 1199 (a 9 but no match) nor a needle (hidden): the newest shown entry matching the search.
  await jumpTo(ui, 'n', 699);
  await jumpTo(ui, 'n', 697);
  await jumpTo(ui, 'N', 699);
});

test('attached: GetLogs failing during a search is said in the footer; the view stays', async () => {
  source = await attached((client) => ({
    status: () => client.status(),
    component: (action, id) => client.component(action, id),
    close: () => client.close(),
    readLogs(query) {
      if (query.bounds === undefined) return client.readLogs(query);
      return {
        cancel: () => undefined,
        // eslint-disable-next-line require-yield
        async *[Symbol.asyncIterator]() {
          throw new Error('cannot reach the control plane at 127.0.0.1 (connection reset)');
        },
      };
    },
  }));
  ui = await mount(source, {rows: 24});
  await searchNeedle(ui);
  await jumpTo(ui, 'n', 1450);
  await ui.press('n');
  await ui.waitForFrame((frame) => frame.includes('reading older entries from the pipeline failed'));
  expect(selectedRow(ui.frame())).toMatch(/entry 1450\b/);
});

test('local with a store: n reaches matches the ring evicted, read from the store', async () => {
  stored = await storedFixture(['source'], 300);
  publish(stored.hub, Array.from({length: 1500}, (_, i) => ({componentId: 'source', raw: text(i + 1)})));
  await stored.flushed();
  ui = await mount(stored.source, {rows: 24});
  await searchNeedle(ui);
  await jumpTo(ui, 'n', 1450);
  await jumpTo(ui, 'n', 700);
  await jumpTo(ui, 'n', 50);
  await jumpTo(ui, 'N', 700);
});

/**
 * A local pipeline whose history answers the search only when the test opens the gate: the
 * ring holds 1201…1500, the one match (entry 50) is the history's.
 */
function gatedSearch() {
  const f = fixture(['source'], 300);
  const published = publish(f.hub, Array.from({length: 1500}, (_, i) => ({componentId: 'source', raw: i + 1 === 50 ? 'entry 50 needle' : `entry ${i + 1}`})));
  const needle = published[49] as LogEntry;
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let searched = 0;
  const history: HistoryPager = {
    async before(filter) {
      if (filter?.spec.include === undefined) return ok([]);
      searched++;
      await gate;
      return ok(filter.matches(needle) ? [needle] : []);
    },
    after: async () => ok([]),
  };
  return {source: {...f.source, history}, open, searched: () => searched};
}

for (const [name, key] of [['G', 'G'], ['End', KEYS.end], ['esc', KEYS.esc], ['PgUp', KEYS.pageUp], ['a filter key (5)', '5']] as const) {
  test(`regression: ${name} while a history search runs cancels it: the view does not jump when the history answers`, async () => {
    const s = gatedSearch();
    ui = await mount(s.source, {rows: 24});
    await ui.waitForFrame((frame) => frame.includes('entry 1500'));
    await ui.press('?', ...'needle', KEYS.enter, 'n');
    await ui.waitForFrame((frame) => frame.includes('searching older entries for needle'));
    await waitFor(() => s.searched() > 0 || undefined, 'the history search');
    await ui.press(key);
    await ui.waitForFrame((frame) => frame.includes('search for needle cancelled'));
    s.open();
    // The history's answer arrives and is dropped: no jump, no "match" message.
    await ui.press('t'); // (time column toggle: a frame drawn after the answer was handled)
    await ui.press('t');
    const frame = ui.frame();
    expect(frame).not.toContain('match #50');
    expect(selectedRow(frame) ?? '').not.toMatch(/entry 50\b/);
    expect(frame).not.toContain('entry 50 needle');
  });
}

test('search-status-vanishes: "searching…" stays while a long history search runs and goes when it ends', async () => {
  const s = gatedSearch();
  let now = Date.now();
  ui = await mount(s.source, {rows: 24, now: () => now});
  await ui.waitForFrame((frame) => frame.includes('entry 1500'));
  await ui.press('?', ...'needle', KEYS.enter, 'n');
  await ui.waitForFrame((frame) => frame.includes('searching older entries for needle'));
  now += 60_000; // a minute later, the history still scanning
  await ui.press('T', 'T'); // frames drawn after the clock moved (the time column toggled twice)
  expect(ui.frame()).toContain('searching older entries for needle');
  s.open();
  const found = await ui.waitForFrame((frame) => frame.includes('match #50 from the history'));
  expect(found).not.toContain('searching older entries');
});
