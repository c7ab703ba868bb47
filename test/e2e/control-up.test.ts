/**
 * The control plane inside a real `flowctl up` (built CLI), used from other processes as a
 * user would from another terminal: logs -f, status, restart/stop/start, legacy
 * registration, the interceptor without duplicates, down, and logs offline afterwards.
 */
import {beforeEach, describe, expect, it} from 'vitest';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {execa} from 'execa';
import {ControlClient} from '../../src/control/client.js';
import {SCHEMA_DIR} from '../../src/control/proto.js';
import {scanStateFiles, type PipelineState} from '../../src/control/state-file.js';
import {CLI, REPO, runCli, useUpScratch, type CliRun} from '../support/cli.js';
import {waitFor} from '../control/helpers.js';

const scratch = useUpScratch('flowctl-control-up-');
let dir: string;
let up: CliRun;
beforeEach(() => {
  dir = scratch.dir();
});

const env = (): NodeJS.ProcessEnv => ({XDG_STATE_HOME: path.join(dir, 'state')});
const stateFolder = (): string => path.join(dir, 'state', 'flowctl');
const component = (name: string): string => path.join(REPO, 'fixtures/components', `${name}.mjs`);

function flowctl(args: string[]) {
  return execa(process.execPath, [CLI, ...args], {cwd: dir, env: {...process.env, ...env(), NO_COLOR: '1'}, reject: false, timeout: 60_000});
}

function writePipeline(): string {
  const app = path.join(dir, 'app.mjs');
  writeFileSync(app, `for (let i = 0; i < 5; i++) console.log('app line ' + i);\nsetInterval(() => {}, 1000);\n`);
  const file = path.join(dir, 'pipeline.yaml');
  writeFileSync(
    file,
    `apiVersion: flowctl/v1
kind: Pipeline
metadata: {name: live-pipeline}
spec:
  sources:
    - id: source
      command: [node, ${component('source')}]
      env: {RATE: "20", HEALTH_PORT: "0"}
  processors:
    - id: proc
      command: [node, ${component('processor')}]
      inputs: [source]
      env: {RATE: "5", HEALTH_PORT: "0"}
  sinks:
    - id: app
      # The Node interceptor under a local supervisor: FLOWCTL_CAPTURED=1 means it sends nothing.
      command: [node, --import, flowctl/register, ${app}]
      working_dir: ${REPO}
      inputs: [proc]
`,
  );
  return file;
}

async function startUp(): Promise<PipelineState> {
  const file = writePipeline();
  up = scratch.track(runCli(['up', '--no-tui', '--control-plane-port', '0', file], {cwd: dir, env: env()}));
  return waitFor(() => scanStateFiles(stateFolder()).states.find((s) => s.name === 'live-pipeline'), 'state file of flowctl up', 30_000);
}

describe('flowctl up + another terminal', () => {
  it('logs -f, status, restart/stop/start, legacy Register/Heartbeat, down, then logs offline', async () => {
    const state = await startUp();
    expect(state.components).toEqual(['source', 'proc', 'app']);
    expect(state.storePath).toBe(path.join(dir, 'logs', 'history.sqlite'));

    // logs -f in a second process: the history first, then live lines as the source prints
    // them. (How fast: logs-f-latency-by-timestamps below, and the benchmark's D.)
    const follower = execa(process.execPath, [CLI, 'logs', '-f', '--export', 'ndjson', 'source'], {cwd: dir, env: {...process.env, ...env()}, reject: false});
    const received: number[] = [];
    let pending = '';
    follower.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) {
        const entry = JSON.parse(l) as {componentId: string; receivedAt: number | string};
        expect(entry.componentId).toBe('source');
        received.push(typeof entry.receivedAt === 'number' ? entry.receivedAt : Date.parse(entry.receivedAt));
      }
    });
    await waitFor(() => received.length >= 10, 'followed lines', 30_000);
    // Live, not a replay that ends: lines the source prints from now on keep arriving.
    const mark = Date.now();
    await waitFor(() => received.filter((at) => at > mark).length >= 5, 'lines printed after the follower started', 30_000);

    // Status from another terminal.
    await waitFor(async () => (await flowctl(['status'])).stdout.match(/^(source|proc|app)\s+\S+\s+running/gm)?.length === 3, 'all running');

    // A component registering with the legacy proto, as the existing Go components do.
    const definition = protoLoader.loadSync('legacy/control_plane.proto', {includeDirs: [SCHEMA_DIR], keepCase: true});
    const Legacy = (grpc.loadPackageDefinition(definition) as unknown as {flowctl: {ControlPlane: grpc.ServiceClientConstructor}}).flowctl.ControlPlane;
    const legacy = new Legacy(state.address, grpc.credentials.createInsecure()) as unknown as Record<string, (req: unknown, cb: (e: grpc.ServiceError | null, v: unknown) => void) => void> & grpc.Client;
    const call = (method: string, req: unknown) => new Promise((resolve, reject) => legacy[method]!.call(legacy, req, (e, v) => (e ? reject(e) : resolve(v))));
    await expect(call('Register', {service_id: 'proc', service_type: 'SERVICE_TYPE_PROCESSOR', component_id: 'proc'})).resolves.toMatchObject({service_id: 'proc'});
    await call('Heartbeat', {service_id: 'proc', metrics: {events_processed: 7}});
    legacy.close();
    const withMetrics = await flowctl(['ps']);
    expect(withMetrics.stdout).toContain('proc metrics: events_processed=7');

    // restart / stop / start.
    const restarted = await flowctl(['restart', 'proc']);
    expect(restarted.stderr).toBe('');
    expect(restarted.stdout).toBe('proc restarted');
    expect((await flowctl(['stop', 'proc'])).stdout).toBe('proc stopped');
    await waitFor(async () => /^proc\s+processor\s+stopped/m.test((await flowctl(['status'])).stdout), 'proc stopped');
    expect((await flowctl(['start', 'proc'])).stdout).toBe('proc started');
    await waitFor(async () => /^proc\s+processor\s+running/m.test((await flowctl(['status'])).stdout), 'proc running again');

    // The interceptor did not duplicate the captured lines of `app`.
    const appLines = await flowctl(['logs', 'app', '--grep', '^app line', '--raw', '--no-log-prefix']);
    expect(appLines.stdout.split('\n')).toEqual(['app line 0', 'app line 1', 'app line 2', 'app line 3', 'app line 4']);

    // down: the pipeline stops, `up` exits, the state file goes, the follower ends cleanly.
    const down = await flowctl(['down']);
    expect(down.stdout).toBe('stopping pipeline live-pipeline\npipeline live-pipeline stopped');
    expect(down.exitCode).toBe(0);
    await up!.exited;
    const followed = await follower;
    expect(followed.exitCode).toBe(0);
    expect(followed.stderr).toBe('flowctl logs: pipeline "live-pipeline" stopped');
    expect(scanStateFiles(stateFolder()).states).toEqual([]);

    // Offline: the same command reads the stored history.
    const offline = await flowctl(['logs', 'app', '--grep', '^app line', '--raw', '--no-log-prefix', '-n', '2']);
    expect(offline.stderr).toBe('');
    expect(offline.stdout).toBe('app line 3\napp line 4');
  }, 120_000);
});

/** A pipeline of one component printing `tick <i> <its Date.now()>` every `everyMs`. */
function writeTicker(everyMs: number): string {
  const app = path.join(dir, 'ticker.mjs');
  writeFileSync(app, `let i = 0;\nsetInterval(() => process.stdout.write(\`tick \${++i} \${Date.now()}\\n\`), ${everyMs});\n`);
  const file = path.join(dir, 'pipeline.yaml');
  writeFileSync(file, `apiVersion: flowctl/v1\nkind: Pipeline\nmetadata: {name: tick-pipeline}\nspec:\n  sources:\n    - id: ticker\n      command: [node, ${app}]\n`);
  return file;
}

async function startTicker(everyMs: number, extra: string[] = []): Promise<PipelineState> {
  up = scratch.track(runCli(['up', '--no-tui', '--control-plane-port', '0', ...extra, writeTicker(everyMs)], {cwd: dir, env: env()}));
  return waitFor(() => scanStateFiles(stateFolder()).states.find((s) => s.name === 'tick-pipeline'), 'state file of flowctl up', 30_000);
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

describe('latency of logs -f, by timestamps', () => {
  it('logs-f-latency-by-timestamps: lines reach a second process within 100 ms of their printing (median of 100)', async () => {
    // A steady low rate (50 lines/s): what is measured is the path print → supervisor →
    // control plane → `flowctl logs -f`, not a flood. The component stamps each line when it
    // prints it; this process stamps its arrival (one machine, one clock). The median, over
    // 100 lines, keeps a busy CI machine's scheduling hiccups out of the verdict.
    await startTicker(20);
    const follower = execa(process.execPath, [CLI, 'logs', '-f', '--raw', '--no-log-prefix', 'ticker'], {cwd: dir, env: {...process.env, ...env()}, reject: false});
    const samples: {printed: number; arrived: number}[] = [];
    let firstArrival: number | undefined;
    let pending = '';
    follower.stdout!.on('data', (chunk: Buffer) => {
      const arrived = Date.now();
      firstArrival ??= arrived;
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) {
        const match = /^tick \d+ (\d+)$/.exec(l);
        if (match) samples.push({printed: Number(match[1]), arrived});
      }
    });
    // Lines printed once the follower is live (the history replayed at its start is not latency).
    const live = () => (firstArrival === undefined ? [] : samples.filter((s) => s.printed > firstArrival! + 500));
    await waitFor(() => live().length >= 100, '100 lines printed after the follower went live', 60_000);
    follower.kill('SIGINT');
    await follower;
    const latencies = live().slice(0, 100).map((s) => s.arrived - s.printed).sort((a, b) => a - b);
    const figures = `print → logs -f over ${latencies.length} lines: p50 ${percentile(latencies, 50)} ms, p90 ${percentile(latencies, 90)} ms, max ${latencies.at(-1)} ms`;
    expect(percentile(latencies, 50), figures).toBeLessThan(100);
    // Clock sanity: nothing arrives before it was printed.
    expect(latencies[0], figures).toBeGreaterThanOrEqual(0);
  }, 120_000);
});

describe('off loopback', () => {
  it('token-required-off-loopback: up bound to 0.0.0.0 generates a token for peers off this machine; from 127.0.0.1 calls succeed with or without it', async () => {
    const state = await startTicker(200, ['--control-plane-address', '0.0.0.0']);
    expect(state.address).toBe(`0.0.0.0:${state.port}`);
    expect(state.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // This test talks to loopback only (the refusal of other peers is tested with their peer
    // strings in test/control/security.test.ts): the pipeline's own components send no token.
    const address = `127.0.0.1:${state.port}`;
    const anonymous = new ControlClient({address});
    const right = new ControlClient({address, token: state.token});
    try {
      for (const client of [anonymous, right]) {
        const status = await client.status();
        expect(status.ok ? status.value.pipelineName : status.error.message).toBe('tick-pipeline');
      }
    } finally {
      for (const client of [anonymous, right]) client.close();
    }
    // The CLI finds the token in the state file, and dials the wildcard address on loopback.
    const ps = await flowctl(['status']);
    expect([ps.exitCode, ps.stderr]).toEqual([0, '']);
    expect(ps.stdout).toMatch(/^ticker\s+source\s+running/m);
    const down = await flowctl(['down']);
    expect(down.exitCode).toBe(0);
    await up!.exited;
  }, 120_000);
});
