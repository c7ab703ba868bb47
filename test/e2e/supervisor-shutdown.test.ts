/** Ordered shutdown with real processes: reverse dependency order, escalation, force, idempotence. */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {LogEntry} from '../../src/logs/entry.js';
import {Supervisor} from '../../src/supervisor/supervisor.js';
import {alive, component, controlNotes, createHub, dependsOn, fixture, nodeScript, pipeline, tempDir, waitFor} from '../supervisor/support/pipeline.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const FOREVER = nodeScript('process.on("SIGTERM", () => { console.log("got SIGTERM"); process.exit(0); }); setInterval(() => {}, 1000); console.log("up")');
const STUBBORN = nodeScript('process.on("SIGTERM", () => console.log("ignoring SIGTERM")); setInterval(() => {}, 1000); console.log("up")');

function seqOf(entries: LogEntry[], id: string, message: string): number {
  const entry = entries.find((e) => e.componentId === id && e.stream === 'control' && e.message === message);
  if (!entry) throw new Error(`no "${message}" for ${id}`);
  return entry.seq;
}

/** Running and printed a line: their signal handlers are installed (a 'spawn' event is too early). */
async function running(supervisor: Supervisor, count: number): Promise<void> {
  await waitFor(() => supervisor.status().filter((s) => s.state === 'running' && s.lines > 0).length === count, `${count} running`);
}

describe('shutdown', () => {
  it('stops in reverse dependency order: sink, then processor, then source', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const hub = createHub();
    const supervisor = new Supervisor({
      pipeline: pipeline(tmp.dir, [
        component('source', FOREVER),
        component('processor', FOREVER, {dependsOn: dependsOn(['source', 'started'])}),
        component('sink', FOREVER, {dependsOn: dependsOn(['processor', 'started'])}),
      ]),
      hub,
    });
    await supervisor.start();
    await running(supervisor, 3);
    await supervisor.shutdown();
    const entries = hub.ring.query(undefined);
    expect(seqOf(entries, 'sink', 'stopped')).toBeLessThan(seqOf(entries, 'processor', 'stopping (SIGTERM)'));
    expect(seqOf(entries, 'processor', 'stopped')).toBeLessThan(seqOf(entries, 'source', 'stopping (SIGTERM)'));
    // Each saw the signal and its goodbye line reached the hub before "stopped".
    for (const id of ['source', 'processor', 'sink']) {
      expect(hub.ring.query(undefined).filter((e) => e.componentId === id && e.raw === 'got SIGTERM')).toHaveLength(1);
      expect(controlNotes(hub, id).slice(-3)).toEqual(['stopping (SIGTERM)', 'exited with code 0', 'stopped']);
    }
    expect(await supervisor.done).toEqual({exitCode: 0});
    expect(supervisor.status().every((s) => s.state === 'stopped')).toBe(true);
  });

  it('escalates to SIGKILL after the grace period for a child that ignores SIGTERM', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const hub = createHub();
    const supervisor = new Supervisor({
      pipeline: pipeline(tmp.dir, [component('stubborn', STUBBORN, {stopGracePeriodMs: 800})]),
      hub,
    });
    await supervisor.start();
    await running(supervisor, 1);
    const pid = supervisor.status()[0]!.pid!;
    await supervisor.shutdown();
    expect(alive(pid)).toBe(false);
    expect(controlNotes(hub, 'stubborn').slice(2)).toEqual([
      'stopping (SIGTERM)',
      'did not stop within 800 ms; sending SIGKILL',
      'killed by SIGKILL',
      'stopped',
    ]);
    expect(hub.ring.query(undefined).some((e) => e.raw === 'ignoring SIGTERM')).toBe(true);
  });

  it('force kills at once, also in the middle of a graceful shutdown (second Ctrl+C); shutdown is idempotent', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const hub = createHub();
    const supervisor = new Supervisor({
      pipeline: pipeline(tmp.dir, [component('stubborn', STUBBORN, {stopGracePeriodMs: 60_000}), component('other', STUBBORN, {stopGracePeriodMs: 60_000})]),
      hub,
    });
    await supervisor.start();
    await running(supervisor, 2);
    const graceful = supervisor.shutdown();
    await waitFor(() => supervisor.status().every((s) => s.state === 'stopping'), 'both stopping');
    const forced = supervisor.shutdown({force: true});
    await Promise.all([graceful, forced, supervisor.shutdown()]);
    for (const id of ['stubborn', 'other']) expect(controlNotes(hub, id)).toContain('killing (SIGKILL)');
    expect(supervisor.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
  });

  it('stop(id) is a user stop: no restart even under restart: always; start(id) runs it again', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const hub = createHub();
    const always = {policy: 'always' as const, maxRestarts: undefined, backoff: {initialMs: 50, maxMs: 100, multiplier: 2, resetAfterMs: 60_000}};
    const supervisor = new Supervisor({
      pipeline: pipeline(tmp.dir, [component('svc', FOREVER, {restart: always}), component('keep', FOREVER)]),
      hub,
    });
    await supervisor.start();
    await running(supervisor, 2);
    expect(await supervisor.stop('svc')).toEqual({ok: true, value: undefined});
    expect(supervisor.status()[0]?.state).toBe('stopped');
    expect(await supervisor.stop('nope')).toMatchObject({ok: false, error: expect.stringMatching(/no component "nope"/)});
    expect(await supervisor.start('keep')).toEqual({ok: false, error: 'keep is already running'});
    expect(await supervisor.start('svc')).toEqual({ok: true, value: undefined});
    await running(supervisor, 2);
    const firstPid = supervisor.status()[0]!.pid!;
    expect(await supervisor.restart('svc')).toEqual({ok: true, value: undefined});
    await running(supervisor, 2);
    expect(supervisor.status()[0]!.pid).not.toBe(firstPid);
    await supervisor.shutdown();
    expect(await supervisor.start('svc')).toMatchObject({ok: false});
  });

  it('the burst a component prints when it is stopped is in its log file before "stopped"', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const hub = createHub();
    const supervisor = new Supervisor({
      pipeline: pipeline(tmp.dir, [component('bursty', fixture('processor'), {env: {HEALTH_PORT: '0', RATE: '0.01', BURST: '20000'}})]),
      hub,
    });
    await supervisor.start();
    await running(supervisor, 1);
    await supervisor.shutdown();
    const burst = hub.ring.query(undefined).filter((e) => /^burst line \d+ of 20000$/.test(e.raw));
    expect(burst).toHaveLength(20_000);
    expect(burst.at(-1)!.seq).toBeLessThan(seqOf(hub.ring.query(undefined), 'bursty', 'stopped'));
    const file = readFileSync(join(tmp.dir, 'logs', 'bursty.log'), 'utf8');
    expect(file.split('\n').filter((l) => /^burst line \d+ of 20000$/.test(l))).toHaveLength(20_000);
  });
});
