import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {ControlClient} from '../../src/control/client.js';
import {isAuthorized, isLoopbackHost, isLoopbackPeer} from '../../src/control/auth.js';
import {RejectionCounters} from '../../src/control/counters.js';
import {authenticated} from '../../src/control/guard.js';
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
  it('token-off-loopback-spares-loopback: with a token, calls from 127.0.0.1 succeed without it (the pipeline\'s own components send none)', async () => {
    harness = await startHarness({token: 'sekrit-token'});
    expect(harness.server.token).toBe('sekrit-token');
    const anonymous = new ControlClient({address: harness.server.address});
    closers.push(() => anonymous.close());
    expect((await anonymous.status()).ok).toBe(true);
    expect(await anonymous.push([{componentId: 'proc-b', message: 'x'}])).toEqual({ok: true, value: 1});
    expect(harness.server.rejections.get('unauthenticated')).toBe(0);
  });

  it('token-off-loopback-spares-loopback: a peer off this machine without the right token is UNAUTHENTICATED and counted', () => {
    // Tests talk to 127.0.0.1 only: the other branch is driven with the peer strings grpc-js gives.
    const definition = {
      Status: {path: '/x/Status', requestStream: false, responseStream: false},
      Follow: {path: '/x/Follow', requestStream: false, responseStream: true},
    } as unknown as grpc.ServiceDefinition;
    const served: string[] = [];
    const handlers = {
      Status: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
        served.push('Status');
        callback(null, {});
      },
      Follow: () => served.push('Follow'),
    };
    const rejections = new RejectionCounters();
    const guarded = authenticated(definition, handlers, 'sekrit-token', rejections);
    const call = (peer: string, token?: string) => {
      const metadata = new grpc.Metadata();
      if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
      const errors: grpc.ServiceError[] = [];
      return {call: {metadata, getPeer: () => peer, emit: (_event: string, error: grpc.ServiceError) => errors.push(error)}, errors};
    };
    const unary = (peer: string, token?: string): grpc.status | 'ok' => {
      let outcome: grpc.status | 'ok' = 'ok';
      (guarded.Status as (c: unknown, cb: grpc.sendUnaryData<unknown>) => void)(call(peer, token).call, (error) => (outcome = error ? (error as grpc.ServiceError).code! : 'ok'));
      return outcome;
    };
    expect(unary('10.1.2.3:40000')).toBe(grpc.status.UNAUTHENTICATED);
    expect(unary('192.168.1.7:40000', 'sekrit-tokeX')).toBe(grpc.status.UNAUTHENTICATED);
    expect(unary('2001:db8::1:40000')).toBe(grpc.status.UNAUTHENTICATED);
    expect(unary('10.1.2.3:40000', 'sekrit-token')).toBe('ok');
    for (const peer of ['127.0.0.1:40000', '::1:40000', '[::1]:40000', '::ffff:127.0.0.1:40000']) expect(unary(peer)).toBe('ok');
    const streaming = call('10.1.2.3:40000');
    (guarded.Follow as (c: unknown) => void)(streaming.call);
    expect(streaming.errors.map((e) => e.code)).toEqual([grpc.status.UNAUTHENTICATED]);
    expect(rejections.get('unauthenticated')).toBe(4);
    expect(served).toEqual(['Status', 'Status', 'Status', 'Status', 'Status']);
  });

  it('isLoopbackPeer reads grpc-js peer strings', () => {
    expect(['127.0.0.1:5000', '127.9.9.9:1', '::1:5000', '[::1]:5000', '::ffff:127.0.0.1:5000', 'localhost:5000'].every(isLoopbackPeer)).toBe(true);
    expect(['10.0.0.1:5000', '0.0.0.0:1', '2001:db8::1:5000', '::ffff:10.0.0.1:5000', '', 'unix:/tmp/x', '::1'].some(isLoopbackPeer)).toBe(false);
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

