/**
 * `e` exports the current filter's entries of the whole run, not only the ring: from the store
 * (`flowctl up`) or GetLogs (`flowctl attach`, a real server on 127.0.0.1), then the ring;
 * streamed a page at a time; the count written in the status line; nothing left behind when
 * reading fails half-way.
 */
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, expect, test} from 'vitest';
import {ControlClient} from '../../src/control/client.js';
import {parseExport} from '../../src/logs/export/index.js';
import {Ring} from '../../src/logs/ring.js';
import {EXPORT_PAGE, exportRun, runEntries} from '../../src/tui/export.js';
import {compileFilter} from '../../src/logs/filter.js';
import type {HistoryPager} from '../../src/tui/history.js';
import {ok} from '../../src/util/result.js';
import {LogWindow} from '../../src/tui/log-window.js';
import {createRemoteTuiSource, type RemoteControl} from '../../src/tui/remote-source.js';
import type {TuiSource} from '../../src/tui/source.js';
import {line, startHarness, waitFor, type Harness} from '../control/helpers.js';
import {fixture, lines, mount, publish, type Mounted} from './helpers.js';
import {floodOnFirstRead, storedFixture, type StoredFixture} from './history-fixture.js';

let harness: Harness | undefined;
let stored: StoredFixture | undefined;
let source: TuiSource | undefined;
let ui: Mounted | undefined;
const dirs: string[] = [];
afterEach(async () => {
  ui?.unmount();
  source?.close();
  await harness?.server.close();
  await stored?.close();
  ui = source = harness = stored = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

function exportDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-tui-export-run-'));
  dirs.push(dir);
  return dir;
}

const onlyFile = (dir: string): string => {
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  return path.join(dir, files[0] as string);
};

async function exportAs(m: Mounted, key: 'j' | 'n' | 'c' | 't'): Promise<string> {
  await m.press('e', key);
  return m.waitForFrame((frame) => /exported [\d,]+ entries|export failed/.test(frame));
}

test('local with a store: the whole run\'s matching entries, read from the store then the ring (json)', async () => {
  stored = await storedFixture(['source', 'sink'], 300);
  publish(stored.hub, Array.from({length: 2000}, (_, i) => ({componentId: i % 4 === 0 ? 'sink' : 'source', raw: `entry ${i + 1}`, level: i % 4 === 0 ? 'error' : 'info'})));
  await stored.flushed();
  const dir = exportDir();
  ui = await mount(stored.source, {logDir: dir});
  await ui.press('5'); // level ≥ error: every 4th entry, 500 in the run, ~75 of them in the ring
  const frame = await exportAs(ui, 'j');
  expect(frame).toContain('exported 500 entries to');
  expect(frame).not.toContain('log files');
  const parsed = parseExport('json', readFileSync(onlyFile(dir), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  expect(parsed.value.map((e) => e.seq)).toEqual(Array.from({length: 500}, (_, i) => 4 * i + 1));
});

test('the run is read a page at a time, never all at once', async () => {
  stored = await storedFixture(['source'], 300);
  publish(stored.hub, lines('source', 2500));
  await stored.flushed();
  const window = new LogWindow(stored.ring, undefined, {...(stored.source.history && {history: stored.source.history})});
  const sizes: number[] = [];
  let next = 1;
  for await (const batch of runEntries({ring: stored.ring, history: stored.source.history, floor: window.scrollback.floor(), filter: undefined})) {
    sizes.push(batch.length);
    for (const entry of batch) expect(entry.seq).toBe(next++);
  }
  expect(next).toBe(2501);
  expect(Math.max(...sizes)).toBeLessThanOrEqual(EXPORT_PAGE);
});

test('a flood evicting the ring while the export reads: the gap is read from the store, every entry once, up to where it began', async () => {
  stored = await storedFixture(['source'], 300);
  const f = stored;
  publish(f.hub, lines('source', 1500));
  await f.flushed();
  const history = f.source.history as HistoryPager;
  // The whole ring turns over between two reads.
  const flooding = floodOnFirstRead(history, () => void publish(f.hub, lines('source', 1000, 1501)));
  const window = new LogWindow(f.ring, undefined, {history});
  const seqs: number[] = [];
  for await (const batch of runEntries({ring: f.ring, history: flooding, floor: window.scrollback.floor(), filter: undefined})) seqs.push(...batch.map((e) => e.seq));
  expect(flooding.flooded()).toBe(true);
  expect(seqs).toEqual(Array.from({length: 1500}, (_, i) => i + 1));
});

test('regression export-lost-floor-entry: live entries evicting the ring while the export file opens lose nothing', async () => {
  stored = await storedFixture(['source'], 300);
  const f = stored;
  publish(f.hub, lines('source', 1500));
  await f.flushed();
  const history = f.source.history as HistoryPager;
  const window = new LogWindow(f.ring, undefined, {history});
  const floor = window.scrollback.floor();
  expect(floor).toBe(1201);
  const dir = exportDir();
  const exporting = exportRun({ring: f.ring, history, floor, filter: undefined}, {format: 'ndjson', dir, now: Date.now(), prefixWidth: 6});
  // Arrives while the export awaits its file: evicts 1201…1300, the floor's entries.
  publish(f.hub, lines('source', 100, 1501));
  const done = await exporting;
  expect(done.ok).toBe(true);
  const seqs = readFileSync(onlyFile(dir), 'utf8').trim().split('\n').map((row) => (JSON.parse(row) as {seq: number}).seq);
  expect(seqs).toEqual(Array.from({length: 1500}, (_, i) => i + 1));
});

test('local without a store after eviction: the ring, and the status line says the rest is in the log files', async () => {
  const f = fixture(['source'], 300);
  publish(f.hub, lines('source', 1000));
  const dir = exportDir();
  ui = await mount(f.source, {logDir: dir});
  const frame = await exportAs(ui, 'n');
  expect(frame).toContain('exported 300 entries');
  expect(frame).toContain('(older ones only in the log files) to');
});

async function attached(serverRing: number, wrap: (client: RemoteControl) => RemoteControl = (c) => c): Promise<TuiSource> {
  harness = await startHarness({ring: new Ring({maxEntries: serverRing})});
  for (let from = 1; from <= 1500; from += 500) {
    harness.hub.publish(Array.from({length: 500}, (_, i) => line('source-a', `entry ${from + i}`)));
  }
  const s = createRemoteTuiSource({client: wrap(new ControlClient({address: harness.server.address})), pipelineName: 'test-pipeline', ringSize: 300, pollMs: 100});
  await waitFor(() => s.ring.size === 300 || undefined, 'the attached ring');
  await waitFor(() => s.status().length === 2 || undefined, 'status');
  return s;
}

test('attached: the whole run through GetLogs, then the attached ring (csv)', async () => {
  source = await attached(10_000);
  const dir = exportDir();
  ui = await mount(source, {logDir: dir});
  const frame = await exportAs(ui, 'c');
  expect(frame).toContain('exported 1,500 entries');
  const parsed = parseExport('csv', readFileSync(onlyFile(dir), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  expect(parsed.value.map((e) => e.message)).toEqual(Array.from({length: 1500}, (_, i) => `entry ${i + 1}`));
});

test('attached to a pipeline without a store whose ring evicted: what it has, and where the rest is', async () => {
  source = await attached(1000);
  const dir = exportDir();
  ui = await mount(source, {logDir: dir});
  const frame = await exportAs(ui, 't');
  expect(frame).toContain('exported 1,000 entries');
  expect(frame).toContain('(older ones only in the log files) to');
  const text = readFileSync(onlyFile(dir), 'utf8').trim().split('\n');
  expect(text[0]).toContain('entry 501');
  expect(text.at(-1)).toContain('entry 1500');
});

test('attached: GetLogs failing in the middle of the export says so and leaves no file behind', async () => {
  let pages = 0;
  source = await attached(10_000, (client) => ({
    status: () => client.status(),
    component: (action, id) => client.component(action, id),
    close: () => client.close(),
    readLogs(query) {
      if (query.bounds === undefined || ++pages < 2) return client.readLogs(query);
      return {
        cancel: () => undefined,
        // eslint-disable-next-line require-yield
        async *[Symbol.asyncIterator]() {
          throw new Error('cannot reach the control plane at 127.0.0.1 (connection reset)');
        },
      };
    },
  }));
  const dir = exportDir();
  ui = await mount(source, {logDir: dir});
  const frame = await exportAs(ui, 'n');
  // Its history is its ring (no store): read newest first and held, so nothing was written yet.
  expect(frame).toMatch(/export failed after 0 entries \(nothing written\): reading older entries from the pipeline failed/);
  expect(readdirSync(dir)).toEqual([]);
  // The UI goes on.
  harness?.hub.publish([line('source-a', 'entry 1501')]);
  await ui.waitForFrame((f) => f.includes('entry 1501'));
});

test('regression: store off, a flood evicting the ring while the export reads: every entry the ring held when it began is in the file (no silent gap)', async () => {
  const f = fixture(['source'], 3000);
  publish(f.hub, lines('source', 2500));
  const seqs: number[] = [];
  for await (const batch of runEntries({ring: f.ring, history: undefined, floor: -Infinity, filter: undefined})) {
    seqs.push(...batch.map((e) => e.seq));
    // Between two pages the whole ring turns over: a reader paging the live ring loses 1001…2500.
    if (seqs.length === EXPORT_PAGE) publish(f.hub, lines('source', 6000, 2501));
  }
  expect(f.ring.oldestSeq).toBeGreaterThan(2500);
  expect(seqs).toEqual(Array.from({length: 2500}, (_, i) => i + 1));
});

test('regression: store off, the filter still applies to what the export snapshotted', async () => {
  const f = fixture(['source'], 3000);
  publish(f.hub, Array.from({length: 2500}, (_, i) => ({componentId: 'source', raw: `entry ${i + 1}`, level: i % 2 === 0 ? 'error' : 'info'})));
  const filter = compileFilter({minLevel: 'error'});
  if (!filter.ok) throw new Error(filter.error.message);
  const seqs: number[] = [];
  for await (const batch of runEntries({ring: f.ring, history: undefined, floor: -Infinity, filter: filter.value})) {
    seqs.push(...batch.map((e) => e.seq));
    if (seqs.length === EXPORT_PAGE) publish(f.hub, lines('source', 6000, 2501, {level: 'error'}));
  }
  expect(seqs).toEqual(Array.from({length: 1250}, (_, i) => 2 * i + 1));
});

test('an export aborted while a history read hangs: it stops at once, says it was cancelled, leaves no file', async () => {
  const f = fixture(['source'], 100);
  publish(f.hub, lines('source', 500)); // the ring holds 401…500; 1…400 are the history's
  const hanging: HistoryPager = {before: () => new Promise(() => undefined), after: () => new Promise(() => undefined)};
  const dir = exportDir();
  const abort = new AbortController();
  const result = exportRun({ring: f.ring, history: hanging, floor: 401, filter: undefined}, {format: 'ndjson', dir, now: Date.now(), prefixWidth: 6, signal: abort.signal});
  await waitFor(() => readdirSync(dir).some((name) => name.endsWith('.part')) || undefined, 'the .part file');
  abort.abort();
  const done = await result;
  expect(done.ok).toBe(false);
  if (!done.ok) expect(done.error).toMatch(/^export cancelled after 0 entries: .*\.ndjson\.part removed$/);
  expect(readdirSync(dir)).toEqual([]);
});

test('an export aborted between pages of the ring reads no further page', async () => {
  const f = fixture(['source'], 10_000);
  publish(f.hub, lines('source', 5000));
  const abort = new AbortController();
  const seen: number[] = [];
  const reading = (async () => {
    for await (const batch of runEntries({ring: f.ring, history: undefined, floor: -Infinity, filter: undefined}, abort.signal)) {
      seen.push(batch.length);
      abort.abort();
    }
  })();
  await expect(reading).rejects.toThrow();
  expect(seen).toEqual([EXPORT_PAGE]);
});

test('regression: attached to a pipeline without a store, a flood evicting its ring while the export reads: no hole in the middle, only older entries are missing', async () => {
  // The pipeline's ring (the history) holds 1…5000; the attached ring 4901…5000.
  const remote = fixture(['source'], 5000);
  const all = publish(remote.hub, lines('source', 5000));
  const local = new Ring({maxEntries: 100});
  local.append(all);
  let reads = 0;
  const flood = (): void => {
    // Every read lets the pipeline's ring turn over 1 500 entries (its oldest go first).
    reads++;
    publish(remote.hub, lines('source', 1500, 5000 + reads * 1500));
  };
  const ringPager: HistoryPager = {
    partial: true,
    async before(filter, beforeSeq, limit) {
      const page = remote.ring.query(filter, {beforeSeq, limit});
      flood();
      return ok(page);
    },
    async after(filter, afterSeq, beforeSeq, limit) {
      const page = remote.ring.query(filter, {afterSeq: afterSeq ?? 0, beforeSeq}).slice(0, limit);
      flood();
      return ok(page);
    },
  };
  const window = new LogWindow(local, undefined, {history: ringPager});
  const floor = window.scrollback.floor();
  expect(floor).toBe(4901);
  const seqs: number[] = [];
  for await (const batch of runEntries({ring: local, history: ringPager, floor, filter: undefined})) seqs.push(...batch.map((e) => e.seq));
  // Contiguous up to the newest entry when it began: only older entries are missing.
  expect(seqs.at(-1)).toBe(5000);
  expect(seqs.every((seq, i) => i === 0 || seq === (seqs[i - 1] as number) + 1)).toBe(true);
  expect(seqs[0]).toBeGreaterThan(1);
});
