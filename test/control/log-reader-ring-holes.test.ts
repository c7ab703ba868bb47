/**
 * Regressions found by `test/e2e/log-engine.test.ts` (`flowctl logs` against a running `up`
 * with a small `logging.buffer_size`):
 *
 * 1. "live logs skip what a chatty component evicted after a quiet component's entries": the
 *    ring keeps each component's fair share, so once it evicted, what it holds is not a suffix
 *    of the run. GetLogs read the store only below the ring's OLDEST seq (a quiet component's
 *    first line) and so lost every evicted chatty entry after it.
 * 2. "live logs skip entries evicted from the ring before the store committed them": the
 *    history is written by a worker; an entry can leave the ring before it is saved.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {openStore, type LogStore} from '../../src/logs/store/index.js';
import {Ring} from '../../src/logs/ring.js';
import {ControlClient} from '../../src/control/client.js';
import type {HistoryStore} from '../../src/control/history-store.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {line, startHarness, type Harness} from './helpers.js';

let dir: string;
let store: LogStore;
let harness: Harness | undefined;
let client: ControlClient | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-ring-holes-'));
  const opened = await openStore(join(dir, 'history.sqlite'), {retentionMs: 0});
  if (!opened.ok) throw new Error(opened.error);
  store = opened.value;
  store.beginRun('run-now', {pipeline: 'test-pipeline', startedAt: Date.now()});
});
afterEach(async () => {
  client?.close();
  client = undefined;
  await harness?.server.close();
  harness = undefined;
  await store.close();
  rmSync(dir, {recursive: true, force: true});
});

async function read(spec: {tail?: number; components?: string[]}): Promise<LogEntry[]> {
  client ??= new ControlClient({address: harness!.server.address});
  const out: LogEntry[] = [];
  for await (const batch of client.readLogs({spec, follow: false, run: ''})) out.push(...batch);
  return out;
}

const range = (from: number, to: number): number[] => Array.from({length: to - from + 1}, (_, i) => from + i);

/** Two quiet lines, then 300 chatty ones, into a ring of 50. */
function publishQuietThenChatty(h: Harness): void {
  h.hub.publish([line('source-a', 'quiet 1'), line('source-a', 'quiet 2')]);
  h.hub.publish(Array.from({length: 300}, (_, i) => line('proc-b', `chatty ${i + 1}`)));
}

describe('live logs skip what a chatty component evicted after a quiet component\'s entries', () => {
  it('reads every entry once, in seq order, with and without a tail', async () => {
    harness = await startHarness({ring: new Ring({maxEntries: 50}), store, runId: 'run-now'});
    const h = harness;
    const history = h.hub.subscribe({name: 'history'}, (batch) => store.append(batch));
    publishQuietThenChatty(h);
    await history.drained();
    // The quiet lines survive in the ring (fairness), so the ring does hold a hole.
    expect(h.ring.oldestSeq).toBe(1);
    expect(h.ring.query(undefined).map((e) => e.seq)).toEqual([1, 2, ...range(255, 302)]);

    expect((await read({})).map((e) => e.seq)).toEqual(range(1, 302));
    expect((await read({tail: 260})).map((e) => e.seq)).toEqual(range(43, 302));
    expect((await read({tail: 302})).map((e) => e.seq)).toEqual(range(1, 302));
    expect((await read({tail: 3, components: ['source-a']})).map((e) => e.message)).toEqual(['quiet 1', 'quiet 2']);
  });
});

describe('live logs skip entries evicted from the ring before the store committed them', () => {
  it('flushes the store before reading what the ring evicted', async () => {
    // Entries reach the store only when asked to flush: the slowest possible writer.
    const onTheirWay: LogEntry[] = [];
    let flushes = 0;
    const slowStore: HistoryStore = {
      query: (filter, options) => store.query(filter, options),
      runs: () => store.runs(),
      async flush() {
        flushes++;
        store.append(onTheirWay.splice(0));
        await store.flush();
      },
    };
    harness = await startHarness({ring: new Ring({maxEntries: 50}), store: slowStore, runId: 'run-now'});
    harness.hub.subscribe({name: 'history'}, (batch) => void onTheirWay.push(...batch));
    publishQuietThenChatty(harness);

    expect((await read({})).map((e) => e.seq)).toEqual(range(1, 302));
    expect(flushes).toBe(1);
  });

  it('a store without flush still gets what it holds merged with the ring', async () => {
    harness = await startHarness({ring: new Ring({maxEntries: 50}), store: {query: (f, o) => store.query(f, o), runs: () => store.runs()}, runId: 'run-now'});
    const history = harness.hub.subscribe({name: 'history'}, (batch) => store.append(batch));
    publishQuietThenChatty(harness);
    await history.drained();
    await store.flush();
    expect((await read({})).map((e) => e.seq)).toEqual(range(1, 302));
  });
});
