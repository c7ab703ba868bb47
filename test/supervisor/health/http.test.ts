import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {probeHttp} from '../../../src/supervisor/health/http.js';
import type {HttpCheck} from '../../../src/supervisor/health/checks.js';
import {err, ok} from '../../../src/util/result.js';

let server: Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    hits++;
    switch (request.url) {
      case '/health':
        response.end('ok');
        return;
      case '/empty':
        response.writeHead(204).end();
        return;
      case '/down':
        response.writeHead(503).end('not yet');
        return;
      case '/moved':
        response.writeHead(301, {location: '/health'}).end();
        return;
      case '/hang':
        return; // never answers
      default:
        response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const check = (url: string, timeoutMs = 5000): HttpCheck => ({
  kind: 'http',
  url,
  intervalMs: 1000,
  timeoutMs,
  retries: 3,
  startPeriodMs: 0,
});
const never = new AbortController().signal;

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('probeHttp', () => {
  it('passes on 200 and on 204', async () => {
    expect(await probeHttp(check(`${base}/health`), never)).toEqual(ok(undefined));
    expect(await probeHttp(check(`${base}/empty`), never)).toEqual(ok(undefined));
  });

  it('fails on 503, 404 and 301 with the status', async () => {
    expect(await probeHttp(check(`${base}/down`), never)).toEqual(err('HTTP 503'));
    expect(await probeHttp(check(`${base}/nope`), never)).toEqual(err('HTTP 404'));
    expect(await probeHttp(check(`${base}/moved`), never)).toEqual(err('HTTP 301'));
  });

  it('says "connection refused" with the address when nothing listens', async () => {
    const port = await closedPort();
    expect(await probeHttp(check(`http://127.0.0.1:${port}/health`), never)).toEqual(
      err(`connection refused (127.0.0.1:${port})`),
    );
  });

  it('times out on a server that never answers', async () => {
    const result = await probeHttp(check(`${base}/hang`, 300), never);
    expect(result).toEqual(err('timed out after 300 ms'));
  });

  it('answers "cancelled" when the caller aborts, before or during the request', async () => {
    expect(await probeHttp(check(`${base}/health`), AbortSignal.abort())).toEqual(err('cancelled'));
    const controller = new AbortController();
    const pending = probeHttp(check(`${base}/hang`), controller.signal);
    const before = hits;
    await waitFor(() => hits > before);
    controller.abort();
    expect(await pending).toEqual(err('cancelled'));
  });

  it('refuses a URL it cannot use, naming it', async () => {
    expect(await probeHttp(check('not a url'), never)).toEqual(err('invalid health check URL "not a url"'));
    expect(await probeHttp(check('ftp://127.0.0.1/x'), never)).toEqual(
      err('health check URL "ftp://127.0.0.1/x" must start with http:// or https://'),
    );
  });

  it('says "host not found" for a name that does not resolve', async () => {
    // .invalid is reserved (RFC 2606): it never resolves.
    expect(await probeHttp(check('http://flowctl-test.invalid:8081/health'), never)).toEqual(
      err('host not found (flowctl-test.invalid:8081)'),
    );
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('condition not met in time');
}
