/**
 * The wire section (issue 6: batching and compression on the control plane), against a real
 * `flowctl up --no-tui --control-plane-port 0` (XDG_STATE_HOME in the scratch folder, address
 * from the state file) and real gRPC on 127.0.0.1, every client connection through a
 * byte-counting TCP proxy (wire-proxy.mjs):
 * - push: N zap entries into a `remote: true` component, one LogEntry per StreamLogs message,
 *   then in PushLogs batches, then the same batches gzip'd; each counted at the server
 *   (status `lines` of the component) and in the history at the end: nothing may be lost;
 * - follow: M zap lines printed by two generators (bench/.build/gen), followed with
 *   GetLogBatches (what `flowctl logs -f` uses), with GetLogs (one entry per message) and by
 *   the `flowctl logs -f` process itself.
 * Clients run in processes of their own (wire-client.mjs) so their CPU is their own.
 */
import {execFile, spawn} from 'node:child_process';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {cpuSeconds, waitForState} from './latency.mjs';
import {flowctlProgram, generatorArgv, withThisNode} from './systems.mjs';
import {countJsonLines, followFigures, pushFigures, wireRatios} from './wire-figures.mjs';
import {countingProxy} from './wire-proxy.mjs';

const PUSHER = 'pusher';
const BATCH = 512;
const PUSH_MODES = /** @type {const} */ ([
  ['entry', 'StreamLogs, 1 entry/message'],
  ['batch', `PushLogs, ${BATCH}/batch`],
  ['gzip', `PushLogs, ${BATCH}/batch, gzip`],
]);
/** Generators start this long after `up`, so the followers are attached before the flood. */
const FLOOD_DELAY_S = 1.5;
/** A follower that receives nothing for this long has stalled: its phase ends, what it missed is counted. */
const IDLE_LIMIT_MS = 30_000;

/**
 * @param {{root: string, scratch: string, gen: import('./generators.mjs').Generator, keep: boolean}} ctx
 * @param {{quick: boolean, log: (text: string) => void}} o
 */
export async function wireRun(ctx, {quick, log}) {
  const pushEntries = quick ? 5_000 : 200_000;
  const followEntries = quick ? 5_000 : 200_000;
  const push = await pushSection(ctx, pushEntries, log);
  const follow = await followSection(ctx, followEntries, log);
  return {batch: BATCH, push: push.phases, historyCount: push.historyCount, historyExpected: push.historyExpected, follow, ratios: wireRatios({push: push.phases, follow})};
}

/** Starts `flowctl up` on `yaml`; resolves once its control plane listens. */
async function startUp(/** @type {{root: string}} */ ctx, /** @type {string} */ runDir, /** @type {string} */ yaml) {
  mkdirSync(runDir, {recursive: true});
  const file = join(runDir, 'pipeline.yaml');
  writeFileSync(file, yaml);
  const stateHome = join(runDir, 'state');
  const child = spawn(flowctlProgram(ctx.root), ['up', file, '--no-tui', '--no-color', '--control-plane-port', '0'], {
    cwd: runDir,
    env: withThisNode({...process.env, NO_COLOR: '1', XDG_STATE_HOME: stateHome}),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const state = await Promise.race([waitForState(stateHome), exited.then((code) => Promise.reject(new Error(`bench: flowctl up exited (${code}) before its control plane listened`)))]);
  const stop = async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  return {state, stateHome, pid: /** @type {number} */ (state.pid), stop};
}

/** Runs wire-client.mjs; its JSON answer. */
async function runClient(/** @type {{root: string}} */ ctx, /** @type {string[]} */ args) {
  const script = join(ctx.root, 'bench/lib/wire-client.mjs');
  const {stdout} = await promisify(execFile)(process.execPath, [script, ctx.root, ...args], {maxBuffer: 1 << 20, timeout: 10 * 60_000});
  return /** @type {{count: number, seconds: number, cpuS: number}} */ (JSON.parse(stdout.trim().split('\n').pop() ?? '{}'));
}

async function pushSection(/** @type {any} */ ctx, /** @type {number} */ entries, /** @type {(text: string) => void} */ log) {
  const runDir = join(ctx.scratch, 'wire-push');
  const logDir = join(runDir, 'logs');
  const yaml = ['apiVersion: flowctl/v1', 'kind: Pipeline', 'metadata:', '  name: bench-wire-push', 'spec:', '  logging:', `    dir: ${JSON.stringify(logDir)}`, '  sources:', `    - id: ${PUSHER}`, '      remote: true', ''].join('\n');
  const up = await startUp(ctx, runDir, yaml);
  const {ControlClient} = await import(pathToFileURL(join(ctx.root, 'dist/control/client.js')).href);
  const control = new ControlClient({address: up.state.address, token: up.state.token});
  const samples = join(ctx.root, 'fixtures/samples/zap-production.log');
  const phases = [];
  try {
    for (const [mode, title] of PUSH_MODES) {
      const linesBefore = await pusherLines(control);
      const proxy = await countingProxy(up.state.address);
      const serverCpuBefore = cpuSeconds(up.pid) ?? NaN;
      const client = await runClient(ctx, [proxy.address, up.state.token ?? '', 'push', mode, PUSHER, String(entries), String(BATCH), samples]);
      const serverCpuS = (cpuSeconds(up.pid) ?? NaN) - serverCpuBefore;
      const bytes = proxy.bytes();
      await proxy.close();
      const arrived = (await pusherLines(control)) - linesBefore;
      const figures = {...pushFigures({mode, entries, arrived, seconds: client.seconds, clientCpuS: client.cpuS, serverCpuS, bytes}), title};
      phases.push(figures);
      log(`  push ${title.padEnd(30)} ${(figures.entriesPerS / 1e3).toFixed(0).padStart(5)} k entries/s  client CPU ${client.cpuS.toFixed(2)} s  server CPU ${serverCpuS.toFixed(2)} s  wire ${(figures.wireBytes / 1e6).toFixed(1)} MB (${figures.bytesPerEntry.toFixed(0)} B/entry)  lost ${figures.lost}`);
    }
    const historyCount = await countHistory(control);
    log(`  history holds ${historyCount} of the ${entries * PUSH_MODES.length} pushed entries`);
    return {phases, historyCount, historyExpected: entries * PUSH_MODES.length};
  } finally {
    control.close();
    await up.stop();
    if (!ctx.keep) rmSync(runDir, {recursive: true, force: true});
  }
}

/** Lines the server took from the pusher so far (its status). */
async function pusherLines(/** @type {any} */ control) {
  const status = await control.status();
  if (!status.ok) throw new Error(`bench: status: ${status.error.message}`);
  return Number(status.value.components.find((/** @type {{id: string}} */ c) => c.id === PUSHER)?.lines ?? NaN);
}

/** Entries of the pusher in the run's history (ring, then store), read back in batches. */
async function countHistory(/** @type {any} */ control) {
  let count = 0;
  for await (const batch of control.readLogs({spec: {components: [PUSHER]}, follow: false, run: ''})) {
    // flowctl's own note about the remote component (stream `control`) was not pushed.
    count += batch.filter((/** @type {{stream: string}} */ e) => e.stream !== 'control').length;
  }
  return count;
}

async function followSection(/** @type {any} */ ctx, /** @type {number} */ entries, /** @type {(text: string) => void} */ log) {
  const ids = ['g0', 'g1'];
  const perGenerator = Math.ceil(entries / ids.length);
  const expected = perGenerator * ids.length;
  const results = [];
  for (const [mode, title] of /** @type {const} */ ([['batches', 'GetLogBatches (as logs -f)'], ['entries', 'GetLogs, 1 entry/message'], ['cli', '`flowctl logs -f` process']])) {
    const runDir = join(ctx.scratch, `wire-follow-${mode}`);
    const logDir = join(runDir, 'logs');
    const lines = ['apiVersion: flowctl/v1', 'kind: Pipeline', 'metadata:', `  name: bench-wire-follow`, 'spec:', '  logging:', `    dir: ${JSON.stringify(logDir)}`, '  sources:'];
    // Keeps `up` running once the generators are done, so the followers can catch up.
    lines.push('    - id: keeper', `      command: ["sleep", "600"]`);
    for (const id of ids) {
      const argv = generatorArgv(ctx.gen, {id, count: perGenerator, size: 200, format: 'zap'}, '');
      lines.push(`    - id: ${id}`, `      command: ${JSON.stringify(['sh', '-c', `sleep ${FLOOD_DELAY_S}; exec "$@"`, 'gen', ...argv])}`);
    }
    const up = await startUp(ctx, runDir, lines.join('\n') + '\n');
    try {
      const serverCpuBefore = cpuSeconds(up.pid) ?? NaN;
      /** @type {{count: number, seconds: number, cpuS: number}} */
      let client;
      let bytes;
      if (mode === 'cli') {
        client = await followWithCli(ctx, up.stateHome, ids, expected);
      } else {
        const proxy = await countingProxy(up.state.address);
        client = await runClient(ctx, [proxy.address, up.state.token ?? '', 'follow', mode, ids.join(','), String(expected)]);
        bytes = proxy.bytes();
        await proxy.close();
      }
      const serverCpuS = (cpuSeconds(up.pid) ?? NaN) - serverCpuBefore;
      const figures = {...followFigures({mode, expected, received: client.count, seconds: client.seconds, clientCpuS: client.cpuS, serverCpuS, ...(bytes ? {bytes} : {})}), title};
      results.push(figures);
      log(`  follow ${title.padEnd(28)} ${(figures.entriesPerS / 1e3).toFixed(0).padStart(5)} k entries/s  client CPU ${client.cpuS.toFixed(2)} s  server CPU ${serverCpuS.toFixed(2)} s${figures.bytesPerEntry === undefined ? '' : `  ${figures.bytesPerEntry.toFixed(0)} B/entry`}  missed ${figures.missed}`);
    } finally {
      await up.stop();
      if (!ctx.keep) rmSync(runDir, {recursive: true, force: true});
    }
  }
  return results;
}

/**
 * `flowctl logs -f --raw -c IDS` until `expected` generator lines (JSON, `{`…) arrived on its
 * stdout; seconds from the first to the last (its start-up and the notes before the flood are
 * not the wire's), CPU from /proc.
 */
async function followWithCli(/** @type {{root: string}} */ ctx, /** @type {string} */ stateHome, /** @type {string[]} */ ids, /** @type {number} */ expected) {
  const child = spawn(flowctlProgram(ctx.root), ['logs', '-f', '--no-color', '--no-rate-limit', '--raw', '--no-log-prefix', '-c', ids.join(',')], {
    env: withThisNode({...process.env, XDG_STATE_HOME: stateHome, FORCE_COLOR: '0'}),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid ?? 0;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let count = 0;
  let first = NaN;
  let last = NaN;
  let cpuS = NaN;
  let lineStart = true;
  await new Promise((resolve) => {
    // A follower that stalls ends the phase (its missed entries are reported), never the bench.
    const idle = setTimeout(resolve, IDLE_LIMIT_MS);
    child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
      idle.refresh();
      const now = performance.now();
      const before = count;
      count += countJsonLines(chunk, lineStart);
      lineStart = chunk[chunk.length - 1] === 10;
      if (count > before && Number.isNaN(first)) first = now;
      if (count >= expected && Number.isNaN(last)) {
        last = now;
        cpuS = cpuSeconds(pid) ?? NaN;
        clearTimeout(idle);
        resolve(undefined);
      }
    });
    void exited.then(() => {
      clearTimeout(idle);
      resolve(undefined);
    });
  });
  if (Number.isNaN(cpuS)) cpuS = cpuSeconds(pid) ?? NaN;
  if (Number.isNaN(last)) last = performance.now();
  child.kill('SIGINT');
  await exited;
  return {count, seconds: (last - first) / 1000, cpuS};
}
