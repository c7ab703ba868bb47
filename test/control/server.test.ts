/**
 * The control-plane server itself, on 127.0.0.1: what it counts when grpc-js refuses a
 * message before any code of ours runs, and what it does with compression.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {connect} from 'node:http2';
import {gzipSync} from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import {ControlClient} from '../../src/control/client.js';
import {loadControlPlane} from '../../src/control/proto.js';
import {startHarness, type Harness} from './helpers.js';

let harness: Harness | undefined;
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await harness?.server.close();
  harness = undefined;
});

function client(h: Harness, gzip = false): ControlClient {
  const c = new ControlClient({address: h.server.address, gzip});
  closers.push(() => c.close());
  return c;
}

const bigBatch = () => Array.from({length: 100}, () => ({componentId: 'proc-b', message: 'y'.repeat(1000)}));

describe('oversized messages', () => {
  it('oversized-message-counted: a message over the size limit is refused with RESOURCE_EXHAUSTED and counted in rejected_requests', async () => {
    harness = await startHarness({maxMessageBytes: 64 * 1024});
    const c = client(harness);
    const before = await c.status();
    const result = await c.push(bigBatch());
    expect(result.ok ? undefined : result.error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(harness.server.rejections.get('oversized')).toBe(1);
    const after = await c.status();
    expect(after.ok && before.ok ? after.value.rejectedRequests - before.value.rejectedRequests : undefined).toBe(1);
  });

  it('oversized-message-counted: one that is small gzip\'d but over the limit unpacked is counted too', async () => {
    harness = await startHarness({maxMessageBytes: 64 * 1024});
    const result = await client(harness, true).push(bigBatch());
    expect(result.ok ? undefined : result.error).toMatchObject({code: grpc.status.RESOURCE_EXHAUSTED, message: expect.stringMatching(/decompresses/)});
    expect(harness.server.rejections.get('oversized')).toBe(1);
  });

  it('oversized-message-counted: an entry the handler refuses is counted once, not again by the size guard', async () => {
    harness = await startHarness({maxEntryBytes: 1000});
    const result = await client(harness).push([{componentId: 'proc-b', message: 'x'.repeat(2000)}]);
    expect(result.ok ? undefined : result.error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(harness.server.rejections.total).toBe(1);
  });
});

/** One PushLogs over a raw HTTP/2 connection, gzip'd, as any gRPC client may send it. */
async function rawGzipPush(address: string): Promise<{headers: Record<string, unknown>; trailers: Record<string, unknown>; body: Buffer}> {
  const method = loadControlPlane().controlPlane.PushLogs!;
  const payload = gzipSync(method.requestSerialize({entries: [{componentId: 'proc-b', message: 'zipped', level: 'info'}]}));
  const frame = Buffer.alloc(5 + payload.length);
  frame.writeUInt8(1, 0);
  frame.writeUInt32BE(payload.length, 1);
  payload.copy(frame, 5);
  const session = connect(`http://${address}`);
  try {
    return await new Promise((resolve, reject) => {
      session.on('error', reject);
      const stream = session.request({
        ':method': 'POST',
        ':path': '/flowctl.ControlPlane/PushLogs',
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-encoding': 'gzip',
        'grpc-accept-encoding': 'gzip',
      });
      let headers: Record<string, unknown> = {};
      const chunks: Buffer[] = [];
      stream.on('response', (h) => (headers = {...h}));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('trailers', (trailers) => resolve({headers, trailers: {...trailers}, body: Buffer.concat(chunks)}));
      stream.on('error', reject);
      stream.end(frame);
    });
  } finally {
    session.close();
  }
}

describe('compression', () => {
  it('accepts gzip\'d requests; replies go uncompressed (grpc-js has no response compression: control_plane.proto says so)', async () => {
    harness = await startHarness();
    const {headers, trailers, body} = await rawGzipPush(harness.server.address);
    expect(trailers['grpc-status']).toBe('0');
    expect(harness.ring.query(undefined).map((e) => e.message)).toEqual(['zipped']);
    expect(headers['grpc-encoding']).toBe('identity');
    expect(body.readUInt8(0)).toBe(0);
  });
});
