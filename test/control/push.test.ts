import {afterEach, describe, expect, it} from 'vitest';
import * as grpc from '@grpc/grpc-js';
import {ControlClient} from '../../src/control/client.js';
import {loadControlPlane} from '../../src/control/proto.js';
import {FILTER_METADATA_KEY, MODE_METADATA_KEY} from '../../src/control/log-service.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {line, startHarness, waitFor, type Harness} from './helpers.js';

let harness: Harness | undefined;
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await harness?.server.close();
  harness = undefined;
});

type RawClient = grpc.Client & Record<string, (...args: never[]) => unknown> & {StreamLogs(metadata?: grpc.Metadata): grpc.ClientDuplexStream<unknown, unknown>};

function rawClient(h: Harness): RawClient {
  const {ControlPlaneClient} = loadControlPlane();
  const c = new ControlPlaneClient(h.server.address, grpc.credentials.createInsecure()) as unknown as RawClient;
  closers.push(() => c.close());
  return c;
}

function received(h: Harness): LogEntry[] {
  return h.ring.query(undefined);
}

describe('pushes from remote components', () => {
  it('PushLogs publishes entries as captured ones (server assigns seq, run, type)', async () => {
    harness = await startHarness();
    harness.hub.publish([line('source-a', 'captured locally')]);
    const c = new ControlClient({address: harness.server.address});
    closers.push(() => c.close());
    const pushed = await c.push([
      {componentId: 'proc-b', message: 'from a container', level: 'warn', fields: {k: 'v'}, timestamp: 1_700_000_000_000},
      {componentId: 'proc-b', message: 'second', stream: 'stderr'},
    ]);
    expect(pushed).toEqual({ok: true, value: 2});
    const entries = received(harness);
    expect(entries.map((e) => [e.seq, e.componentId, e.message])).toEqual([
      [1, 'source-a', 'captured locally'],
      [2, 'proc-b', 'from a container'],
      [3, 'proc-b', 'second'],
    ]);
    expect(entries[1]).toMatchObject({runId: 'run-test-1', componentType: 'processor', level: 'warn', fields: {k: 'v'}, timestamp: 1_700_000_000_000, raw: 'from a container', stream: 'stdout'});
    expect(entries[2]?.stream).toBe('stderr');
  });

  it('rejects an unknown component with NOT_FOUND, counts it, publishes nothing of the batch', async () => {
    harness = await startHarness();
    const c = new ControlClient({address: harness.server.address});
    closers.push(() => c.close());
    const result = await c.push([{componentId: 'proc-b', message: 'fine'}, {componentId: 'intruder', message: 'nope'}]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(grpc.status.NOT_FOUND);
    expect(result.error.message).toContain('unknown component "intruder"');
    expect(result.error.message).toContain('source-a, proc-b');
    expect(received(harness)).toEqual([]);
    expect(harness.server.rejections.get('unknown-component')).toBe(2);
    expect(harness.notices.some((n) => n.includes('intruder'))).toBe(true);
  });

  it('rejects an oversized entry with RESOURCE_EXHAUSTED and keeps serving', async () => {
    harness = await startHarness({maxEntryBytes: 1000});
    const c = new ControlClient({address: harness.server.address});
    closers.push(() => c.close());
    const result = await c.push([{componentId: 'proc-b', message: 'x'.repeat(2000)}]);
    expect(result.ok ? undefined : result.error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(harness.server.rejections.get('oversized')).toBe(1);
    expect(await c.push([{componentId: 'proc-b', message: 'small'}])).toEqual({ok: true, value: 1});
  });

  it('rejects a message over the size limit and keeps serving', async () => {
    harness = await startHarness({maxMessageBytes: 64 * 1024});
    const c = new ControlClient({address: harness.server.address});
    closers.push(() => c.close());
    const big = Array.from({length: 100}, () => ({componentId: 'proc-b', message: 'y'.repeat(1000)}));
    const result = await c.push(big);
    expect(result.ok ? undefined : result.error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect((await c.status()).ok).toBe(true);
  });

  it('rejects a bad level or stream as INVALID_ARGUMENT', async () => {
    harness = await startHarness();
    const c = new ControlClient({address: harness.server.address});
    closers.push(() => c.close());
    const level = await c.push([{componentId: 'proc-b', message: 'm', level: 'loud' as never}]);
    expect(level.ok ? undefined : level.error).toMatchObject({code: grpc.status.INVALID_ARGUMENT, message: expect.stringContaining('"loud" is not a level')});
    const stream = await c.push([{componentId: 'proc-b', message: 'm', stream: 'control'}]);
    expect(stream.ok ? undefined : stream.error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(harness.server.rejections.get('malformed')).toBe(2);
  });

  it('answers undecodable bytes with a status, counts them, and keeps serving', async () => {
    harness = await startHarness();
    const raw = rawClient(harness);
    const code = await new Promise<number>((resolve) => {
      raw.makeUnaryRequest('/flowctl.ControlPlane/PushLogs', (b: Buffer) => b, (b: Buffer) => b, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), (error: grpc.ServiceError | null) =>
        resolve(error?.code ?? 0),
      );
    });
    expect(code).not.toBe(0);
    expect(harness.server.rejections.get('malformed')).toBe(1);
    const c = new ControlClient({address: harness.server.address});
    closers.push(() => c.close());
    expect(await c.push([{componentId: 'proc-b', message: 'still serving'}])).toEqual({ok: true, value: 1});
  });

  it('StreamLogs: a pusher (flowctl-mode: push) gets entries in and nothing back', async () => {
    harness = await startHarness();
    const raw = rawClient(harness);
    const metadata = new grpc.Metadata();
    metadata.set(MODE_METADATA_KEY, 'push');
    const call = raw.StreamLogs(metadata) as grpc.ClientDuplexStream<unknown, unknown>;
    const back: unknown[] = [];
    call.on('data', (d) => back.push(d));
    const ended = new Promise<void>((resolve) => call.on('status', () => resolve()));
    call.write({componentId: 'proc-b', message: 'one', level: 'info'});
    call.write({componentId: 'source-a', message: 'two', level: 'error'});
    call.end();
    await ended;
    await waitFor(() => received(harness!).length === 2, 'pushed entries');
    expect(received(harness).map((e) => [e.componentId, e.message, e.level])).toEqual([
      ['proc-b', 'one', 'info'],
      ['source-a', 'two', 'error'],
    ]);
    expect(back).toEqual([]);
  });

  it('StreamLogs: an unknown component ends the stream with NOT_FOUND', async () => {
    harness = await startHarness();
    const raw = rawClient(harness);
    const call = raw.StreamLogs() as grpc.ClientDuplexStream<unknown, unknown>;
    const status = new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
    call.write({componentId: 'ghost', message: 'boo'});
    expect((await status).code).toBe(grpc.status.NOT_FOUND);
    expect(harness.server.rejections.get('unknown-component')).toBe(1);
  });

  it('StreamLogs: a reader gets the live stream matching the filter in flowctl-filter-bin', async () => {
    harness = await startHarness();
    const h = harness;
    const raw = rawClient(h);
    const metadata = new grpc.Metadata();
    const encode = loadControlPlane().controlPlane.GetLogs!.requestSerialize;
    metadata.set(FILTER_METADATA_KEY, encode({componentIds: ['source-a']}));
    const call = raw.StreamLogs(metadata) as grpc.ClientDuplexStream<unknown, {message: string; componentId: string}>;
    const got: string[] = [];
    call.on('data', (d) => got.push(d.message));
    call.on('error', () => undefined);
    // Live only: keep publishing until the subscription is in place and delivering.
    await waitFor(() => {
      h.hub.publish([line('proc-b', 'b'), line('source-a', 'a')]);
      return got.length > 0;
    }, 'live entries');
    call.cancel();
    expect(new Set(got)).toEqual(new Set(['a']));
  });

  it('StreamLogs: a malformed flowctl-filter-bin is refused', async () => {
    harness = await startHarness();
    const raw = rawClient(harness);
    const metadata = new grpc.Metadata();
    // A varint tag with its value cut off.
    metadata.set(FILTER_METADATA_KEY, Buffer.from([0x08]));
    const call = raw.StreamLogs(metadata) as grpc.ClientDuplexStream<unknown, unknown>;
    const status = await new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
    expect(status.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(status.details).toContain(FILTER_METADATA_KEY);
  }, 10_000);

  it('GetLogs (the design doc rpc) streams single LogEntry messages', async () => {
    harness = await startHarness();
    harness.hub.publish([line('proc-b', 'one'), line('source-a', 'two')]);
    const raw = rawClient(harness) as unknown as {GetLogs(request: unknown): grpc.ClientReadableStream<{message: string; seq: number}>};
    const got: [number, string][] = [];
    for await (const entry of raw.GetLogs({componentIds: ['source-a', 'proc-b']})) got.push([entry.seq, entry.message]);
    expect(got).toEqual([[1, 'one'], [2, 'two']]);
  });

  it('accepts gzip-compressed pushes (negotiated by gRPC)', async () => {
    harness = await startHarness();
    const c = new ControlClient({address: harness.server.address, gzip: true});
    closers.push(() => c.close());
    const big = Array.from({length: 200}, (_, i) => ({componentId: 'proc-b', message: `compressible line ${i} ${'x'.repeat(200)}`}));
    expect(await c.push(big)).toEqual({ok: true, value: 200});
    expect(received(harness)).toHaveLength(200);
  });
});
