/**
 * GetLogs / GetLogBatches with seq bounds (`before_seq`, `after_seq`, `head`) against a real
 * server on 127.0.0.1: pages of older history for a viewer scrolling past what it holds
 * (`flowctl attach`), from the store when there is one, else from the ring (then marked
 * `partial` once the ring evicted); bad combinations refused with the reason.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {afterEach, describe, expect, it} from 'vitest';
import {ControlCallError, ControlClient, type LogStream} from '../../src/control/client.js';
import {boundsProblem, FILTER_METADATA_KEY} from '../../src/control/log-service.js';
import {loadControlPlane} from '../../src/control/proto.js';
import type {LogsQuery} from '../../src/control/wire.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {Ring} from '../../src/logs/ring.js';
import {openStore, type LogStore} from '../../src/logs/store/index.js';
import {line, startHarness, waitFor, type Harness} from './helpers.js';

let harness: Harness | undefined;
let client: ControlClient | undefined;
let store: LogStore | undefined;
let dir: string | undefined;
afterEach(async () => {
  client?.close();
  await harness?.server.close();
  await store?.close();
  if (dir !== undefined) rmSync(dir, {recursive: true, force: true});
  harness = client = store = dir = undefined;
});

async function read(query: Partial<LogsQuery>): Promise<{seqs: number[]; messages: string[]; partial: boolean}> {
  const stream: LogStream = (client as ControlClient).readLogs({spec: {}, follow: false, run: '', ...query});
  const out: LogEntry[] = [];
  for await (const batch of stream) out.push(...batch);
  return {seqs: out.map((e) => e.seq), messages: out.map((e) => e.message), partial: stream.partial};
}

const range = (from: number, to: number): number[] => Array.from({length: to - from + 1}, (_, i) => from + i);

/** 1000 entries `m1`…`m1000` (seq = n) into a ring of `ringSize`, with or without a store recording them. */
async function run(ringSize: number, withStore: boolean): Promise<Harness> {
  if (withStore) {
    dir = mkdtempSync(join(tmpdir(), 'flowctl-control-bounds-'));
    const opened = await openStore(join(dir, 'history.sqlite'), {retentionMs: 0});
    if (!opened.ok) throw new Error(opened.error);
    store = opened.value;
    store.beginRun('run-old', {pipeline: 'test-pipeline', startedAt: 1000});
    store.append(range(1, 5).map((seq) => ({...line('proc-b', `old ${seq}`), seq, runId: 'run-old'})));
    store.endRun('run-old', 2000);
  }
  const h = await startHarness({ring: new Ring({maxEntries: ringSize}), runId: 'run-now', ...(store ? {store} : {})});
  const s = store;
  if (s) {
    s.beginRun('run-now', {pipeline: 'test-pipeline', startedAt: Date.now()});
    const recording = h.hub.subscribe({name: 'store', maxQueue: 100_000}, (batch) => s.append(batch.filter((e) => e.stream !== 'control')));
    h.hub.publish(range(1, 1000).map((n) => line(n % 2 === 0 ? 'proc-b' : 'source-a', `m${n}`)));
    await recording.drained();
    await s.flush();
  } else {
    h.hub.publish(range(1, 1000).map((n) => line(n % 2 === 0 ? 'proc-b' : 'source-a', `m${n}`)));
  }
  client = new ControlClient({address: h.server.address});
  return h;
}

describe('seq bounds with a store (ring of 100)', () => {
  it('before_seq + tail pages older entries from the store, contiguous down to the first', async () => {
    harness = await run(100, true);
    expect(harness.ring.evicted).toBe(900);
    const page = await read({spec: {tail: 100}, bounds: {beforeSeq: 500}});
    expect(page.seqs).toEqual(range(400, 499));
    expect(page.partial).toBe(false);
    // Across the seam between the store and the ring.
    expect((await read({spec: {tail: 50}, bounds: {beforeSeq: 926}})).seqs).toEqual(range(876, 925));
    // The bottom: fewer than asked.
    expect((await read({spec: {tail: 100}, bounds: {beforeSeq: 31}})).seqs).toEqual(range(1, 30));
  });

  it('after_seq + head pages forward; after_seq + before_seq is a window; the filter applies inside', async () => {
    harness = await run(100, true);
    expect((await read({bounds: {afterSeq: 10, head: 20}})).seqs).toEqual(range(11, 30));
    expect((await read({bounds: {afterSeq: 890, beforeSeq: 960}})).seqs).toEqual(range(891, 959));
    expect((await read({bounds: {head: 3}})).seqs).toEqual([1, 2, 3]);
    const matches = await read({spec: {include: ['^m1[0-9]{2}$'], components: ['proc-b'], tail: 5}, bounds: {beforeSeq: 150}});
    expect(matches.messages).toEqual(['m140', 'm142', 'm144', 'm146', 'm148']);
  });

  it('an earlier run is bounded the same way', async () => {
    harness = await run(100, true);
    expect((await read({run: 'previous', spec: {tail: 2}, bounds: {beforeSeq: 5}})).messages).toEqual(['old 3', 'old 4']);
    expect((await read({run: 'previous', bounds: {afterSeq: 3}})).messages).toEqual(['old 4', 'old 5']);
  });

  it('GetLogs (one entry per message) honours before_seq too', async () => {
    harness = await run(100, true);
    const {ControlPlaneClient} = loadControlPlane();
    const raw = new ControlPlaneClient(harness.server.address, grpc.credentials.createInsecure());
    try {
      const call = (raw as unknown as {GetLogs(request: object): grpc.ClientReadableStream<{seq: number}>}).GetLogs({beforeSeq: 4, afterSeq: 1});
      const seqs: number[] = [];
      for await (const entry of call) seqs.push(Number(entry.seq));
      expect(seqs).toEqual([2, 3]);
    } finally {
      raw.close();
    }
  });
});

describe('seq bounds without a store (the ring only)', () => {
  it('a ring that never evicted answers the run: not partial', async () => {
    harness = await run(10_000, false);
    const page = await read({spec: {tail: 10}, bounds: {beforeSeq: 21}});
    expect(page.seqs).toEqual(range(11, 20));
    expect(page.partial).toBe(false);
    expect((await read({bounds: {afterSeq: 995}})).seqs).toEqual(range(996, 1000));
  });

  it('an earlier run with before_seq: NOT_FOUND, the pipeline keeps no history store', async () => {
    harness = await run(100, false);
    const error = await read({run: 'previous', spec: {tail: 10}, bounds: {beforeSeq: 50}}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as ControlCallError).code).toBe(grpc.status.NOT_FOUND);
    expect((error as ControlCallError).message).toContain('keeps no history store');
  });

  it('after eviction: what the ring has, marked partial (older entries are in the log files)', async () => {
    harness = await run(100, false);
    const page = await read({spec: {tail: 1000}, bounds: {beforeSeq: 951}});
    expect(page.seqs).toEqual(range(901, 950));
    expect(page.partial).toBe(true);
    const below = await read({spec: {tail: 10}, bounds: {beforeSeq: 500}});
    expect(below.seqs).toEqual([]);
    expect(below.partial).toBe(true);
  });
});

describe('bad seq bound combinations', () => {
  it.each([
    [{follow: true, bounds: {beforeSeq: 10}}, /before_seq \(10\) .* cannot be combined with follow/],
    [{follow: true, bounds: {head: 5}}, /head \(5\) .* cannot be combined with follow/],
    [{spec: {tail: 3}, bounds: {head: 5}}, /head \(5\) and tail \(3\) both limit the history/],
    [{bounds: {afterSeq: 10, beforeSeq: 10}}, /after_seq \(10\) must be below before_seq \(10\)/],
  ] as const)('%o is refused with INVALID_ARGUMENT and the reason', async (query, message) => {
    harness = await run(100, false);
    const error = await read(query as Partial<LogsQuery>).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ControlCallError);
    expect((error as ControlCallError).code).toBe(grpc.status.INVALID_ARGUMENT);
    expect((error as ControlCallError).message).toMatch(message);
  });

  it('follow with after_seq is a resume: history above it, then live entries', async () => {
    harness = await run(10_000, false);
    const h = harness;
    const stream = (client as ControlClient).readLogs({spec: {}, follow: true, run: '', bounds: {afterSeq: 998}});
    const seen: number[] = [];
    const reading = (async () => {
      for await (const batch of stream) {
        seen.push(...batch.map((e) => e.seq));
        if (seen.length >= 3) break;
      }
    })();
    await waitFor(() => seen.length >= 2 || undefined, 'history above after_seq');
    h.hub.publish([line('proc-b', 'live')]);
    await reading;
    expect(seen).toEqual([999, 1000, 1001]);
  });

  it('StreamLogs (live only) refuses seq bounds in flowctl-filter-bin', async () => {
    harness = await run(100, false);
    const {ControlPlaneClient, controlPlane} = loadControlPlane();
    const raw = new ControlPlaneClient(harness.server.address, grpc.credentials.createInsecure()) as unknown as grpc.Client & {StreamLogs(metadata: grpc.Metadata): grpc.ClientDuplexStream<unknown, unknown>};
    try {
      const metadata = new grpc.Metadata();
      metadata.set(FILTER_METADATA_KEY, controlPlane.GetLogs!.requestSerialize({beforeSeq: 10}));
      const call = raw.StreamLogs(metadata);
      const status = await new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
      expect(status.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(status.details).toContain('StreamLogs is live only');
    } finally {
      raw.close();
    }
  });

  it('boundsProblem accepts what can be answered', () => {
    expect(boundsProblem({beforeSeq: 10, afterSeq: 2}, false, 5)).toBeUndefined();
    expect(boundsProblem({afterSeq: 2}, true, undefined)).toBeUndefined();
    expect(boundsProblem({head: 2, afterSeq: 9}, false, undefined)).toBeUndefined();
  });
});
