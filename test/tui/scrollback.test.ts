/**
 * Scrolling past the ring into the stored history, at the level of one pane (`LogWindow`
 * over `Scrollback`): a real hub, a small real ring and a real SQLite history in a temp dir
 * holding far more entries than the ring. Every view of the walk must be a run of
 * consecutive seqs: no gap and no duplicate at the seam between stored and ring entries.
 */
import {afterEach, expect, test} from 'vitest';
import {compileFilter} from '../../src/logs/filter.js';
import type {LogFilter} from '../../src/logs/api.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {LogWindow, type LogWindowOptions} from '../../src/tui/log-window.js';
import {lines, publish, waitFor} from './helpers.js';
import {storedFixture, type StoredFixture} from './history-fixture.js';

const H = 20;
let f: StoredFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

function windowOver(fixture: StoredFixture, filter?: LogFilter, options: LogWindowOptions = {}): LogWindow {
  const history = fixture.source.history;
  if (history === undefined) throw new Error('the stored fixture has a history');
  return new LogWindow(fixture.ring, filter, {history, ...options});
}

/** Waits until no history page is in flight (a page that arrives may start the next one). */
async function idle(window: LogWindow): Promise<void> {
  await waitFor(
    () => window.scrollback.loading === undefined,
    () => `still loading (${window.scrollback.buffered} buffered)`,
  );
}

const seqs = (rows: readonly LogEntry[]): number[] => rows.map((e) => e.seq);
const consecutive = (values: readonly number[]): boolean => values.every((v, i) => i === 0 || v === (values[i - 1] as number) + 1);

/** Scrolls up a page at a time until the start of history; every view checked. */
async function walkUp(window: LogWindow, check: (rows: LogEntry[]) => void): Promise<number[]> {
  const tops: number[] = [];
  for (let guard = 0; guard < 1000; guard++) {
    await idle(window);
    const rows = window.rows(H);
    check(rows);
    tops.push(rows[0]?.seq ?? -1);
    const edge = window.edge(H);
    if (edge?.kind === 'start') return tops;
    window.scrollUp(H - 1, H);
  }
  throw new Error('never reached the start of history');
}

/** Scrolls down a page at a time until following again; every view checked. */
async function walkDown(window: LogWindow, check: (rows: LogEntry[]) => void): Promise<LogEntry[]> {
  const seen = new Map<number, LogEntry>();
  for (let guard = 0; guard < 1000; guard++) {
    await idle(window);
    const rows = window.rows(H);
    check(rows);
    for (const row of rows) seen.set(row.seq, row);
    if (window.follow) return [...seen.values()].sort((a, b) => a.seq - b.seq);
    window.scrollDown(H - 1, H);
  }
  throw new Error('never got back to following');
}

test('PgUp past the ring reads older pages from the store down to the first entry, no gap or duplicate at the seam', async () => {
  f = await storedFixture(['source'], 300);
  publish(f.hub, lines('source', 2000));
  await f.flushed();
  const window = windowOver(f);
  expect(window.scrollback.floor()).toBe(1701);
  const tops = await walkUp(window, (rows) => {
    expect(rows).toHaveLength(H);
    expect(consecutive(seqs(rows))).toBe(true);
  });
  expect(window.rows(H)[0]?.raw).toBe('source line 1');
  expect(tops.at(-1)).toBe(1);
  const all = await walkDown(window, (rows) => expect(consecutive(seqs(rows))).toBe(true));
  expect(seqs(all)).toEqual(Array.from({length: 2000}, (_, i) => i + 1));
});

test('a ring with holes (a chatty and a quiet component): the merged view is read from the store below the floor', async () => {
  f = await storedFixture(['chatty', 'quiet'], 300);
  for (let i = 0; i < 20; i++) {
    publish(f.hub, lines('chatty', 99, i * 99 + 1));
    publish(f.hub, lines('quiet', 1, i + 1));
  }
  await f.flushed();
  // The quiet component keeps all 20 entries in the ring; the chatty one only its newest.
  expect(f.ring.query(undefined).filter((e) => e.componentId === 'quiet')).toHaveLength(20);
  const window = windowOver(f);
  const floor = window.scrollback.floor();
  expect(floor).toBeGreaterThan(f.ring.oldestSeq ?? 0);
  window.scrollUp(H - 1, H);
  await walkUp(window, (rows) => expect(consecutive(seqs(rows))).toBe(true));
  const all = await walkDown(window, (rows) => expect(consecutive(seqs(rows))).toBe(true));
  expect(seqs(all)).toEqual(Array.from({length: 2000}, (_, i) => i + 1));
});

test('the active filter is read from the store too (level ≥ warn): every warning once, in order', async () => {
  f = await storedFixture(['source'], 300);
  for (let i = 1; i <= 3000; i++) publish(f.hub, [{componentId: 'source', raw: `source line ${i}`, level: i % 7 === 0 ? 'warn' : 'info'}]);
  await f.flushed();
  const compiled = compileFilter({minLevel: 'warn'});
  if (!compiled.ok) throw new Error(compiled.error.message);
  const window = windowOver(f, compiled.value);
  window.top(H);
  await idle(window);
  expect(window.rows(H)[0]?.raw).toBe('source line 7');
  expect(window.edge(H)).toEqual({kind: 'start'});
  const all = await walkDown(window, (rows) => expect(rows.every((e) => e.level === 'warn')).toBe(true));
  expect(all.map((e) => e.raw)).toEqual(Array.from({length: 428}, (_, i) => `source line ${(i + 1) * 7}`));
});

test('the side buffer stays bounded: the far end is let go and read again when scrolled back', async () => {
  f = await storedFixture(['source'], 100);
  publish(f.hub, lines('source', 3000));
  await f.flushed();
  const window = windowOver(f, undefined, {page: 50, maxBuffered: 200});
  let most = 0;
  await walkUp(window, () => (most = Math.max(most, window.scrollback.buffered)));
  expect(most).toBeLessThanOrEqual(250);
  expect(window.rows(H)[0]?.seq).toBe(1);
  const all = await walkDown(window, (rows) => {
    expect(consecutive(seqs(rows))).toBe(true);
    most = Math.max(most, window.scrollback.buffered);
  });
  expect(most).toBeLessThanOrEqual(250);
  expect(all).toHaveLength(3000);
});

test('a paused view keeps its rows while a flood evicts them from the ring, and scrolls on through the store', async () => {
  f = await storedFixture(['source'], 300);
  publish(f.hub, lines('source', 1000));
  const window = windowOver(f);
  window.scrollUp(10, H);
  const before = window.rows(H).map((e) => e.raw);
  expect(before.at(-1)).toBe('source line 990');
  publish(f.hub, lines('source', 5000, 1001));
  expect(window.rows(H).map((e) => e.raw)).toEqual(before);
  expect(window.scrollback.loading).toBeUndefined();
  await f.flushed();
  window.scrollDown(H - 1, H);
  await idle(window);
  const rows = window.rows(H);
  expect(consecutive(seqs(rows))).toBe(true);
  expect(rows.at(-1)?.raw).toBe('source line 1009');
});

test('a failed history read is shown, not retried in a loop, and forgotten when following again', async () => {
  f = await storedFixture(['source'], 300);
  publish(f.hub, lines('source', 2000));
  await f.flushed();
  const window = windowOver(f);
  await f.close();
  window.scrollUp(400, H);
  await idle(window);
  const edge = window.edge(H);
  expect(edge?.kind).toBe('failed');
  expect(edge?.kind === 'failed' ? edge.message : '').toContain('reading the log history failed');
  window.resume();
  expect(window.edge(H)).toBeUndefined();
});
