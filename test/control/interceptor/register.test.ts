/**
 * The interceptor in a real Node process (`node --import flowctl/register app.mjs`, from
 * dist/ built by the global setup) against a real control plane on 127.0.0.1.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {startHarness, waitFor, type Harness} from '../helpers.js';
import {selfSignedCert} from '../tls-fixture.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;
let harness: Harness | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-interceptor-'));
});
afterEach(async () => {
  await harness?.server.close();
  harness = undefined;
  rmSync(dir, {recursive: true, force: true});
});

function app(source: string): string {
  const path = join(dir, 'app.mjs');
  writeFileSync(path, source);
  return path;
}

function run(script: string, env: Record<string, string>) {
  // cwd = the package root, so `flowctl/register` resolves by package self-reference.
  return execa(process.execPath, ['--import', 'flowctl/register', script], {
    cwd: ROOT,
    env: {...process.env, FLOWCTL_CAPTURED: '', ...env},
    reject: false,
    timeout: 60_000,
  });
}

describe('node --import flowctl/register', () => {
  it('streams console calls as structured entries, still prints them, and lets the app exit', async () => {
    harness = await startHarness();
    const script = app(`console.log('hello %s', 'world'); console.info({a: 1}); console.debug('dbg'); console.warn('careful'); console.error(new Error('boom').message);`);
    const result = await run(script, {ENABLE_FLOWCTL: 'true', FLOWCTL_ENDPOINT: harness.server.address, FLOWCTL_COMPONENT_ID: 'proc-b'});
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("hello world\n{ a: 1 }\ndbg");
    expect(result.stderr).toBe('careful\nboom');
    const entries = harness.ring.query(undefined);
    expect(entries.map((e) => [e.componentId, e.level, e.stream, e.message])).toEqual([
      ['proc-b', 'info', 'stdout', 'hello world'],
      ['proc-b', 'info', 'stdout', '{ a: 1 }'],
      ['proc-b', 'debug', 'stdout', 'dbg'],
      ['proc-b', 'warn', 'stderr', 'careful'],
      ['proc-b', 'error', 'stderr', 'boom'],
    ]);
  });

  it('sends nothing when FLOWCTL_CAPTURED=1 (no duplicates of captured lines)', async () => {
    harness = await startHarness();
    const script = app(`for (let i = 0; i < 5; i++) console.log('line ' + i);`);
    const result = await run(script, {ENABLE_FLOWCTL: 'true', FLOWCTL_ENDPOINT: harness.server.address, FLOWCTL_COMPONENT_ID: 'proc-b', FLOWCTL_CAPTURED: '1'});
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toHaveLength(5);
    // The app has exited: anything it would have sent was sent before exit (beforeExit flush).
    expect(harness.ring.size).toBe(0);
  });

  it('sends nothing without ENABLE_FLOWCTL=true', async () => {
    harness = await startHarness();
    const result = await run(app(`console.log('quiet');`), {FLOWCTL_ENDPOINT: harness.server.address, FLOWCTL_COMPONENT_ID: 'proc-b'});
    expect(result.stdout).toBe('quiet');
    expect(harness.ring.size).toBe(0);
  });

  it('reconnects: lines printed while the control plane was down arrive once it is up', async () => {
    // Learn a free port, then leave it closed while the app starts logging.
    const probe = await startHarness();
    const port = probe.server.port;
    await probe.server.close();
    const script = app(`let i = 0; const t = setInterval(() => { console.log('tick ' + i++); if (i === 80) clearInterval(t); }, 50);`);
    const child = run(script, {ENABLE_FLOWCTL: 'true', FLOWCTL_ENDPOINT: `127.0.0.1:${port}`, FLOWCTL_COMPONENT_ID: 'proc-b'});
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    await waitFor(() => out.includes('tick 5'), 'app running');
    harness = await startHarness({port});
    expect(harness.server.port).toBe(port);
    const result = await child;
    expect(result.exitCode).toBe(0);
    await waitFor(() => harness!.ring.size >= 80, 'all ticks');
    expect(harness.ring.query(undefined).map((e) => e.message)).toEqual(Array.from({length: 80}, (_, i) => `tick ${i}`));
  });

  it('an unknown component id stops streaming with one message on stderr; the app is unaffected', async () => {
    harness = await startHarness();
    const result = await run(app(`console.log('a'); setTimeout(() => console.log('b'), 300);`), {
      ENABLE_FLOWCTL: 'true', FLOWCTL_ENDPOINT: harness.server.address, FLOWCTL_COMPONENT_ID: 'not-in-pipeline',
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('a\nb');
    expect(result.stderr).toMatch(/^flowctl: log streaming to 127\.0\.0\.1:\d+ stopped: NOT_FOUND: unknown component "not-in-pipeline"/);
    expect(harness.ring.size).toBe(0);
  });

  it('unreachable-control-plane-exits-promptly: one bounded final flush, the loss said once, no busy loop', async () => {
    // Port 1 refuses at once: before the fix every `beforeExit` flushed again, skipping the
    // backoff, and the app spun at 100 % CPU until killed (execa's timeout here).
    const result = await run(app(`console.log('ONCE');`), {ENABLE_FLOWCTL: 'true', FLOWCTL_ENDPOINT: '127.0.0.1:1', FLOWCTL_COMPONENT_ID: 'x'});
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('ONCE');
    expect(result.stderr).toMatch(/^flowctl: 1 log entry could not be sent to the control plane at 127\.0\.0\.1:1 \(UNAVAILABLE: [^)]*\); they were printed to this console as usual$/);
  });

  it('process-exit-keeps-last-lines: lines printed right before process.exit() reach the pipeline; the exit code stays', async () => {
    harness = await startHarness();
    const script = app(`console.log('EXIT-APP before exit'); console.warn('EXIT-APP warned'); process.exit(3);`);
    const result = await run(script, {ENABLE_FLOWCTL: 'true', FLOWCTL_ENDPOINT: harness.server.address, FLOWCTL_COMPONENT_ID: 'proc-b'});
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('EXIT-APP before exit');
    expect(result.stderr).toBe('EXIT-APP warned');
    expect(harness.ring.query(undefined).map((e) => [e.level, e.message])).toEqual([
      ['info', 'EXIT-APP before exit'],
      ['warn', 'EXIT-APP warned'],
    ]);
  });

  it('uncaught-exception-keeps-last-lines: the last line and the crash stack reach the pipeline; Node still prints and exits 1', async () => {
    harness = await startHarness();
    const script = app(`console.error('CRASH-APP going down'); throw new Error('CRASH-APP boom');`);
    const result = await run(script, {ENABLE_FLOWCTL: 'true', FLOWCTL_ENDPOINT: harness.server.address, FLOWCTL_COMPONENT_ID: 'proc-b'});
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('CRASH-APP going down');
    expect(result.stderr).toMatch(/Error: CRASH-APP boom\n\s+at /);
    const entries = harness.ring.query(undefined);
    expect(entries.map((e) => e.message)).toEqual(['CRASH-APP going down', expect.stringMatching(/^Error: CRASH-APP boom\n\s+at .*app\.mjs/)]);
    // A top-level throw in an ES module reaches Node as a rejected evaluation: origin unhandledRejection.
    expect(entries[1]).toMatchObject({level: 'error', stream: 'stderr', fields: {flowctl: 'uncaught', origin: expect.stringMatching(/^(uncaughtException|unhandledRejection)$/)}});
  });

  it('uncaught-exception-keeps-last-lines: an error the app handles itself is not sent as a crash', async () => {
    harness = await startHarness();
    const script = app(`process.on('uncaughtException', (e) => console.log('handled ' + e.message)); setTimeout(() => { throw new Error('soft'); }, 0);`);
    const result = await run(script, {ENABLE_FLOWCTL: 'true', FLOWCTL_ENDPOINT: harness.server.address, FLOWCTL_COMPONENT_ID: 'proc-b'});
    expect(result.exitCode).toBe(0);
    expect(harness.ring.query(undefined).map((e) => e.message)).toEqual(['handled soft']);
  });

  it('tls-interceptor: with FLOWCTL_TLS_CA it pushes to a TLS control plane, with no DEP0123 warning', async () => {
    const files = selfSignedCert(dir, 'server', {ip: '127.0.0.1'});
    harness = await startHarness({tls: files});
    const script = app(`console.log('over tls'); setTimeout(() => console.log('later'), 100);`);
    const result = await run(script, {ENABLE_FLOWCTL: 'true', FLOWCTL_ENDPOINT: harness.server.address, FLOWCTL_COMPONENT_ID: 'proc-b', FLOWCTL_TLS_CA: files.cert});
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(harness.ring.query(undefined).map((e) => e.message)).toEqual(['over tls', 'later']);
  });

  it('tls-interceptor: an unreadable FLOWCTL_TLS_CA is said once; the app runs as usual', async () => {
    const result = await run(app(`console.log('fine');`), {ENABLE_FLOWCTL: 'true', FLOWCTL_ENDPOINT: '127.0.0.1:1', FLOWCTL_COMPONENT_ID: 'x', FLOWCTL_TLS_CA: '/nope/ca.pem'});
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('fine');
    expect(result.stderr).toBe('flowctl: log streaming to 127.0.0.1:1 not started: FLOWCTL_TLS_CA: cannot read /nope/ca.pem: ENOENT (give a PEM certificate file)');
  });
});

