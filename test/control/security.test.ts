import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {ControlClient} from '../../src/control/client.js';
import {isAuthorized, isLoopbackHost} from '../../src/control/auth.js';
import {startControlServer} from '../../src/control/server.js';
import {tlsForState} from '../../src/control/tls-dial.js';
import {startHarness, type Harness} from './helpers.js';
import {selfSignedCert} from './tls-fixture.js';

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

describe('TLS', () => {
  let certDir: string;
  beforeEach(() => {
    certDir = mkdtempSync(join(tmpdir(), 'flowctl-tls-'));
  });
  afterEach(() => rmSync(certDir, {recursive: true, force: true}));

  async function statusOver(tls: Parameters<typeof tlsForState>[0], ca?: string) {
    const setting = tlsForState(tls, ca);
    if (!setting.ok) throw new Error(setting.error);
    const c = new ControlClient({address: harness!.server.address, tls: setting.value});
    closers.push(() => c.close());
    return c.status();
  }

  it('tls-self-signed-from-state-file: a client trusts the certificate the state file names, whatever names it holds', async () => {
    // CN only, no IP in it: dialled as 127.0.0.1, a host-name check alone would refuse it.
    const files = selfSignedCert(certDir, 'server');
    harness = await startHarness({tls: files});
    expect(harness.server.tlsCert).toBe(files.cert);
    expect((await statusOver({tls: true, tlsCert: harness.server.tlsCert})).ok).toBe(true);
    // The system roots alone do not know it: the failure the audit saw.
    const systemRoots = await statusOver({tls: true});
    expect(systemRoots.ok ? '' : systemRoots.error.message).toMatch(/cannot reach the control plane .*self-signed certificate/);
  });

  it('tls-self-signed-from-state-file: a server presenting another certificate is refused', async () => {
    harness = await startHarness({tls: selfSignedCert(certDir, 'server')});
    const other = selfSignedCert(certDir, 'other');
    const result = await statusOver({tls: true, tlsCert: other.cert});
    expect(result.ok ? undefined : result.error.code).toBe(grpc.status.UNAVAILABLE);
  });

  it('tls-ca: a CA named by the user (FLOWCTL_TLS_CA / --tls-ca) replaces that trust, with the usual host check', async () => {
    const withIp = selfSignedCert(certDir, 'ip', {ip: '127.0.0.1'});
    harness = await startHarness({tls: withIp});
    expect((await statusOver({tls: true, tlsCert: '/nonexistent.pem'}, withIp.cert)).ok).toBe(true);
    expect((await statusOver({tls: true}, readFileSync(withIp.cert, 'utf8'))).ok).toBe(true);
    await harness.server.close();
    // Trusted, but it does not name the host dialled: refused.
    const cnOnly = selfSignedCert(certDir, 'cn-only');
    harness = await startHarness({tls: cnOnly});
    const refused = await statusOver({tls: true}, cnOnly.cert);
    expect(refused.ok ? '' : refused.error.message).toMatch(/IP: 127\.0\.0\.1 is not in the cert's list/);
  });

  it('tls-ca: an unreadable CA or certificate file is a clear error, before any call', () => {
    expect(tlsForState({tls: true}, '/nope/ca.pem')).toEqual({ok: false, error: '--tls-ca / FLOWCTL_TLS_CA: cannot read /nope/ca.pem: ENOENT (give a PEM certificate file)'});
    expect(tlsForState({tls: true, tlsCert: '/nope/cert.pem'}, undefined)).toEqual({
      ok: false,
      error: "the pipeline's TLS certificate (from its state file): cannot read /nope/cert.pem: ENOENT (give a PEM certificate file); or name a CA with --tls-ca / FLOWCTL_TLS_CA",
    });
    expect(tlsForState({tls: false, tlsCert: '/nope/cert.pem'}, '/nope/ca.pem')).toEqual({ok: true, value: false});
  });
});

