import {afterEach, describe, expect, it} from 'vitest';
import {createServer} from 'node:net';
import * as grpc from '@grpc/grpc-js';
import {ControlClient} from '../../src/control/client.js';
import {isAuthorized, isLoopbackHost} from '../../src/control/auth.js';
import {startControlServer} from '../../src/control/server.js';
import {startHarness, type Harness} from './helpers.js';

let harness: Harness | undefined;
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await harness?.server.close();
  harness = undefined;
});

describe('token', () => {
  it('with a token, calls without it are UNAUTHENTICATED and counted; with it they succeed', async () => {
    harness = await startHarness({token: 'sekrit-token'});
    expect(harness.server.token).toBe('sekrit-token');
    const anonymous = new ControlClient({address: harness.server.address});
    const wrong = new ControlClient({address: harness.server.address, token: 'sekrit-tokeX'});
    const right = new ControlClient({address: harness.server.address, token: 'sekrit-token'});
    closers.push(() => anonymous.close(), () => wrong.close(), () => right.close());
    const denied = await anonymous.status();
    expect(denied.ok ? undefined : denied.error.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(denied.ok ? '' : denied.error.message).toMatch(/token/);
    const push = await wrong.push([{componentId: 'proc-b', message: 'x'}]);
    expect(push.ok ? undefined : push.error.code).toBe(grpc.status.UNAUTHENTICATED);
    const stream = anonymous.readLogs({spec: {}, follow: true, run: ''});
    await expect((async () => {
      for await (const _ of stream) void _;
    })()).rejects.toMatchObject({code: grpc.status.UNAUTHENTICATED});
    expect(harness.server.rejections.get('unauthenticated')).toBe(3);
    expect((await right.status()).ok).toBe(true);
    expect(await right.push([{componentId: 'proc-b', message: 'x'}])).toEqual({ok: true, value: 1});
  });

  it('loopback without a token option requires none', async () => {
    harness = await startHarness();
    expect(harness.server.token).toBe('');
    const c = new ControlClient({address: harness.server.address});
    closers.push(() => c.close());
    expect((await c.status()).ok).toBe(true);
  });

  it('isLoopbackHost decides when a token is generated', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.10', '::', 'example.com', '10.0.0.1'].some(isLoopbackHost)).toBe(false);
  });

  it('isAuthorized accepts "Bearer <token>" and rejects the rest', () => {
    const md = (value?: string) => {
      const m = new grpc.Metadata();
      if (value !== undefined) m.set('authorization', value);
      return m;
    };
    expect(isAuthorized(md('Bearer abc'), 'abc')).toBe(true);
    expect(isAuthorized(md('abc'), 'abc')).toBe(true);
    expect(isAuthorized(md('Bearer abd'), 'abc')).toBe(false);
    expect(isAuthorized(md(), 'abc')).toBe(false);
    expect(isAuthorized(md(), undefined)).toBe(true);
  });
});

describe('listening', () => {
  it('falls back to a free port with a notice when the wanted port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    closers.push(() => blocker.close());
    const taken = (blocker.address() as {port: number}).port;
    harness = await startHarness({port: taken});
    expect(harness.server.port).not.toBe(taken);
    expect(harness.server.port).toBeGreaterThan(0);
    expect(harness.notices).toEqual([`control plane: port ${taken} is in use; listening on 127.0.0.1:${harness.server.port} instead`]);
  });

  it('refuses an impossible port and unreadable TLS files with a clear message', async () => {
    const base = await startHarness();
    harness = base;
    const common = {hub: base.hub, control: base.control, pipeline: base.pipeline, host: '127.0.0.1'};
    expect(await startControlServer({...common, port: 70000})).toEqual({ok: false, error: expect.stringMatching(/70000 is not a port/)});
    const tls = await startControlServer({...common, port: 0, tls: {cert: '/nonexistent/cert.pem', key: '/nonexistent/key.pem'}});
    expect(tls.ok ? '' : tls.error).toMatch(/--tls-cert\/--tls-key: .*nonexistent/);
  });
});
