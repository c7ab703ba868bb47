import {describe, expect, it} from 'vitest';
import type {ResolvedComponent} from '../../src/config/model.js';
import type {Level} from '../../src/logs/entry.js';
import {ComponentRunner, type HealthHooks} from '../../src/supervisor/component.js';
import type {PendingEntry} from '../../src/supervisor/control-entry.js';
import {LogFileGate} from '../../src/supervisor/log-file-gate.js';
import {FakeClock, FakeSpawner, settle} from './support/fake-world.js';
import {component} from './support/pipeline.js';

function setup(overrides: Partial<ResolvedComponent> = {}) {
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const notes: {message: string; level: Level}[] = [];
  const written: string[] = [];
  const published: PendingEntry[] = [];
  let healthHooks: HealthHooks | undefined;
  const observed: string[] = [];
  const groups = new Set<number>();
  const c = component('proc', [process.execPath, 'app.js'], overrides);
  const runner = new ComponentRunner({
    component: c,
    env: {PATH: process.env.PATH ?? ''},
    spawn: spawner.spawn,
    kill: spawner.kill,
    killPid: () => undefined,
    timers: clock,
    groups: {add: (g) => groups.add(g), remove: (g) => groups.delete(g)},
    file: new LogFileGate({write: (text) => (written.push(text), true), onDrain: () => () => true, close: async () => undefined}),
    maxLineBytes: 1024,
    createConsumer: (restarts, deliver) => ({
      push: (stream, lines, receivedAt) =>
        deliver(
          lines.map((l) => ({
            componentId: 'proc', componentType: 'processor', stream, timestamp: receivedAt, receivedAt,
            level: l.text.startsWith('WARN') ? 'warn' : l.text.startsWith('ERROR') ? 'error' : 'info',
            message: l.text, fields: {}, raw: l.text, restart: restarts(), truncated: l.truncated,
          })),
        ),
      flush: () => undefined,
    }),
    publish: (entries) => published.push(...entries),
    note: (message, level) => notes.push({message, level}),
    createHealth: c.healthCheck
      ? (hooks) => {
          healthHooks = hooks;
          return {observe: (line) => observed.push(line), stop: () => (healthHooks = undefined)};
        }
      : undefined,
    createTracker: undefined,
    scanIntervalMs: 1000,
    onChange: () => undefined,
  });
  return {clock, spawner, notes, written, published, runner, groups, observed, health: () => healthHooks, messages: () => notes.map((n) => n.message)};
}

const onFailure = (maxRestarts: number | undefined) => ({
  restart: {policy: 'on-failure' as const, maxRestarts, backoff: {initialMs: 1000, maxMs: 4000, multiplier: 2, resetAfterMs: 60_000}},
});

describe('ComponentRunner', () => {
  it('goes starting → running → exited and notes each step', async () => {
    const t = setup();
    t.runner.start();
    expect(t.runner.state.name).toBe('starting');
    await settle();
    expect(t.runner.state).toMatchObject({name: 'running', pid: 4242});
    expect(t.groups.has(4242)).toBe(true);
    t.spawner.last.exit({code: 0, signal: null});
    await settle();
    expect(t.runner.state.name).toBe('exited');
    expect(t.messages()).toEqual(['starting', 'started, pid 4242', 'exited with code 0']);
    expect(t.groups.size).toBe(0);
  });

  it('captures lines to the file and the hub, counting warnings and errors', async () => {
    const t = setup();
    t.runner.start();
    await settle();
    t.spawner.last.stdout.write('hello\nWARN careful\n');
    t.spawner.last.stderr.write('ERROR broken\npartial');
    t.spawner.last.exit({code: 0, signal: null});
    await settle();
    expect(t.written.join('')).toContain('hello\nWARN careful\n');
    expect(t.published.map((e) => [e.stream, e.raw])).toEqual([
      ['stdout', 'hello'],
      ['stdout', 'WARN careful'],
      ['stderr', 'ERROR broken'],
      ['stderr', 'partial'],
    ]);
    expect(t.runner.status()).toMatchObject({lines: 4, warnings: 1, errors: 1, state: 'exited', exitCode: 0});
  });

  it('restarts on failure with exponential backoff, then gives up and fails', async () => {
    const t = setup(onFailure(2));
    t.runner.start();
    await settle();
    t.spawner.last.exit({code: 1, signal: null});
    await settle();
    expect(t.runner.state).toMatchObject({name: 'backing-off', attempt: 1});
    expect(t.runner.willRestart).toBe(true);
    t.clock.advance(999);
    await settle();
    expect(t.spawner.children).toHaveLength(1);
    t.clock.advance(1);
    await settle();
    expect(t.spawner.children).toHaveLength(2);
    expect(t.runner.status().restarts).toBe(1);
    t.spawner.last.exit({code: 1, signal: null});
    await settle();
    t.clock.advance(2000);
    await settle();
    t.spawner.last.exit({code: null, signal: 'SIGSEGV'});
    await settle();
    expect(t.runner.state.name).toBe('failed');
    expect(t.messages()).toEqual([
      'starting',
      'started, pid 4242',
      'exited with code 1',
      'restarting in 1 s, attempt 1 of 2',
      'starting',
      'started, pid 4243',
      'exited with code 1',
      'restarting in 2 s, attempt 2 of 2',
      'starting',
      'started, pid 4244',
      'killed by SIGSEGV',
      'failed: gave up after 2 restarts',
    ]);
    expect(t.runner.status()).toMatchObject({state: 'failed', signal: 'SIGSEGV', reason: 'gave up after 2 restarts', restarts: 2});
  });

  it('stops with the stop signal, escalates to SIGKILL after the grace period, and never restarts', async () => {
    const t = setup({...onFailure(undefined), stopGracePeriodMs: 10_000});
    t.runner.start();
    await settle();
    const stopped = t.runner.stop();
    expect(t.spawner.kills).toEqual([{pgid: 4242, signal: 'SIGTERM'}]);
    t.clock.advance(10_000);
    expect(t.spawner.kills.at(-1)).toEqual({pgid: 4242, signal: 'SIGKILL'});
    t.spawner.last.exit({code: null, signal: 'SIGKILL'});
    await stopped;
    expect(t.runner.state.name).toBe('stopped');
    expect(t.messages()).toEqual([
      'starting',
      'started, pid 4242',
      'stopping (SIGTERM)',
      'did not stop within 10 s; sending SIGKILL',
      'killed by SIGKILL',
      'stopped',
    ]);
    t.clock.advance(60_000);
    await settle();
    expect(t.spawner.children).toHaveLength(1);
  });

  it('uses the component stop signal and a forced stop skips the grace period', async () => {
    const t = setup({stopSignal: 'SIGINT'});
    t.runner.start();
    await settle();
    void t.runner.stop();
    void t.runner.stop({force: true});
    expect(t.spawner.kills.map((k) => k.signal)).toEqual(['SIGINT', 'SIGKILL']);
    expect(t.messages().slice(2)).toEqual(['stopping (SIGINT)', 'killing (SIGKILL)']);
  });

  it('a stop while backing off cancels the restart', async () => {
    const t = setup(onFailure(undefined));
    t.runner.start();
    await settle();
    t.spawner.last.exit({code: 2, signal: null});
    await settle();
    await t.runner.stop();
    t.clock.advance(10_000);
    await settle();
    expect(t.spawner.children).toHaveLength(1);
    expect(t.runner.status()).toMatchObject({state: 'stopped', exitCode: 2});
    expect(t.clock.pending).toBe(0);
  });

  it('a spawn the OS refuses counts as a failed run and the restart policy still applies', async () => {
    const t = setup(onFailure(1));
    t.spawner.failNext = 'spawn EACCES';
    t.runner.start();
    await settle();
    expect(t.messages()).toEqual(['starting', 'cannot start: spawn EACCES', 'restarting in 1 s, attempt 1 of 1']);
    t.spawner.failNext = 'spawn EACCES';
    t.clock.advance(1000);
    await settle();
    expect(t.runner.state).toMatchObject({name: 'failed', reason: 'gave up after 1 restart'});
  });

  it('a missing program is reported as command not found without spawning', async () => {
    const t = setup({command: ['definitely-not-a-command-xyz']});
    t.runner.start();
    await settle();
    expect(t.spawner.children).toHaveLength(0);
    expect(t.notes).toEqual([
      {message: 'starting', level: 'info'},
      {message: 'cannot start: command not found: definitely-not-a-command-xyz', level: 'error'},
      {message: 'failed', level: 'error'},
    ]);
    expect(t.runner.state).toMatchObject({name: 'failed', reason: 'failed to start: command not found: definitely-not-a-command-xyz'});
  });

  it('follows health transitions and feeds output lines to the check', async () => {
    const t = setup({healthCheck: {kind: 'log', pattern: 'ready', intervalMs: 1000, timeoutMs: 1000, retries: 1, startPeriodMs: 0}});
    t.runner.start();
    await settle();
    expect(t.runner.status().health).toBe('unknown');
    t.spawner.last.stdout.write('ready now\n');
    await settle();
    expect(t.observed).toEqual(['ready now']);
    t.health()?.onChange('healthy', undefined);
    expect(t.runner.status()).toMatchObject({state: 'healthy', health: 'healthy'});
    t.health()?.onChange('unhealthy', 'HTTP 503');
    expect(t.runner.status()).toMatchObject({state: 'unhealthy', health: 'unhealthy', reason: 'HTTP 503'});
    expect(t.messages().slice(2)).toEqual(['healthy', 'unhealthy: HTTP 503']);
    t.spawner.last.exit({code: 0, signal: null});
    await settle();
    expect(t.health()).toBeUndefined();
  });

  it('transition-without-entry: entering starting, and exited → failed under restart: no, each get an entry', async () => {
    const t = setup({restart: {policy: 'no', maxRestarts: undefined, backoff: {initialMs: 1000, maxMs: 4000, multiplier: 2, resetAfterMs: 60_000}}});
    t.runner.start();
    expect(t.messages()).toEqual(['starting']);
    await settle();
    t.spawner.last.exit({code: 5, signal: null});
    await settle();
    expect(t.runner.status()).toMatchObject({state: 'failed', exitCode: 5, reason: 'exited with code 5'});
    expect(t.notes).toEqual([
      {message: 'starting', level: 'info'},
      {message: 'started, pid 4242', level: 'info'},
      {message: 'exited with code 5', level: 'error'},
      {message: 'failed', level: 'error'},
    ]);
  });

  it('always-max-exit0-not-failed: always at its maximum after a clean exit gives up, failed, and says so', async () => {
    const t = setup({restart: {policy: 'always', maxRestarts: 1, backoff: {initialMs: 1000, maxMs: 4000, multiplier: 2, resetAfterMs: 60_000}}});
    t.runner.start();
    await settle();
    t.spawner.last.exit({code: 0, signal: null});
    await settle();
    t.clock.advance(1000);
    await settle();
    t.spawner.last.exit({code: 0, signal: null});
    await settle();
    expect(t.runner.status()).toMatchObject({state: 'failed', exitCode: 0, reason: 'gave up after 1 restart'});
    expect(t.messages().slice(-2)).toEqual(['exited with code 0', 'failed: gave up after 1 restart']);
  });

  it('waiting notes each new reason once; a stop before start never spawns', async () => {
    const t = setup();
    t.runner.wait('waiting for source to start');
    t.runner.wait('waiting for source to start');
    await t.runner.stop();
    expect(t.messages()).toEqual(['waiting for source to start', 'stopped before it started']);
    expect(t.spawner.children).toHaveLength(0);
  });

  it('a stop requested while starting signals the group as soon as it exists', async () => {
    const t = setup();
    t.runner.start();
    const stopped = t.runner.stop();
    expect(t.runner.state.name).toBe('stopping');
    await settle();
    expect(t.spawner.kills).toEqual([{pgid: 4242, signal: 'SIGTERM'}]);
    t.spawner.last.exit({code: 0, signal: null});
    await stopped;
    expect(t.runner.state.name).toBe('stopped');
  });
});
