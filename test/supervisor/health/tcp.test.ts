import {execa, type ResultPromise} from 'execa';
import {connect, createServer, type Server, type Socket} from 'node:net';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import type {TcpCheck} from '../../../src/supervisor/health/checks.js';
import {probeTcp} from '../../../src/supervisor/health/tcp.js';
import {err, ok} from '../../../src/util/result.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const check = (port: number, timeoutMs = 5000, host = '127.0.0.1'): TcpCheck => ({
  kind: 'tcp',
  host,
  port,
  intervalMs: 1000,
  timeoutMs,
  retries: 3,
  startPeriodMs: 0,
});
const never = new AbortController().signal;

async function listening(): Promise<{server: Server; port: number; accepted: () => number}> {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return {server, port: (server.address() as AddressInfo).port, accepted: () => accepted};
}

function tryConnect(port: number, waitMs: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect({port, host: '127.0.0.1'});
    socket.on('error', () => resolve(undefined));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, waitMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
  });
}

/**
 * A port whose connects hang: a listener with backlog 1 in a process whose event loop is
 * blocked (so it never accepts), its accept queue filled up. Linux then drops further SYNs.
 */
async function blackholePort(): Promise<number> {
  const script = `const s=require('net').createServer();s.listen({port:0,host:'127.0.0.1',backlog:1},()=>{console.log(s.address().port);setTimeout(()=>Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,60000),50)})`;
  const child: ResultPromise = execa(process.execPath, ['-e', script], {reject: false, buffer: false, stdin: 'ignore'});
  cleanups.push(async () => {
    child.kill('SIGKILL');
    await child;
  });
  const port = await new Promise<number>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  await new Promise((resolve) => setTimeout(resolve, 200)); // let it block its loop
  for (let i = 0; i < 20; i++) {
    const socket = await tryConnect(port, 500);
    if (socket === undefined) return port;
    cleanups.push(() => void socket.destroy());
  }
  throw new Error('could not fill the accept queue');
}

describe('probeTcp', () => {
  it('passes when a connection opens, and closes it', async () => {
    const {server, port, accepted} = await listening();
    expect(await probeTcp(check(port), never)).toEqual(ok(undefined));
    expect(accepted()).toBe(1);
    // The probe closed its socket: the server has no connection left.
    for (let i = 0; i < 200; i++) {
      const count = await new Promise<number>((resolve) => server.getConnections((_e, n) => resolve(n)));
      if (count === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the probe left its connection open');
  });

  it('says "connection refused" when nothing listens', async () => {
    const {server, port} = await listening();
    await new Promise((resolve) => server.close(resolve));
    expect(await probeTcp(check(port), never)).toEqual(err(`connection refused (127.0.0.1:${port})`));
  });

  it('times out when the connect hangs', async () => {
    const port = await blackholePort();
    expect(await probeTcp(check(port, 300), never)).toEqual(err('timed out after 300 ms'));
  });

  it('answers "cancelled" when the caller aborts', async () => {
    expect(await probeTcp(check(1), AbortSignal.abort())).toEqual(err('cancelled'));
    const port = await blackholePort();
    const controller = new AbortController();
    const pending = probeTcp(check(port), controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toEqual(err('cancelled'));
  });

  it('says "host not found" for a name that does not resolve', async () => {
    expect(await probeTcp(check(50052, 5000, 'flowctl-test.invalid'), never)).toEqual(
      err('host not found (flowctl-test.invalid:50052)'),
    );
  });
});
