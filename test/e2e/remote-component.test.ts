/**
 * A `remote: true` component in a real `flowctl up` (built CLI): flowctl does not start it, a
 * process it does not run pushes lines as that component (the Node interceptor), and they are
 * its logs everywhere: `flowctl logs -c`, `flowctl status`, its log file. `up` ends with its
 * local components.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {execa} from 'execa';
import {beforeEach, describe, expect, it} from 'vitest';
import {SCHEMA_DIR} from '../../src/control/proto.js';
import {scanStateFiles} from '../../src/control/state-file.js';
import {waitFor} from '../control/helpers.js';
import {CLI, REPO, runCli, useUpScratch, type CliRun} from '../support/cli.js';

const scratch = useUpScratch('flowctl-remote-');
let dir: string;
let up: CliRun;
beforeEach(() => {
  dir = scratch.dir();
});

const env = (): NodeJS.ProcessEnv => ({XDG_STATE_HOME: path.join(dir, 'state')});

function flowctl(args: string[]) {
  return execa(process.execPath, [CLI, ...args], {cwd: dir, env: {...process.env, ...env(), NO_COLOR: '1'}, reject: false, timeout: 60_000});
}

function writePipeline(remoteExtra = '', condition = ''): string {
  const done = path.join(dir, 'done');
  const local = path.join(dir, 'local.mjs');
  // Runs until the test says so, then ends with code 0: the pipeline's end.
  writeFileSync(local, `import {existsSync} from 'node:fs';\nconsole.log('local up');\nsetInterval(() => { if (existsSync(${JSON.stringify(done)})) process.exit(0); }, 50);\n`);
  const file = path.join(dir, 'pipeline.yaml');
  writeFileSync(
    file,
    `pipeline:
  name: remote-pipeline
  components:
    - name: remote
      remote: true
${remoteExtra}    - name: local
      command: [node, ${local}]
${condition || '      depends_on: [remote]\n'}`,
  );
  return file;
}

describe('remote components in flowctl up', () => {
  it('remote-component-pushes: a remote: true component is not started, its pushed lines are its logs, up ends with the local one', async () => {
    up = scratch.track(runCli(['up', '--no-tui', '--control-plane-port', '0', writePipeline()], {cwd: dir, env: env()}));
    const state = await waitFor(() => scanStateFiles(path.join(dir, 'state', 'flowctl')).states.find((s) => s.name === 'remote-pipeline'), 'state file of flowctl up', 30_000);
    // `local` depends on the remote one with condition started: it does not wait for it.
    await up.waitForOutput((out) => out.includes('local up'), 30_000);
    expect(up.stdout()).toContain('remote: not started by flowctl; waiting for its logs');

    const status = await flowctl(['status']);
    expect(status.stdout).toMatch(/^remote\s+\S+\s+remote\b/m);

    // A process flowctl does not run pushes lines as `remote`, as a container would.
    const pusher = path.join(dir, 'pusher.mjs');
    writeFileSync(pusher, `for (let i = 0; i < 3; i++) console.log('pushed line ' + i);\nconsole.error('pushed error');\n`);
    const pushed = await execa(process.execPath, ['--import', 'flowctl/register', pusher], {
      cwd: REPO,
      env: {...process.env, FLOWCTL_CAPTURED: '', ENABLE_FLOWCTL: 'true', FLOWCTL_ENDPOINT: state.address, FLOWCTL_COMPONENT_ID: 'remote'},
      reject: false,
      timeout: 30_000,
    });
    expect(pushed.exitCode).toBe(0);

    const expected = ['pushed line 0', 'pushed line 1', 'pushed line 2', 'pushed error'];
    const logs = await waitFor(async () => {
      const result = await flowctl(['logs', '-c', 'remote', '--grep', '^pushed', '--raw', '--no-log-prefix']);
      return result.stdout.split('\n').length === expected.length ? result : undefined;
    }, 'the pushed lines in flowctl logs -c remote');
    expect(logs.stdout.split('\n')).toEqual(expected);
    // Counted in its status row like captured lines (LINES, WARN, ERRORS), and said why it has no pid.
    const counted = await waitFor(async () => {
      const result = await flowctl(['status']);
      return /^remote\s+source\s+remote\s+-\s+-\s+0\s+-\s+4\s+0\s+1\b/m.test(result.stdout) ? result : undefined;
    }, 'remote row with 4 lines, 1 error');
    expect(counted.stdout).toContain('  remote: logs arrive over the control plane');

    // It may register and heartbeat as components do (legacy proto): its metrics show in status.
    const definition = protoLoader.loadSync('legacy/control_plane.proto', {includeDirs: [SCHEMA_DIR], keepCase: true});
    const Legacy = (grpc.loadPackageDefinition(definition) as unknown as {flowctl: {ControlPlane: grpc.ServiceClientConstructor}}).flowctl.ControlPlane;
    const legacy = new Legacy(state.address, grpc.credentials.createInsecure()) as unknown as Record<string, (req: unknown, cb: (e: grpc.ServiceError | null, v: unknown) => void) => void> & grpc.Client;
    const call = (method: string, req: unknown) => new Promise((resolve, reject) => legacy[method]!.call(legacy, req, (e, v) => (e ? reject(e) : resolve(v))));
    await call('Register', {service_id: 'remote', service_type: 'SERVICE_TYPE_SOURCE', component_id: 'remote'});
    await call('Heartbeat', {service_id: 'remote', metrics: {events_sent: 3}});
    legacy.close();
    expect((await flowctl(['status'])).stdout).toContain('remote metrics: events_sent=3');

    // flowctl cannot restart, stop or start what it does not run.
    for (const action of ['restart', 'stop', 'start']) {
      const refused = await flowctl([action, 'remote']);
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toContain('remote is remote: flowctl does not run it');
    }

    // The local component ends: so does `up`, without waiting for the remote one.
    writeFileSync(path.join(dir, 'done'), '');
    const exit = await up.exited;
    expect(exit.code).toBe(0);
    // Its pushed lines are in its log file as captured lines are in theirs.
    const file = path.join(dir, 'logs', 'remote.log');
    expect(existsSync(file)).toBe(true);
    for (const line of expected) expect(readFileSync(file, 'utf8')).toContain(line);
  }, 120_000);

  it('remote-component-healthy: a dependent waiting for a remote component to be healthy starts once its tcp check passes', async () => {
    const server: Server = createServer((socket) => socket.end());
    const port = await new Promise<number>((resolve) => {
      // Reserve a free port, then close it: the remote service "is not up yet".
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const file = writePipeline(
      `      health_check: {tcp: "127.0.0.1:${port}", interval: 200ms, retries: 1}\n`,
      `      depends_on: {remote: {condition: healthy}}\n`,
    );
    up = scratch.track(runCli(['up', '--no-tui', '--control-plane-port', '0', file], {cwd: dir, env: env()}));
    await waitFor(() => scanStateFiles(path.join(dir, 'state', 'flowctl')).states.find((s) => s.name === 'remote-pipeline'), 'state file of flowctl up', 30_000);
    await waitFor(async () => /local: waiting for remote to be healthy/.test((await flowctl(['status'])).stdout), 'local waiting for remote');
    expect(up.stdout()).not.toContain('local up');
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await up.waitForOutput((out) => out.includes('local up'), 30_000);
      expect(up.stdout()).toMatch(/remote\s+\|.*healthy/);
      expect((await flowctl(['status'])).stdout).toMatch(/^remote\s+source\s+remote\s+-\s+-\s+0\s+healthy\b/m);
      writeFileSync(path.join(dir, 'done'), '');
      expect((await up.exited).code).toBe(0);
    } finally {
      server.close();
    }
  }, 120_000);
});
