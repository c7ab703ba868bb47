/**
 * Each health check kind with real processes, through the Supervisor: http, tcp and exec checks
 * gate a dependent on `healthy` (the log-line check is in supervisor-start-order.test.ts), and a
 * failing check (HTTP 503, exec exit 1) makes the component unhealthy and keeps its dependent
 * waiting with the reason shown. The dependents prove the gate by using what they waited for:
 * a sink that started too early would find nothing listening, or no ready file.
 */
import {createServer as createHttpServer} from 'node:http';
import {createServer, type AddressInfo} from 'node:net';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {HealthCheck, ResolvedComponent} from '../../src/config/model.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {Supervisor} from '../../src/supervisor/supervisor.js';
import {component, controlNotes, createHub, dependsOn, nodeScript, pipeline, tempDir, waitFor} from '../supervisor/support/pipeline.js';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.reverse()) await fn();
  cleanups = [];
});

/** A port nothing listens on right now (the component binds it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Probes every 100 ms; failures before the server is up do not count (start period). */
const TIMING = {intervalMs: 100, timeoutMs: 2000, retries: 2, startPeriodMs: 60_000};
/** Failures count at once: for the unhealthy outcomes. */
const STRICT = {...TIMING, startPeriodMs: 0};

/** Keeps a component alive until the supervisor stops it. */
const FOREVER = 'setInterval(() => {}, 1000);';

async function runGated(source: ResolvedComponent, sink: ResolvedComponent) {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const hub = createHub();
  const supervisor = new Supervisor({pipeline: pipeline(tmp.dir, [sink, source]), hub});
  cleanups.push(() => supervisor.shutdown());
  await supervisor.start();
  await waitFor(() => supervisor.status().find((s) => s.id === 'sink')?.state === 'exited', 'the sink to finish');
  await supervisor.shutdown();
  return {hub, supervisor, entries: hub.ring.query(undefined)};
}

function sinkOf(script: string, env: Record<string, string> = {}): ResolvedComponent {
  return component('sink', nodeScript(script), {env: {HEALTH_PORT: '0', ...env}, dependsOn: dependsOn(['source', 'healthy'])});
}

function sourceOf(script: string, healthCheck: HealthCheck, env: Record<string, string> = {}): ResolvedComponent {
  return component('source', nodeScript(script), {env: {HEALTH_PORT: '0', ...env}, healthCheck});
}

function seqOf(entries: LogEntry[], id: string, pattern: RegExp): number {
  const entry = entries.find((e) => e.componentId === id && e.stream === 'control' && pattern.test(e.message));
  if (!entry) throw new Error(`no control entry of ${id} matching ${pattern}`);
  return entry.seq;
}

function expectGated(run: Awaited<ReturnType<typeof runGated>>, sinkSaw: string): void {
  const {hub, entries} = run;
  expect(controlNotes(hub, 'sink')[0]).toBe('waiting for source to be healthy');
  expect(seqOf(entries, 'source', /^healthy$/)).toBeLessThan(seqOf(entries, 'sink', /^started/));
  expect(entries.filter((e) => e.componentId === 'sink' && e.stream !== 'control').map((e) => e.raw)).toEqual([sinkSaw]);
  expect(controlNotes(hub, 'sink')).toContain('exited with code 0');
}

describe('health checks with real processes', () => {
  it('http: a dependent starts once the URL answers 2xx', async () => {
    const port = await freePort();
    const source = sourceOf(
      `setTimeout(() => require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1'), 500); ${FOREVER}`,
      {kind: 'http', url: `http://127.0.0.1:${port}/health`, ...TIMING},
    );
    const sink = sinkOf(`fetch('http://127.0.0.1:${port}/').then((r) => console.log('status', r.status), (e) => { console.log('refused', e.cause?.code); process.exit(1); })`);
    expectGated(await runGated(source, sink), 'status 200');
  });

  it('tcp: a dependent starts once the port accepts connections', async () => {
    const port = await freePort();
    const source = sourceOf(`setTimeout(() => require('node:net').createServer((c) => c.end()).listen(${port}, '127.0.0.1'), 500); ${FOREVER}`, {
      kind: 'tcp',
      host: '127.0.0.1',
      port,
      ...TIMING,
    });
    const sink = sinkOf(
      `require('node:net').connect(${port}, '127.0.0.1').on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(1); })`,
    );
    expectGated(await runGated(source, sink), 'connected');
  });

  it('exec: a dependent starts once the command exits 0', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const ready = join(tmp.dir, 'ready');
    const source = sourceOf(`setTimeout(() => require('node:fs').writeFileSync(process.env.READY, ''), 500); ${FOREVER}`, {kind: 'exec', command: ['sh', '-c', 'test -e "$READY"'], ...TIMING}, {READY: ready});
    const sink = sinkOf(`console.log(require('node:fs').existsSync(process.env.READY) ? 'ready file there' : 'no ready file')`, {READY: ready});
    expectGated(await runGated(source, sink), 'ready file there');
  });

  describe('unhealthy outcomes keep the dependent waiting, with the reason', () => {
    async function runUnhealthy(source: ResolvedComponent) {
      const tmp = tempDir();
      cleanups.push(tmp.cleanup);
      const hub = createHub();
      const sink = sinkOf('console.log("should not run")');
      const supervisor = new Supervisor({pipeline: pipeline(tmp.dir, [source, sink]), hub});
      cleanups.push(() => supervisor.shutdown());
      await supervisor.start();
      await waitFor(() => controlNotes(hub, 'source').some((n) => n.startsWith('unhealthy: ')), 'the source to be unhealthy');
      await waitFor(() => (supervisor.status().find((s) => s.id === 'sink')?.reason ?? '').includes('now unhealthy'), 'the sink to say why it waits');
      const sinkStatus = supervisor.status().find((s) => s.id === 'sink');
      const sourceStatus = supervisor.status().find((s) => s.id === 'source');
      await supervisor.shutdown();
      return {hub, sinkStatus, sourceStatus};
    }

    it('http 503: unhealthy "HTTP 503"', async () => {
      // The 503 comes from a server that is up before the component starts: a component's own
      // server would first refuse connections, and that failure would be the one reported.
      let probes = 0;
      const server = createHttpServer((request, response) => {
        probes++;
        response.statusCode = 503;
        response.end('starting');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
      const {port} = server.address() as AddressInfo;
      const source = sourceOf(FOREVER, {kind: 'http', url: `http://127.0.0.1:${port}/health`, ...STRICT});
      const {hub, sinkStatus, sourceStatus} = await runUnhealthy(source);
      expect(probes).toBeGreaterThanOrEqual(STRICT.retries);
      expect(sourceStatus).toMatchObject({state: 'unhealthy', health: 'unhealthy', reason: 'HTTP 503'});
      expect(controlNotes(hub, 'source')).toContain('unhealthy: HTTP 503');
      expect(sinkStatus).toMatchObject({state: 'waiting', reason: 'waiting for source to be healthy (now unhealthy: HTTP 503)'});
      expect(controlNotes(hub, 'sink')).not.toContainEqual(expect.stringMatching(/^started/));
      expect(controlNotes(hub, 'sink').at(-1)).toBe('stopped before it started');
    });

    it('exec exit 1: unhealthy with the exit code and the last line it printed', async () => {
      const source = sourceOf(FOREVER, {kind: 'exec', command: ['sh', '-c', 'echo "db not reachable"; exit 1'], ...STRICT});
      const {hub, sinkStatus, sourceStatus} = await runUnhealthy(source);
      expect(sourceStatus).toMatchObject({state: 'unhealthy', reason: 'exit code 1: db not reachable'});
      expect(controlNotes(hub, 'source')).toContain('unhealthy: exit code 1: db not reachable');
      expect(sinkStatus).toMatchObject({state: 'waiting', reason: 'waiting for source to be healthy (now unhealthy: exit code 1: db not reachable)'});
      expect(controlNotes(hub, 'sink')).not.toContainEqual(expect.stringMatching(/^started/));
    });
  });
});
