/** The interceptor's PushLogs transport against a raw HTTP/2 server on 127.0.0.1 that records what arrives. */
import {afterEach, describe, expect, it} from 'vitest';
import {createServer, type Http2Server, type IncomingHttpHeaders} from 'node:http2';
import {gunzipSync} from 'node:zlib';
import {grpcSend} from '../../../src/control/interceptor/push-transport.js';
import {loadControlPlane} from '../../../src/control/proto.js';

let server: Http2Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

interface Received {
  headers: IncomingHttpHeaders;
  frame: Buffer;
}

/** Answers every call with an empty OK message, keeping the request headers and body. */
async function recordingServer(): Promise<{address: string; received: Received[]}> {
  const received: Received[] = [];
  server = createServer();
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({headers, frame: Buffer.concat(chunks)});
      stream.respond({':status': 200, 'content-type': 'application/grpc'}, {waitForTrailers: true});
      stream.on('wantTrailers', () => stream.sendTrailers({'grpc-status': '0'}));
      stream.end(Buffer.from([0, 0, 0, 0, 0]));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return {address: `127.0.0.1:${(server.address() as {port: number}).port}`, received};
}

describe('grpcSend', () => {
  it('interceptor-pushes-gzip: batches go out gzip-compressed (grpc-encoding: gzip, compressed flag set)', async () => {
    const {address, received} = await recordingServer();
    const transport = grpcSend({endpoint: address});
    const outcome = await transport.send([{componentId: 'app', message: 'hello hello hello', level: 'info'}]);
    transport.close();
    expect(outcome).toEqual({ok: true});
    const [push] = received;
    expect(push?.headers[':path']).toBe('/flowctl.ControlPlane/PushLogs');
    expect(push?.headers['grpc-encoding']).toBe('gzip');
    expect(push?.frame.readUInt8(0)).toBe(1);
    const batch = loadControlPlane().controlPlane.PushLogs!.requestDeserialize(gunzipSync(push!.frame.subarray(5))) as {entries: {message: string}[]};
    expect(batch.entries.map((e) => e.message)).toEqual(['hello hello hello']);
  });
});
