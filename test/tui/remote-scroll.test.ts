/**
 * `flowctl attach` scrolls past what it holds, like `flowctl up` does: older entries are paged
 * in from the pipeline through GetLogs' seq bounds (a real server on 127.0.0.1), with
 * "loading…", "start of history", "older entries are in …" when the pipeline has no store,
 * and a failed read said in the pane without breaking the UI.
 */
import {join} from 'node:path';
import {afterEach, expect, test} from 'vitest';
import {ControlClient} from '../../src/control/client.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {Ring} from '../../src/logs/ring.js';
import {createRemoteTuiSource, type RemoteControl} from '../../src/tui/remote-source.js';
import type {TuiSource} from '../../src/tui/source.js';
import {line, startHarness, waitFor, type Harness} from '../control/helpers.js';
import {KEYS, mount, type Mounted} from './helpers.js';

let harness: Harness | undefined;
let source: TuiSource | undefined;
let ui: Mounted | undefined;
afterEach(async () => {
  ui?.unmount();
  source?.close();
  await harness?.server.close();
  ui = source = harness = undefined;
});

const rowsOf = (frame: string): string[] => {
  const all = frame.split('\n');
  const title = all.findIndex((row) => row.includes('logs:'));
  return all.slice(title + 1, all.length - 2).filter((row) => row.trim() !== '');
};
const titleOf = (frame: string): string => frame.split('\n').find((row) => row.includes('logs:')) ?? '';
const lineNumbers = (frame: string): number[] => rowsOf(frame).map((row) => Number(/entry (\d+)\b/.exec(row)?.[1] ?? NaN));

/** A pipeline whose run has `count` entries "entry <n>" (seq = n), its ring holding `serverRing`. */
async function pipelineWith(count: number, serverRing = 10_000): Promise<Harness> {
  const h = await startHarness({ring: new Ring({maxEntries: serverRing})});
  for (let from = 1; from <= count; from += 500) {
    h.hub.publish(Array.from({length: Math.min(500, count - from + 1)}, (_, i) => line('source-a', `entry ${from + i}`)));
  }
  return h;
}

async function attach(h: Harness, ringSize: number, wrap: (client: RemoteControl) => RemoteControl = (c) => c): Promise<TuiSource> {
  const s = createRemoteTuiSource({client: wrap(new ControlClient({address: h.server.address})), pipelineName: 'test-pipeline', ringSize, pollMs: 100});
  await waitFor(() => s.ring.size === Math.min(ringSize, h.ring.size) || undefined, 'the attached ring filled');
  await waitFor(() => s.status().length === 2 || undefined, 'status');
  return s;
}

test('PgUp past the attached ring pages older entries from the pipeline down to the start of the run, contiguous', async () => {
  harness = await pipelineWith(1500);
  source = await attach(harness, 300);
  expect(source.ring.oldestSeq).toBe(1201);
  expect(source.history).toBeDefined();
  ui = await mount(source, {rows: 24});
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('entry 1500') === true);
  let previousTop = Infinity;
  for (let guard = 0; guard < 200 && !titleOf(ui.frame()).includes('start of history'); guard++) {
    await ui.press(KEYS.pageUp);
    const numbers = await ui.waitForFrame((frame) => !titleOf(frame).includes('loading')).then(lineNumbers);
    expect(numbers.every((n, i) => i === 0 || n === (numbers[i - 1] as number) + 1)).toBe(true);
    expect(numbers[0]).toBeLessThanOrEqual(previousTop);
    previousTop = numbers[0] as number;
  }
  expect(titleOf(ui.frame())).toContain('⤒ start of history');
  expect(lineNumbers(ui.frame())[0]).toBe(1);
  await ui.press('G');
  expect(ui.frame()).toContain('● following');
});

test('Home goes to the first entry of the run through the pipeline, "loading older entries…" meanwhile', async () => {
  harness = await pipelineWith(1500);
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let bounded = 0;
  source = await attach(harness, 300, (client) => ({
    ...client,
    status: () => client.status(),
    component: (action, id) => client.component(action, id),
    close: () => client.close(),
    readLogs(query) {
      if (query.bounds === undefined) return client.readLogs(query);
      bounded++;
      const stream = client.readLogs(query);
      return {
        cancel: () => stream.cancel(),
        get partial() {
          return stream.partial;
        },
        async *[Symbol.asyncIterator]() {
          await gate;
          yield* stream;
        },
      };
    },
  }));
  ui = await mount(source, {rows: 24});
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('entry 1500') === true);
  await ui.press(KEYS.home);
  expect(titleOf(ui.frame())).toContain('⟳ loading older entries…');
  release();
  const top = await ui.waitForFrame((frame) => titleOf(frame).includes('start of history'));
  expect(lineNumbers(top)[0]).toBe(1);
  // One read per lane of the merged timeline: flowctl's own notes and the two components.
  expect(bounded).toBe(3);
  await ui.press(KEYS.pageDown);
  expect(lineNumbers(ui.frame())[0]).toBeGreaterThan(1);
});

test('a pipeline without a store whose ring evicted: the end of what it has names the log files', async () => {
  harness = await pipelineWith(1500, 500);
  source = await attach(harness, 200);
  ui = await mount(source, {rows: 24, logDir: join(process.cwd(), 'logs'), cwd: process.cwd()});
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('entry 1500') === true);
  await ui.press(KEYS.home);
  const top = await ui.waitForFrame((frame) => titleOf(frame).includes('older entries are in logs/<id>.log'));
  // The pipeline's ring (1001…1500) was read back past the attached one (1301…1500).
  expect(lineNumbers(top)[0]).toBe(1001);
});

test('regression: Home pressed before the attached ring filled still ends at the top of what the pipeline has, naming the log files', async () => {
  harness = await startHarness({ring: new Ring({maxEntries: 500})});
  harness.hub.publish([line('', 'control plane listening')]);
  for (let from = 2; from <= 1500; from += 500) {
    harness.hub.publish(Array.from({length: Math.min(500, 1501 - from)}, (_, i) => line('source-a', `entry ${from + i}`)));
  }
  source = createRemoteTuiSource({client: new ControlClient({address: harness.server.address}), pipelineName: 'test-pipeline', ringSize: 10_000, pollMs: 100});
  ui = await mount(source, {rows: 24, logDir: join(process.cwd(), 'logs'), cwd: process.cwd()});
  await ui.press(KEYS.home);
  const top = await ui.waitForFrame((frame) => titleOf(frame).includes('older entries are in logs/'));
  expect(rowsOf(top)[0]).toContain('control plane listening');
});

test('GetLogs failing in the middle of a page: the pane says so, the UI keeps working', async () => {
  harness = await pipelineWith(1500);
  source = await attach(harness, 300, (client) => ({
    ...client,
    status: () => client.status(),
    component: (action, id) => client.component(action, id),
    close: () => client.close(),
    readLogs(query) {
      if (query.bounds === undefined) return client.readLogs(query);
      const stream = client.readLogs(query);
      return {
        cancel: () => stream.cancel(),
        async *[Symbol.asyncIterator]() {
          for await (const batch of stream) {
            yield batch.slice(0, 10);
            stream.cancel();
            throw new Error('cannot reach the control plane at 127.0.0.1 (connection reset)');
          }
        },
      };
    },
  }));
  ui = await mount(source, {rows: 24});
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('entry 1500') === true);
  await ui.press(KEYS.home);
  const failed = await ui.waitForFrame((frame) => titleOf(frame).includes('✗ reading older entries from the pipeline failed'));
  // The footer says it too (the pane title is cut by the pane's width).
  expect(failed.split('\n').at(-1)).toContain('reading older entries from the pipeline failed: cannot reach the control plane');
  // Nothing half-read was shown, and what the attached ring holds can still be scrolled.
  expect(lineNumbers(failed).at(-1)).toBe(1500);
  const before = lineNumbers(failed)[0] as number;
  await ui.press(KEYS.pageUp);
  const numbers = lineNumbers(ui.frame());
  expect(numbers[0]).toBeLessThan(before);
  expect(numbers[0]).toBeGreaterThanOrEqual(1201);
  await ui.press('G');
  await ui.waitForFrame((frame) => frame.includes('● following') && !titleOf(frame).includes('✗'));
  harness.hub.publish([line('source-a', 'entry 1501')]);
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('entry 1501') === true);
});

test('regression: a drop marker from the pipeline (same seq as the entry after it) does not break the attached ring', async () => {
  const note = (seq: number): LogEntry => ({...line('', 'flowctl attach missed 3 entries (too slow)'), stream: 'control', level: 'warn', seq, runId: 'r', fields: {flowctl: 'dropped', count: '3'}});
  const entry = (seq: number): LogEntry => ({...line('source-a', `entry ${seq}`), seq, runId: 'r'});
  const client: RemoteControl = {
    status: async () => ({ok: true, value: {pipelineName: 'p', droppedEntries: 3, components: []}}),
    component: async () => ({ok: true, value: ''}),
    close: () => undefined,
    readLogs: (query) => ({
      cancel: () => undefined,
      async *[Symbol.asyncIterator]() {
        if (query.bounds !== undefined) return;
        yield [entry(1), entry(2)];
        yield [note(6), entry(6), entry(7)];
        await new Promise(() => undefined); // the stream stays open
      },
    }),
  };
  const s = createRemoteTuiSource({client, pipelineName: 'p', pollMs: 100});
  source = s;
  await waitFor(() => s.ring.newestSeq === 7 || undefined, 'entries after the marker');
  expect(s.ring.query(undefined).map((e) => e.seq)).toEqual([1, 2, 6, 7]);
  expect(s.ring.query(undefined).some((e) => /lost the log stream/.test(e.message))).toBe(false);
  await waitFor(() => s.droppedTotal() === 3 || undefined, 'the dropped count');
});

test('regression: an attached ring that holds seq 1 but has holes (the pipeline\'s ring evicts per component) is not "start of history"', async () => {
  harness = await startHarness({ring: new Ring({maxEntries: 500})});
  harness.hub.publish([line('proc-b', 'quiet first entry')]);
  for (let from = 2; from <= 1500; from += 500) {
    harness.hub.publish(Array.from({length: Math.min(500, 1501 - from)}, (_, i) => line('source-a', `entry ${from + i}`)));
  }
  expect(harness.ring.query(undefined, {limit: 2}).length).toBe(2);
  source = await attach(harness, 1000);
  expect(source.ring.oldestSeq).toBe(1);
  ui = await mount(source, {rows: 24, logDir: join(process.cwd(), 'logs'), cwd: process.cwd()});
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('entry 1500') === true);
  await ui.press(KEYS.home);
  const top = await ui.waitForFrame((frame) => titleOf(frame).includes('older entries are in logs/<id>.log'));
  expect(rowsOf(top)[0]).toContain('quiet first entry');
});

test('a pipeline whose flowctl ignores seq bounds (older version): said in the pane, never shown as older entries', async () => {
  harness = await pipelineWith(1500);
  source = await attach(harness, 300, (client) => ({
    status: () => client.status(),
    component: (action, id) => client.component(action, id),
    close: () => client.close(),
    // What an older server does: the bounds are unknown fields, only `tail` / the rest apply.
    readLogs: ({bounds: _bounds, ...query}) => client.readLogs(query),
  }));
  ui = await mount(source, {rows: 24});
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('entry 1500') === true);
  await ui.press(KEYS.home);
  const failed = await ui.waitForFrame((frame) => titleOf(frame).includes("✗ the pipeline's flowctl cannot page its history"));
  expect(lineNumbers(failed).every((n, i, all) => i === 0 || n === (all[i - 1] as number) + 1)).toBe(true);
  expect(lineNumbers(failed).at(-1)).toBe(1500);
});

test('attached: PgDn after Home moves on while the pipeline keeps printing', async () => {
  // flowctl's own note first (a quiet lane of the merged timeline), then the components' lines.
  harness = await startHarness({ring: new Ring({maxEntries: 10_000})});
  harness.hub.publish([line('', 'control plane listening')]);
  for (let from = 2; from <= 1500; from += 500) {
    harness.hub.publish(Array.from({length: Math.min(500, 1501 - from)}, (_, i) => line(i % 2 === 0 ? 'source-a' : 'proc-b', `entry ${from + i}`)));
  }
  source = await attach(harness, 300);
  ui = await mount(source, {rows: 24});
  await ui.waitForFrame((frame) => rowsOf(frame).at(-1)?.includes('entry 1500') === true);
  await ui.press(KEYS.home);
  await ui.waitForFrame((frame) => titleOf(frame).includes('start of history'));
  // The pipeline prints on: the attached ring evicts and every floor but the quiet lanes' moves.
  const h = harness;
  let next = 1501;
  const flood = setInterval(() => {
    h.hub.publish(Array.from({length: 100}, (_, i) => line(i % 2 === 0 ? 'source-a' : 'proc-b', `entry ${next + i}`)));
    next += 100;
  }, 10);
  try {
    await ui.press(KEYS.pageDown);
    const moved = await ui.waitForFrame((frame) => (lineNumbers(frame).find((n) => !Number.isNaN(n)) ?? 0) > 2 && !titleOf(frame).includes('loading'));
    const numbers = lineNumbers(moved);
    expect(numbers).toEqual(numbers.map((_, i) => (numbers[0] as number) + i));
  } finally {
    clearInterval(flood);
  }
});
