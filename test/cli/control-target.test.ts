/**
 * Which pipeline `flowctl logs` / `status` / `down` / `restart` mean, as real CLI processes
 * (dist/cli/main.js) against a real control plane on 127.0.0.1 found through a real state
 * file: in a stopped pipeline's folder while another pipeline runs, the folder's pipeline
 * file names the pipeline (rules in src/control/target.ts).
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {storePathFor, writeStateFile, type PipelineState, type StateFileHandle} from '../../src/control/state-file.js';
import {openStore} from '../../src/logs/store/index.js';
import {component, line, pipeline, startHarness, type Harness} from '../control/helpers.js';
import {CLI} from '../support/cli.js';

let home: string;
let harness: Harness | undefined;
const stateFiles: StateFileHandle[] = [];
const children: ResultPromise[] = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'flowctl-target-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const file of stateFiles.splice(0)) file.remove();
  await harness?.server.close();
  harness = undefined;
  rmSync(home, {recursive: true, force: true});
});

function flowctl(args: string[], cwd: string) {
  const env = {...process.env, XDG_STATE_HOME: join(home, 'state'), NO_COLOR: '1', FORCE_COLOR: '0'};
  const child = execa(process.execPath, [CLI, ...args], {env, cwd, reject: false, timeout: 60_000});
  children.push(child);
  return child;
}

/** A state file saying pipeline `name` runs, served by the harness. */
function announce(h: Harness, name: string, file: string, components: string[]): void {
  const state: PipelineState = {
    name, file, pid: process.pid, address: h.server.address, port: h.server.port, token: '', tls: false, logDir: join(home, name),
    storePath: '', runId: h.hub.runId, startedAt: Date.now(), components,
  };
  const written = writeStateFile(state, join(home, 'state', 'flowctl'));
  if (!written.ok) throw new Error(written.error);
  stateFiles.push(written.value);
}

/** `audit-pipe` running (a real control plane), with two lines in its history. */
async function auditRunning(): Promise<Harness> {
  const h = await startHarness({pipeline: pipeline('audit-pipe', [component('ttp-processor')], join(home, 'audit'))});
  harness = h;
  h.hub.publish([line('ttp-processor', 'audit line 1'), line('ttp-processor', 'audit line 2')]);
  announce(h, 'audit-pipe', h.pipeline.file, ['ttp-processor']);
  return h;
}

/** `remote-pipe`'s folder: its pipeline.yaml and a stored history of one run. */
async function remoteFolder(): Promise<string> {
  const dir = join(home, 'remote');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'pipeline.yaml'),
    ['pipeline:', '  name: remote-pipe', '  logging: {dir: logs}', '  components:', '    - name: worker', '      type: processor', '      command: ["node", "-e", ""]', ''].join('\n'),
  );
  const store = await openStore(storePathFor(join(dir, 'logs')), {retentionMs: 0});
  if (!store.ok) throw new Error(store.error);
  store.value.beginRun('run-1', {pipeline: 'remote-pipe', startedAt: 1});
  store.value.append(['remote 1', 'remote 2', 'remote 3'].map((message, i) => ({...line('worker', message), seq: i + 1, runId: 'run-1'})));
  store.value.endRun('run-1', 2);
  await store.value.close();
  return dir;
}

const raw = ['--raw', '--no-log-prefix'];

describe('the pipeline file here names the pipeline', () => {
  it('stopped-pipeline-while-another-runs: logs by name, by --file, by argument and plain read its own history', async () => {
    await auditRunning();
    const dir = await remoteFolder();
    for (const args of [['remote-pipe', '-n', '2'], ['--file', 'pipeline.yaml', '-n', '2'], ['pipeline.yaml', '-n', '2'], ['-n', '2'], ['worker', '-n', '2']]) {
      const result = await flowctl(['logs', ...args, ...raw], dir);
      expect([result.exitCode, result.stderr, result.stdout], args.join(' ')).toEqual([0, '', 'remote 2\nremote 3']);
    }
    // With two pipelines running, the file given still names one.
    announce(harness!, 'other-pipe', join(home, 'other', 'pipeline.yaml'), ['ttp-processor']);
    const byFile = await flowctl(['logs', join(dir, 'pipeline.yaml'), ...raw], home);
    expect([byFile.exitCode, byFile.stderr, byFile.stdout]).toEqual([0, '', 'remote 1\nremote 2\nremote 3']);
    // -p still picks a running pipeline from this folder.
    const audit = await flowctl(['logs', '-p', 'audit-pipe', ...raw], dir);
    expect([audit.exitCode, audit.stdout]).toEqual([0, 'audit line 1\naudit line 2']);
  }, 90_000);

  it('running-by-file: the file here is live when a state file has its path (two running)', async () => {
    const h = await auditRunning();
    const dir = await remoteFolder();
    // remote-pipe runs now (served by the same harness): live, not the stored history.
    announce(h, 'remote-pipe', join(dir, 'pipeline.yaml'), ['ttp-processor']);
    const live = await flowctl(['logs', ...raw], dir);
    expect([live.exitCode, live.stderr, live.stdout]).toEqual([0, '', 'audit line 1\naudit line 2']);
  });

  it('neither-pipeline-nor-component: exit 2 listing the running pipelines and the file here', async () => {
    await auditRunning();
    const dir = await remoteFolder();
    const result = await flowctl(['logs', 'someone-else'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'flowctl logs: "someone-else" is neither a pipeline nor a component of "remote-pipe" (not running; its components: worker); ' +
        `running: audit-pipe [ttp-processor]; ${join(dir, 'pipeline.yaml')} is pipeline "remote-pipe" (not running)`,
    );
  });

  it('status-down-on-stopped-pipeline: status, down, restart exit 1 "not running" and leave audit-pipe alone', async () => {
    const h = await auditRunning();
    const dir = await remoteFolder();
    const cases: [string[], string][] = [
      [['status', 'remote-pipe'], 'status'],
      [['status'], 'status'],
      [['down', 'remote-pipe'], 'down'],
      [['down'], 'down'],
      [['restart', 'worker'], 'restart'],
    ];
    for (const [args, command] of cases) {
      const result = await flowctl(args, dir);
      expect([result.exitCode, result.stderr], args.join(' ')).toEqual([
        1,
        `flowctl ${command}: pipeline "remote-pipe" is not running (running: audit-pipe; name one or use -p/--pipeline)`,
      ]);
    }
    const other = await flowctl(['down', 'fast-pipe'], home);
    expect([other.exitCode, other.stderr]).toEqual([1, 'flowctl down: pipeline "fast-pipe" is not running (running: audit-pipe; name one or use -p/--pipeline)']);
    expect(h.control.shutdownCalls).toBe(0);
    expect(h.control.calls).toEqual([]);
    // The running one is still reachable by name from the same folder.
    const status = await flowctl(['status', 'audit-pipe'], dir);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/^Pipeline: audit-pipe /);
  }, 90_000);
});
