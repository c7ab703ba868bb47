/**
 * The merged timeline pages by timestamp across the ring and the stored history: a component
 * whose lines arrive late (a block-buffered child flushing a minute of lines at once) is
 * placed by its own times on every page, not by when its batch arrived.
 */
import {afterEach, expect, test} from 'vitest';
import type {LogEntry} from '../../src/logs/entry.js';
import {Hub} from '../../src/logs/hub.js';
import {Ring} from '../../src/logs/ring.js';
import {storeHistoryPager, type HistoryPager} from '../../src/tui/history.js';
import {LogWindow} from '../../src/tui/log-window.js';
import {MergedWindow} from '../../src/tui/merged-window.js';
import {byTime} from '../../src/tui/time-order.js';
import {storedFixture, type StoredFixture} from './history-fixture.js';

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const HEIGHT = 10;

let stored: StoredFixture | undefined;
afterEach(async () => {
  await stored?.close();
  stored = undefined;
});

const entry = (componentId: string, n: number, timestamp: number): Omit<LogEntry, 'seq' | 'runId'> => ({
  componentId, componentType: 'source', stream: 'stdout', timestamp, receivedAt: timestamp, level: 'info',
  message: `${componentId} ${n}`, fields: {}, raw: `${componentId} ${n}`, restart: 0, truncated: false,
});

/**
 * `fast` prints 60 lines a second apart, as they happen; `late` printed 60 lines in the same
 * minute, half a second after each of `fast`'s, but they all arrive after `fast`'s.
 */
function publishLateBatch(hub: Hub): LogEntry[] {
  return [
    ...hub.publish(Array.from({length: 60}, (_, i) => entry('fast', i, T0 + i * 1000))),
    ...hub.publish(Array.from({length: 60}, (_, i) => entry('late', i, T0 + i * 1000 + 500))),
  ];
}

/** Pages up from following to the top, one full page at a time; every page as drawn. */
function pagesUp(window: MergedWindow | LogWindow): LogEntry[][] {
  const pages = [window.displayed(HEIGHT)];
  for (let guard = 0; guard < 100; guard++) {
    const before = pages.at(-1)?.[0]?.seq;
    window.scrollUp(HEIGHT, HEIGHT);
    const page = window.displayed(HEIGHT);
    if (page[0]?.seq === before) break;
    pages.push(page);
  }
  return pages;
}

test('merged-timeline-pages-overlap-in-time: paging up a late-arriving component walks one time order, every entry once', () => {
  const ring = new Ring();
  const hub = new Hub({ring, runId: 'run-1'});
  const all = publishLateBatch(hub).sort(byTime);
  const pages = pagesUp(new MergedWindow(ring, undefined));
  // Newest page first: the bottom page is the last HEIGHT entries by time, and so on up.
  expect(pages.map((page) => page.map((e) => e.message))).toEqual(
    pages.map((_, k) => all.slice(Math.max(0, all.length - (k + 1) * HEIGHT), all.length - k * HEIGHT).map((e) => e.message)),
  );
  expect(pages.flat()).toHaveLength(all.length);
});

test('the pages chosen by arrival (a component pane\'s order) are not the time order: what the merged timeline fixes', () => {
  const ring = new Ring();
  const hub = new Hub({ring, runId: 'run-1'});
  const all = publishLateBatch(hub).sort(byTime);
  const pages = pagesUp(new LogWindow(ring, undefined));
  // The bottom page by arrival is `late`'s last ten only, ten seconds of `fast` missing between them.
  expect(pages[0]?.every((e) => e.componentId === 'late')).toBe(true);
  expect(pages[0]?.map((e) => e.message)).not.toEqual(all.slice(-HEIGHT).map((e) => e.message));
});

test('scrolling down again from the top retraces the same order and resumes following at the end', () => {
  const ring = new Ring();
  const hub = new Hub({ring, runId: 'run-1'});
  const all = publishLateBatch(hub).sort(byTime);
  const window = new MergedWindow(ring, undefined);
  window.top(HEIGHT);
  expect(window.displayed(HEIGHT).map((e) => e.message)).toEqual(all.slice(0, HEIGHT).map((e) => e.message));
  const seen = [...window.displayed(HEIGHT)];
  while (!window.follow) {
    window.scrollDown(1, HEIGHT);
    // The last step reaches the newest entry and follows again, showing it at the bottom.
    seen.push(window.displayed(HEIGHT).at(-1) as LogEntry);
  }
  expect(seen.map((e) => e.message)).toEqual(all.map((e) => e.message));
});

test('reveal places every component at the entry\'s time: the rows around it are its neighbours in time', () => {
  const ring = new Ring();
  const hub = new Hub({ring, runId: 'run-1'});
  const all = publishLateBatch(hub).sort(byTime);
  const window = new MergedWindow(ring, undefined);
  const target = all.find((e) => e.message === 'fast 20') as LogEntry;
  window.reveal(target, HEIGHT);
  const rows = window.displayed(HEIGHT);
  const at = all.indexOf(target);
  expect(rows.map((e) => e.message)).toEqual(all.slice(at - (HEIGHT - HEIGHT / 2) + 1, at + HEIGHT / 2 + 1).map((e) => e.message));
  expect(window.selected(HEIGHT)?.message).toBe('fast 20');
});

test('merged-timeline-pages-overlap-in-time, past the ring: pages read from the store per component keep the time order', async () => {
  stored = await storedFixture(['fast', 'late'], 30);
  const all = publishLateBatch(stored.hub).sort(byTime);
  await stored.flushed();
  const changed: Array<() => void> = [];
  const window = new MergedWindow(stored.ring, undefined, {
    history: storeHistoryPager({store: stored.store, runId: 'run-1'}),
    page: 16,
    onChange: () => changed.shift()?.(),
  });
  const settled = async (): Promise<void> => {
    for (let i = 0; i < 50 && window.edge(HEIGHT)?.kind === 'loading'; i++) await new Promise<void>((resolve) => changed.push(resolve));
  };
  const pages = [window.displayed(HEIGHT)];
  for (let guard = 0; guard < 100; guard++) {
    const before = pages.at(-1)?.[0]?.seq;
    window.scrollUp(HEIGHT, HEIGHT);
    await settled();
    const page = window.displayed(HEIGHT);
    if (page[0]?.seq === before) break;
    pages.push(page);
  }
  expect(window.edge(HEIGHT)).toEqual({kind: 'start'});
  expect(pages.flat().map((e) => e.message)).toHaveLength(all.length);
  expect(pages.reverse().flat().map((e) => e.message)).toEqual(all.map((e) => e.message));
});

test('regression: reveal of a match a few rows from the newest stays paused on it (it resumed following)', () => {
  const ring = new Ring();
  const hub = new Hub({ring, runId: 'run-1'});
  const all = publishLateBatch(hub).sort(byTime);
  const window = new MergedWindow(ring, undefined);
  const target = all.at(-3) as LogEntry;
  window.reveal(target, HEIGHT);
  expect(window.follow).toBe(false);
  expect(window.selected(HEIGHT)?.seq).toBe(target.seq);
  expect(window.displayed(HEIGHT).map((e) => e.message)).toEqual(all.slice(-HEIGHT).map((e) => e.message));
});

/**
 * A flood: every round publishes a ring's worth across three components, so the ring evicts
 * all the time and every floor moves, while the view reads pages from the store.
 */
async function underFlood(fixture: StoredFixture, window: MergedWindow, round: () => void): Promise<number> {
  let rounds = 0;
  while (window.edge(HEIGHT)?.kind === 'loading' && rounds < 100) {
    round();
    rounds++;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return rounds;
}

/** The fixture's history, each read answering after its own delay (1–11 ms). */
function staggeredPager(fixture: StoredFixture): HistoryPager {
  const pager = storeHistoryPager({store: fixture.store, runId: 'run-1'});
  let reads = 0;
  const later = <T>(read: () => Promise<T>): Promise<T> => new Promise((resolve) => setTimeout(() => void read().then(resolve), 1 + ((reads++ * 7) % 11)));
  return {
    before: (filter, beforeSeq, limit) => later(() => pager.before(filter, beforeSeq, limit)),
    after: (filter, afterSeq, beforeSeq, limit) => later(() => pager.after(filter, afterSeq, beforeSeq, limit)),
  };
}

test('flood-stalls-history-keys: under a flood Home, PgDn and a jump into the history each arrive, and the view is the time order', async () => {
  stored = await storedFixture(['a', 'b', 'c'], 300);
  const fixture = stored;
  let n = 0;
  const round = (): void => {
    fixture.hub.publish(Array.from({length: 300}, () => {
      n++;
      return entry(['a', 'b', 'c'][n % 3] as string, n, T0 + n);
    }));
  };
  for (let i = 0; i < 10; i++) round();
  await fixture.flushed();
  // Lanes' pages arrive apart, with frames drawn in between (as the UI does).
  const history = staggeredPager(fixture);
  const window: MergedWindow = new MergedWindow(fixture.ring, undefined, {history, componentIds: () => ['a', 'b', 'c'], onChange: () => window.edge(HEIGHT)});
  window.top(HEIGHT);
  expect(await underFlood(fixture, window, round)).toBeLessThan(100);
  expect(window.displayed(HEIGHT).map((e) => e.message)).toEqual(Array.from({length: HEIGHT}, (_, i) => `${['a', 'b', 'c'][(i + 1) % 3]} ${i + 1}`));
  expect(window.selected(HEIGHT)?.message).toBe('b 1');

  window.scrollDown(HEIGHT, HEIGHT);
  expect(await underFlood(fixture, window, round)).toBeLessThan(100);
  expect(window.displayed(HEIGHT).map((e) => e.seq)).toEqual(Array.from({length: HEIGHT}, (_, i) => HEIGHT + i + 1));

  // A search match far back in the history (entry 1 234), revealed mid-pane.
  const [target] = await fixture.store.query(undefined, {runId: 'run-1', afterSeq: 1233, limit: 1, order: 'asc'})[Symbol.asyncIterator]().next().then((r) => r.value as LogEntry[]);
  window.reveal(target as LogEntry, HEIGHT);
  expect(await underFlood(fixture, window, round)).toBeLessThan(100);
  expect(window.selected(HEIGHT)?.seq).toBe(1234);
  expect(window.displayed(HEIGHT).map((e) => e.seq)).toEqual(Array.from({length: HEIGHT}, (_, i) => 1234 - HEIGHT / 2 + 1 + i));
});

test('new-lines-count-never-shrinks: scrolling down past lines that arrived while paused counts them seen', () => {
  for (const make of [(ring: Ring) => new MergedWindow(ring, undefined), (ring: Ring) => new LogWindow(ring, undefined)]) {
    const ring = new Ring();
    const hub = new Hub({ring, runId: 'run-1'});
    publishLateBatch(hub);
    const window = make(ring);
    window.scrollUp(1, HEIGHT);
    const arrived = hub.publish(Array.from({length: 30}, (_, i) => entry('fast', 100 + i, T0 + 100_000 + i)));
    window.onEntries(arrived);
    expect(window.newCount).toBe(30);
    window.scrollDown(1, HEIGHT); // the row it scrolled up past, not new
    expect(window.newCount).toBe(30);
    window.scrollDown(10, HEIGHT);
    expect(window.newCount).toBe(20);
  }
});

test('redraw-per-lane: a scroll that reads every lane\'s history page draws once, when the last page is in', async () => {
  stored = await storedFixture(['a', 'b', 'c'], 30);
  const fixture = stored;
  fixture.hub.publish(Array.from({length: 600}, (_, i) => entry(['a', 'b', 'c'][i % 3] as string, i, T0 + i)));
  await fixture.flushed();
  let changes = 0;
  const window: MergedWindow = new MergedWindow(fixture.ring, undefined, {
    history: storeHistoryPager({store: fixture.store, runId: 'run-1'}),
    componentIds: () => ['a', 'b', 'c'],
    onChange: () => changes++,
  });
  window.scrollUp(60, HEIGHT);
  for (let i = 0; i < 100 && window.edge(HEIGHT)?.kind === 'loading'; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(window.edge(HEIGHT)?.kind).not.toBe('loading');
  expect(changes).toBe(1);
});

for (const kind of ['merged', 'one component'] as const) {
  test(`search-match-on-bottom-row (${kind} pane): a jump into the history draws the view before until the match sits mid-pane, never the match on the bottom row`, async () => {
    stored = await storedFixture(['a', 'b', 'c'], 30);
    const fixture = stored;
    fixture.hub.publish(Array.from({length: 900}, (_, i) => entry(['a', 'b', 'c'][i % 3] as string, i, T0 + i)));
    await fixture.flushed();
    // The lanes are placed apart.
    const history = staggeredPager(fixture);
    // Every frame as drawn: on each page, and every 2 ms as a flood's redraws would.
    const frames: string[] = [];
    const frame = (): void => {
      const rows = window.displayed(HEIGHT);
      frames.push(rows.map((e, i) => `${e.seq}${i === window.selectedIndex(rows) ? '*' : ''}`).join(' '));
    };
    const window: MergedWindow | LogWindow = kind === 'merged'
      ? new MergedWindow(fixture.ring, undefined, {history, componentIds: () => ['a', 'b', 'c'], onChange: frame})
      : new LogWindow(fixture.ring, undefined, {history, onChange: frame});
    frame();
    const before = frames[0];
    const [match] = await fixture.store.query(undefined, {runId: 'run-1', afterSeq: 399, limit: 1, order: 'asc'})[Symbol.asyncIterator]().next().then((r) => r.value as LogEntry[]);
    window.reveal(match as LogEntry, HEIGHT);
    for (let i = 0; i < 200 && window.edge(HEIGHT)?.kind === 'loading'; i++) {
      frame();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    frame();
    const after = Array.from({length: HEIGHT}, (_, i) => 400 - HEIGHT / 2 + 1 + i).map((seq) => `${seq}${seq === 400 ? '*' : ''}`).join(' ');
    expect(frames.at(-1)).toBe(after);
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.filter((f) => f !== before && f !== after)).toEqual([]);
  });
}
