/** What goes wrong for one component is said for that component, and the others go on. */
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {Supervisor} from '../../src/supervisor/supervisor.js';
import {component, controlNotes, createHub, nodeScript, pipeline, tempDir} from '../supervisor/support/pipeline.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups) fn();
  cleanups = [];
});

function setup() {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  return {dir: tmp.dir, hub: createHub()};
}

const OK = nodeScript('setTimeout(() => console.log("still here"), 300)');

async function listen(): Promise<{server: Server; port: number}> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  cleanups.push(() => server.close());
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {server, port: address.port};
}

describe('errors per component', () => {
  it('a missing command, a non-executable file and a taken port each fail their component only', async () => {
    const {dir, hub} = setup();
    const script = join(dir, 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\necho hi\n');
    chmodSync(script, 0o644);
    const {port} = await listen();
    const supervisor = new Supervisor({
      pipeline: pipeline(dir, [
        component('missing', ['no-such-command-flowctl-test']),
        component('noexec', ['./not-executable.sh'], {workingDir: dir}),
        component('port', OK, {healthPort: port}),
        component('fine', OK),
      ]),
      hub,
    });
    await supervisor.start();
    expect(await supervisor.done).toEqual({exitCode: 1});
    expect(controlNotes(hub, 'missing')).toEqual(['starting', 'cannot start: command not found: no-such-command-flowctl-test', 'failed']);
    expect(controlNotes(hub, 'noexec')).toEqual(['starting', `cannot start: not executable: ./not-executable.sh (permission denied; chmod +x ${script})`, 'failed']);
    expect(controlNotes(hub, 'port')).toEqual([`cannot start: port ${port} is already in use (needed by port: health_port)`]);
    const status = Object.fromEntries(supervisor.status().map((s) => [s.id, s]));
    expect(status.missing?.state).toBe('failed');
    expect(status.noexec?.state).toBe('failed');
    expect(status.port?.state).toBe('failed');
    expect(status.fine).toMatchObject({state: 'exited', exitCode: 0, lines: 1});
  });

  it('a missing working directory is named', async () => {
    const {dir, hub} = setup();
    const supervisor = new Supervisor({pipeline: pipeline(dir, [component('lost', OK, {workingDir: join(dir, 'nowhere')})]), hub});
    await supervisor.start();
    await supervisor.done;
    expect(controlNotes(hub, 'lost')).toEqual(['starting', `cannot start: working directory does not exist: ${join(dir, 'nowhere')}`, 'failed']);
  });

  it('a log file that cannot be written fails that component with the reason', async () => {
    const {dir, hub} = setup();
    mkdirSync(join(dir, 'logs', 'blocked.log'), {recursive: true});
    const supervisor = new Supervisor({pipeline: pipeline(dir, [component('blocked', OK), component('fine', OK)]), hub});
    await supervisor.start();
    expect(await supervisor.done).toEqual({exitCode: 1});
    expect(controlNotes(hub, 'blocked')[0]).toMatch(/^cannot start: cannot write .*blocked\.log: it is a directory/);
    expect(supervisor.status()[1]).toMatchObject({state: 'exited', lines: 1});
  });

  it('--abort-on-exit stops everything when one component ends', async () => {
    const {dir, hub} = setup();
    const forever = nodeScript('setInterval(() => {}, 1000); console.log("up")');
    const supervisor = new Supervisor({
      pipeline: pipeline(dir, [component('quick', nodeScript('process.exit(0)')), component('forever', forever)]),
      hub,
      abortOnExit: true,
    });
    await supervisor.start();
    expect(await supervisor.done).toEqual({exitCode: 0});
    expect(supervisor.status().map((s) => [s.id, s.state])).toEqual([
      ['quick', 'exited'],
      ['forever', 'stopped'],
    ]);
  });

  it('--abort-on-exit also stops the others when a command is missing', async () => {
    const {dir, hub} = setup();
    const supervisor = new Supervisor({
      pipeline: pipeline(dir, [component('missing', ['no-such-command-flowctl-test']), component('forever', nodeScript('setInterval(() => {}, 1000)'))]),
      hub,
      abortOnExit: true,
    });
    await supervisor.start();
    expect(await supervisor.done).toEqual({exitCode: 1});
    expect(supervisor.status()[1]?.state).toBe('stopped');
  });

  it('--exit-code-from takes that component’s exit code', async () => {
    const {dir, hub} = setup();
    const supervisor = new Supervisor({
      pipeline: pipeline(dir, [component('tests', nodeScript('process.exit(5)')), component('other', nodeScript('process.exit(0)'))]),
      hub,
      exitCodeFrom: 'tests',
    });
    await supervisor.start();
    expect(await supervisor.done).toEqual({exitCode: 5});
  });

  it('asking for an unknown component or before start is an error value, not a throw', async () => {
    const {dir, hub} = setup();
    const supervisor = new Supervisor({pipeline: pipeline(dir, [component('a', OK)]), hub});
    expect(await supervisor.restart('a')).toEqual({ok: false, error: 'the pipeline has not been started'});
    await supervisor.shutdown();
    expect(await supervisor.done).toEqual({exitCode: 0});
  });
});
