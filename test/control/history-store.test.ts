import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {openStore, type LogStore} from '../../src/logs/store/index.js';
import {Ring} from '../../src/logs/ring.js';
import {ControlClient} from '../../src/control/client.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {line, startHarness, waitFor, type Harness} from './helpers.js';

let dir: string;
let store: LogStore;
let harness: Harness | undefined;
let client: ControlClient | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-control-store-'));
  const opened = await openStore(join(dir, 'history.sqlite'), {retentionMs: 0});
  if (!opened.ok) throw new Error(opened.error);
  store = opened.value;
});
afterEach(async () => {
  client?.close();
  await harness?.server.close();
  harness = undefined;
  await store.close();
  rmSync(dir, {recursive: true, force: true});
});

async function collect(stream: AsyncIterable<LogEntry[]>, stopAt = Infinity): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for await (const batch of stream) {
    out.push(...batch);
    if (out.length >= stopAt) break;
  }
  return out;
}

/** A harness whose ring keeps only 50 entries, with the store recording everything (as `up` wires it). */
async function withStore(): Promise<Harness> {
  store.beginRun('run-old', {pipeline: 'test-pipeline', startedAt: 1000});
  store.append([1, 2, 3].map((seq) => ({...line('proc-b', `old ${seq}`), seq, runId: 'run-old'})));
  store.endRun('run-old', 2000);
  const h = await startHarness({ring: new Ring({maxEntries: 50}), store, runId: 'run-now'});
  store.beginRun('run-now', {pipeline: 'test-pipeline', startedAt: Date.now()});
  h.hub.subscribe({name: 'store'}, (batch) => store.append(batch.filter((e) => e.stream !== 'control')));
  return h;
}

describe('GetLogs with the history store', () => {
  it('reads what the ring evicted from the store: all entries once, in order', async () => {
    harness = await withStore();
    harness.hub.publish(Array.from({length: 200}, (_, i) => line('proc-b', `m${i}`)));
    await waitFor(() => harness!.ring.evicted === 150, 'eviction');
    await new Promise((r) => setTimeout(r, 50));
    await store.flush();
    client = new ControlClient({address: harness.server.address});
    const all = await collect(client.readLogs({spec: {}, follow: false, run: ''}));
    expect(all.map((e) => e.seq)).toEqual(Array.from({length: 200}, (_, i) => i + 1));
    const tail = await collect(client.readLogs({spec: {tail: 70}, follow: false, run: ''}));
    expect(tail.map((e) => e.message)).toEqual(Array.from({length: 70}, (_, i) => `m${130 + i}`));
    const filtered = await collect(client.readLogs({spec: {include: ['^m1[0-9]$']}, follow: false, run: ''}));
    expect(filtered.map((e) => e.message)).toEqual(Array.from({length: 10}, (_, i) => `m1${i}`));
  });

  it('follow after an evicted history: no gap, no duplicate', async () => {
    harness = await withStore();
    const h = harness;
    h.hub.publish(Array.from({length: 120}, (_, i) => line('proc-b', `m${i}`)));
    await new Promise((r) => setTimeout(r, 50));
    await store.flush();
    client = new ControlClient({address: h.server.address});
    let n = 120;
    const pump = setInterval(() => h.hub.publish([line('proc-b', `m${n++}`)]), 2);
    try {
      const seen = await collect(client.readLogs({spec: {}, follow: true, run: ''}), 400);
      const seqs = seen.slice(0, 400).map((e) => e.seq);
      expect(seqs).toEqual(Array.from({length: 400}, (_, i) => i + 1));
    } finally {
      clearInterval(pump);
    }
  });

  it('run "previous" and a run id prefix read an earlier run from the store', async () => {
    harness = await withStore();
    await store.flush();
    client = new ControlClient({address: harness.server.address});
    const previous = await collect(client.readLogs({spec: {}, follow: false, run: 'previous'}));
    expect(previous.map((e) => e.message)).toEqual(['old 1', 'old 2', 'old 3']);
    const byId = await collect(client.readLogs({spec: {tail: 1}, follow: true, run: 'run-o'}));
    expect(byId.map((e) => e.message)).toEqual(['old 3']);
    await expect(collect(client.readLogs({spec: {}, follow: false, run: 'run-'}))).rejects.toThrow(/ambiguous/);
    await expect(collect(client.readLogs({spec: {}, follow: false, run: 'zzz'}))).rejects.toThrow(/no run "zzz"/);
  });
});
