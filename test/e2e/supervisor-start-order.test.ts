/** Start order with real processes: each depends_on condition, parallel starts, blocked dependents. */
import {afterEach, describe, expect, it} from 'vitest';
import type {LogEntry} from '../../src/logs/entry.js';
import {Supervisor} from '../../src/supervisor/supervisor.js';
import {component, controlNotes, createHub, dependsOn, nodeScript, pipeline, tempDir} from '../supervisor/support/pipeline.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup() {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  return {dir: tmp.dir, hub: createHub()};
}

/** Seq of the first control entry of `id` matching `pattern`. */
function seqOf(entries: LogEntry[], id: string, pattern: RegExp): number {
  const entry = entries.find((e) => e.componentId === id && e.stream === 'control' && pattern.test(e.message));
  if (!entry) throw new Error(`no control entry of ${id} matching ${pattern}`);
  return entry.seq;
}

const SLEEP_THEN_EXIT = nodeScript('setTimeout(() => {}, 1500)');

describe('start order', () => {
  it('starts independent components in parallel', async () => {
    const {dir, hub} = setup();
    const supervisor = new Supervisor({
      pipeline: pipeline(dir, [component('a', SLEEP_THEN_EXIT), component('b', SLEEP_THEN_EXIT)]),
      hub,
    });
    await supervisor.start();
    expect(supervisor.status().map((s) => s.state)).toEqual(['starting', 'starting']);
    await supervisor.done;
    const entries = hub.ring.query(undefined);
    const firstExit = Math.min(seqOf(entries, 'a', /^exited/), seqOf(entries, 'b', /^exited/));
    expect(seqOf(entries, 'a', /^started/)).toBeLessThan(firstExit);
    expect(seqOf(entries, 'b', /^started/)).toBeLessThan(firstExit);
  });

  it('condition started: the dependent starts once the dependency runs', async () => {
    const {dir, hub} = setup();
    const supervisor = new Supervisor({
      pipeline: pipeline(dir, [
        component('sink', SLEEP_THEN_EXIT, {dependsOn: dependsOn(['source', 'started'])}),
        component('source', SLEEP_THEN_EXIT),
      ]),
      hub,
    });
    await supervisor.start();
    await supervisor.done;
    const entries = hub.ring.query(undefined);
    expect(controlNotes(hub, 'sink')[0]).toBe('waiting for source to start');
    expect(seqOf(entries, 'source', /^started/)).toBeLessThan(seqOf(entries, 'sink', /^started/));
    // Both ran at the same time: the sink started before the source ended.
    expect(seqOf(entries, 'sink', /^started/)).toBeLessThan(seqOf(entries, 'source', /^exited/));
  });

  it('condition healthy: the dependent waits for the health check to pass (regression: "healthy" was noted before the line that made it so)', async () => {
    const {dir, hub} = setup();
    const source = component('source', nodeScript('setTimeout(() => console.log("listening at :50052"), 700); setTimeout(() => {}, 2500)'), {
      healthCheck: {kind: 'log', pattern: 'listening at', intervalMs: 200, timeoutMs: 1000, retries: 3, startPeriodMs: 0},
    });
    const supervisor = new Supervisor({
      pipeline: pipeline(dir, [source, component('sink', SLEEP_THEN_EXIT, {dependsOn: dependsOn(['source', 'healthy'])})]),
      hub,
    });
    await supervisor.start();
    await supervisor.done;
    const entries = hub.ring.query(undefined);
    expect(controlNotes(hub, 'sink')[0]).toBe('waiting for source to be healthy');
    expect(controlNotes(hub, 'source')).toContain('healthy');
    const healthy = seqOf(entries, 'source', /^healthy$/);
    const readyLine = entries.find((e) => e.componentId === 'source' && e.raw === 'listening at :50052');
    expect(readyLine).toBeDefined();
    expect(readyLine!.seq).toBeLessThan(healthy);
    expect(healthy).toBeLessThan(seqOf(entries, 'sink', /^started/));
  });

  it('condition completed_successfully: the dependent starts after a clean exit', async () => {
    const {dir, hub} = setup();
    const supervisor = new Supervisor({
      pipeline: pipeline(dir, [
        component('migrate', nodeScript('console.log("migrated"); setTimeout(() => {}, 300)')),
        component('app', nodeScript('console.log("app ran")'), {dependsOn: dependsOn(['migrate', 'completed_successfully'])}),
      ]),
      hub,
    });
    await supervisor.start();
    expect((await supervisor.done).exitCode).toBe(0);
    const entries = hub.ring.query(undefined);
    expect(seqOf(entries, 'migrate', /^exited with code 0$/)).toBeLessThan(seqOf(entries, 'app', /^started/));
    expect(supervisor.status().map((s) => [s.id, s.state])).toEqual([
      ['migrate', 'exited'],
      ['app', 'exited'],
    ]);
  });

  it('a failed dependency blocks its dependents (and theirs) with the reason shown', async () => {
    const {dir, hub} = setup();
    const supervisor = new Supervisor({
      pipeline: pipeline(dir, [
        component('source', nodeScript('process.exit(4)')),
        component('processor', SLEEP_THEN_EXIT, {dependsOn: dependsOn(['source', 'completed_successfully'])}),
        component('sink', SLEEP_THEN_EXIT, {dependsOn: dependsOn(['processor', 'started'])}),
        component('independent', nodeScript('console.log("ok")')),
      ]),
      hub,
    });
    await supervisor.start();
    expect((await supervisor.done).exitCode).toBe(1);
    const status = Object.fromEntries(supervisor.status().map((s) => [s.id, s]));
    expect(status.source).toMatchObject({state: 'failed', exitCode: 4});
    expect(status.processor?.state).toBe('failed');
    expect(status.processor?.reason).toMatch(/^source failed \(exited with code 4\); not starting$/);
    expect(status.sink?.state).toBe('failed');
    expect(status.sink?.reason).toMatch(/processor failed/);
    expect(status.independent).toMatchObject({state: 'exited', exitCode: 0, lines: 1});
    expect(controlNotes(hub, 'processor').at(-1)).toBe('source failed (exited with code 4); not starting');
  });
});
