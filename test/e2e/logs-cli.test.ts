/**
 * `flowctl logs` / `status` / `restart` / `stop` / `start` / `down` as real processes
 * (dist/cli/main.js, built by the global setup) against a real control plane on 127.0.0.1,
 * found through a real state file in a temporary XDG_STATE_HOME.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa, type ResultPromise} from 'execa';
import {storePathFor, writeStateFile, type StateFileHandle} from '../../src/control/state-file.js';
import {openStore} from '../../src/logs/store/index.js';
import {Hub} from '../../src/logs/hub.js';
import {Ring} from '../../src/logs/ring.js';
import {formatTimestamp} from '../../src/logs/render.js';
import Database from 'better-sqlite3';
import {damagePages} from '../logs/store/helpers.js';
import {component, line, pipeline, startHarness, waitFor, type Harness} from '../control/helpers.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

let home: string;
let harness: Harness | undefined;
let stateFile: StateFileHandle | undefined;
const children: ResultPromise[] = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'flowctl-logs-cli-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  stateFile?.remove();
  stateFile = undefined;
  await harness?.server.close();
  harness = undefined;
  rmSync(home, {recursive: true, force: true});
});

const env = (): NodeJS.ProcessEnv => ({...process.env, XDG_STATE_HOME: join(home, 'state'), NO_COLOR: '1', FORCE_COLOR: '0'});

function flowctl(args: string[], options: {cwd?: string} = {}) {
  const child = execa(process.execPath, [MAIN, ...args], {env: env(), cwd: options.cwd ?? home, reject: false, all: false, timeout: 60_000});
  children.push(child);
  return child;
}

async function running(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness({pipeline: pipeline('my-pipeline', [component('stellar-source', 'source'), component('ttp-processor')]), ...options});
  const written = writeStateFile(
    {
      name: 'my-pipeline', file: h.pipeline.file, pid: process.pid, address: h.server.address, port: h.server.port, token: h.server.token,
      tls: false, logDir: h.pipeline.logging.dir, storePath: '', runId: h.hub.runId, startedAt: Date.now(), components: h.pipeline.components.map((c) => c.id),
    },
    join(home, 'state', 'flowctl'),
  );
  if (!written.ok) throw new Error(written.error);
  stateFile = written.value;
  harness = h;
  return h;
}

const T0 = Date.parse('2026-01-20T10:00:00Z');

function seed(h: Harness): void {
  h.hub.publish([
    line('stellar-source', 'connected to rpc', {componentType: 'source', timestamp: T0}),
    line('ttp-processor', 'ledger 100 processed', {timestamp: T0 + 1000, fields: {ledger: '100'}}),
    line('ttp-processor', 'ledger 101 failed', {level: 'error', timestamp: T0 + 2000, fields: {ledger: '101'}}),
    line('stellar-source', 'slow response', {componentType: 'source', level: 'warn', timestamp: T0 + 3000}),
  ]);
}

describe('flowctl logs (running pipeline)', () => {
  it('prints the history as the console view, filtered by NAME and flags', async () => {
    const h = await running();
    seed(h);
    const all = await flowctl(['logs']);
    expect(all.exitCode).toBe(0);
    expect(all.stderr).toBe('');
    expect(all.stdout.split('\n')).toEqual([
      expect.stringMatching(/^stellar-source \| .*connected to rpc/),
      expect.stringMatching(/^ttp-processor {2}\| .*ledger 100 processed/),
      expect.stringMatching(/^ttp-processor {2}\| .*ledger 101 failed/),
      expect.stringMatching(/^stellar-source \| .*slow response/),
    ]);
    const byComponent = await flowctl(['logs', 'ttp-processor', '--no-log-prefix', '--raw']);
    expect(byComponent.stdout).toBe('ledger 100 processed\nledger 101 failed');
    const byPipeline = await flowctl(['logs', 'my-pipeline', '-l', 'error,warn', '--raw', '--no-log-prefix']);
    expect(byPipeline.stdout).toBe('ledger 101 failed\nslow response');
    const tail = await flowctl(['logs', '-n', '1', '--raw', '--no-log-prefix']);
    expect(tail.stdout).toBe('slow response');
    const window = await flowctl(['logs', '--since', '2026-01-20T10:00:01Z', '--until', '2026-01-20T10:00:03Z', '--raw', '--no-log-prefix']);
    expect(window.stdout).toBe('ledger 100 processed\nledger 101 failed');
    const grep = await flowctl(['logs', '--grep', 'ledger', '--exclude', 'failed', '--raw', '--no-log-prefix']);
    expect(grep.stdout).toBe('ledger 100 processed');
    const field = await flowctl(['logs', '--field', 'ledger=101', '--export', 'ndjson']);
    expect(field.stdout.trim().split('\n').map((l) => (JSON.parse(l) as {message: string}).message)).toEqual(['ledger 101 failed']);
    const components = await flowctl(['logs', '-c', 'stellar-source', '-t', '--raw']);
    expect(components.stdout.split('\n')).toHaveLength(2);
  }, 90_000); // eight CLI processes in a row: generous on a loaded 2-core machine

  it('-o FILE writes an export; --export json is one document', async () => {
    const h = await running();
    seed(h);
    const out = join(home, 'out.json');
    const result = await flowctl(['logs', '--export', 'json', '-o', out]);
    expect(result.exitCode).toBe(0);
    const {readFileSync} = await import('node:fs');
    const parsed = JSON.parse(readFileSync(out, 'utf8')) as {message: string}[];
    expect(parsed.map((e) => e.message)).toEqual(['connected to rpc', 'ledger 100 processed', 'ledger 101 failed', 'slow response']);
  });

  it('bad flag values exit 2 naming the flag', async () => {
    await running();
    const cases: [string[], RegExp][] = [
      [['--since', 'yesterday-ish'], /--since: /],
      [['--until', '123'], /--until: /],
      [['--tail', 'ten'], /--tail: "ten" is not a line count/],
      [['--export', 'xml'], /--export: "xml" is not a format: use json, ndjson, csv, text/],
      [['--field', 'novalue'], /--field: "novalue" is not key=value/],
      [['--grep', '(unclosed'], /--grep: /],
      [['--levels', 'loud'], /--levels: /],
      [['nope'], /"nope" is neither a pipeline nor a component of "my-pipeline" \(its components: stellar-source, ttp-processor\); running: my-pipeline/],
      [['-o', join(home, 'missing-dir', 'x.txt')], /--output: cannot write/],
      [['--no-rate-limit'], /--no-rate-limit: only the live part of --follow is rate-limited \(the history has every line\): add -f, or drop --no-rate-limit/],
    ];
    for (const [args, message] of cases) {
      const result = await flowctl(['logs', ...args]);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('-f sees each new line while the pipeline runs, in a second process', async () => {
    const h = await running();
    const child = flowctl(['logs', '-f', '--export', 'ndjson']);
    const arrivals: {seq: number}[] = [];
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const l of lines) {
        const entry = JSON.parse(l) as {seq: number};
        arrivals.push({seq: entry.seq});
      }
    });
    // Wait until the follower is live (a probe line arrives).
    await waitFor(() => {
      h.hub.publish([line('ttp-processor', 'probe')]);
      return arrivals.length > 0;
    }, 'follower live', 30_000);
    const probes = h.hub.nextSeq - 1;
    // Each line reaches the follower while the pipeline runs, before the next is printed: no
    // batching until some flush. (How fast, by print and arrival timestamps: control-up.test.ts.)
    for (let i = 0; i < 40; i++) {
      h.hub.publish([line('ttp-processor', `measured ${i}`)]);
      await waitFor(() => arrivals.some((a) => a.seq === probes + 1 + i), `measured line ${i}`, 20_000);
    }
    // No gaps or duplicates among the measured lines.
    expect(arrivals.filter((a) => a.seq > probes).map((a) => a.seq)).toEqual(Array.from({length: 40}, (_, i) => probes + 1 + i));
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('logs-follow-no-rate-limit: -f --no-rate-limit --export ndjson records every live line past the pipeline\'s rate limit, no summary', async () => {
    const clock = {now: T0};
    const hub = new Hub({ring: new Ring({maxEntries: 10_000}), runId: 'run-rl', rateLimit: {linesPerSecond: 100, burst: 50}, now: () => clock.now, setTimer: () => () => undefined});
    await running({hub});
    const child = flowctl(['logs', '-f', '--no-rate-limit', '--export', 'ndjson']);
    const received: {componentId: string; message: string; fields: Record<string, string>}[] = [];
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const rows = buffer.split('\n');
      buffer = rows.pop() ?? '';
      for (const row of rows) received.push(JSON.parse(row) as (typeof received)[number]);
    });
    await waitFor(() => {
      hub.publish([line('ttp-processor', 'probe')]);
      return received.length > 0;
    }, 'follower live', 30_000);
    hub.publish(Array.from({length: 3000}, (_, i) => line('stellar-source', `flood ${i + 1}`, {componentType: 'source'})));
    clock.now += 1000; // a rate-limit window would close here and say what it held back
    hub.publish([line('ttp-processor', 'the end')]);
    await waitFor(() => received.some((e) => e.message === 'the end'), 'the last line', 30_000);
    child.kill('SIGINT');
    expect((await child).exitCode).toBe(0);
    expect(received.filter((e) => e.componentId === 'stellar-source').map((e) => e.message)).toEqual(Array.from({length: 3000}, (_, i) => `flood ${i + 1}`));
    expect(received.filter((e) => e.fields.flowctl === 'rate-limited')).toEqual([]);
  });

  it('no-store-partial-says-where: without a history store, the ring\'s entries, then on stderr how many older ones are in which log files', async () => {
    const dir = join(home, 'nostore');
    mkdirSync(join(dir, 'logs'), {recursive: true});
    writeFileSync(join(dir, 'logs', 'ttp-processor.log'), '');
    const h = await running({ring: new Ring({maxEntries: 5}), pipeline: pipeline('my-pipeline', [component('stellar-source', 'source'), component('ttp-processor')], dir)});
    h.hub.publish(Array.from({length: 20}, (_, i) => line('ttp-processor', `entry ${i}`)));
    const result = await flowctl(['logs', '--raw', '--no-log-prefix']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toEqual([15, 16, 17, 18, 19].map((i) => `entry ${i}`));
    expect(result.stderr).toBe(
      'flowctl logs: only the latest entries were shown: pipeline "my-pipeline" keeps no history store, and the 15 oldest entries of this run (all components) are ' +
        `no longer in its memory, only in its log files: ${join(dir, 'logs', 'ttp-processor.log')}`,
    );
    // A follower is told before the live part.
    const follower = flowctl(['logs', '-f', '--raw', '--no-log-prefix']);
    let told = '';
    follower.stderr!.on('data', (c: Buffer) => (told += c.toString()));
    await waitFor(() => told.includes('keeps no history store'), 'the note while following');
    follower.kill('SIGINT');
    expect((await follower).exitCode).toBe(0);
  });

  it('tail-zero-live: -n 0 prints none of the history, -f -n 0 only new lines (regression: both printed the whole run)', async () => {
    const h = await running();
    seed(h);
    const none = await flowctl(['logs', '-n', '0']);
    expect([none.exitCode, none.stderr, none.stdout]).toEqual([0, '', '']);
    const child = flowctl(['logs', '-f', '-n', '0', '--raw', '--no-log-prefix']);
    let followed = '';
    child.stdout!.on('data', (chunk: Buffer) => (followed += chunk.toString()));
    // New lines until the follower, once live, prints one.
    await waitFor(() => {
      h.hub.publish([line('ttp-processor', 'new line')]);
      return followed.includes('new line\n');
    }, 'a new line', 30_000);
    child.kill('SIGINT');
    expect((await child).exitCode).toBe(0);
    expect(new Set(followed.split('\n').slice(0, -1))).toEqual(new Set(['new line']));
  });

  it('-f ends cleanly on Ctrl+C and silently when the pipe closes (| head)', async () => {
    const h = await running();
    seed(h);
    const piped = execa('sh', ['-c', `"${process.execPath}" "${MAIN}" logs -f --raw --no-log-prefix | head -n 2`], {env: env(), cwd: home, reject: false, timeout: 60_000});
    children.push(piped);
    // Keep lines coming so the writer notices the closed pipe.
    const pump = setInterval(() => h.hub.publish([line('ttp-processor', 'more')]), 20);
    const result = await piped;
    clearInterval(pump);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('connected to rpc\nledger 100 processed');
    expect(result.stderr).toBe('');
  });

  it('-f says so when the pipeline stops', async () => {
    const h = await running();
    seed(h);
    const child = flowctl(['logs', '-f', '--raw', '--no-log-prefix']);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    await waitFor(() => out.includes('slow response'), 'history');
    await h.server.close();
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('flowctl logs: pipeline "my-pipeline" stopped');
  });

  it('works with a token-protected control plane (token from the state file)', async () => {
    const h = await running({token: 'per-run-token'});
    seed(h);
    const result = await flowctl(['logs', '-n', '1', '--raw', '--no-log-prefix']);
    expect(result.stdout).toBe('slow response');
    expect(h.server.rejections.get('unauthenticated')).toBe(0);
  });
});

describe('flowctl logs (pipeline not running)', () => {
  it('reads the stored history through the pipeline file, with the same flags and --run', async () => {
    const dir = join(home, 'project');
    const {mkdirSync} = await import('node:fs');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'pipeline.yaml'),
      ['pipeline:', '  name: offline-pipeline', '  logging: {dir: logs}', '  components:', '    - name: worker', '      type: processor', '      command: ["node", "-e", ""]', ''].join('\n'),
    );
    const store = await openStore(storePathFor(join(dir, 'logs')), {retentionMs: 0});
    if (!store.ok) throw new Error(store.error);
    const entry = (runId: string, seq: number, message: string, level = 'info') => ({...line('worker', message, {level: level as 'info'}), seq, runId});
    store.value.beginRun('run-1', {pipeline: 'offline-pipeline', startedAt: T0});
    store.value.append([entry('run-1', 1, 'first run line')]);
    store.value.endRun('run-1', T0 + 10);
    store.value.beginRun('run-2', {pipeline: 'offline-pipeline', startedAt: T0 + 100});
    store.value.append([entry('run-2', 1, 'second run a'), entry('run-2', 2, 'second run b', 'error')]);
    store.value.endRun('run-2', T0 + 200);
    await store.value.flush();
    await store.value.close();

    const latest = await flowctl(['logs', '--raw', '--no-log-prefix'], {cwd: dir});
    expect(latest.stderr).toBe('');
    expect(latest.stdout).toBe('second run a\nsecond run b');
    const errors = await flowctl(['logs', 'worker', '-l', 'error', '--raw', '--no-log-prefix'], {cwd: dir});
    expect(errors.stdout).toBe('second run b');
    const previous = await flowctl(['logs', '--run', 'previous', '--raw', '--no-log-prefix', '--file', join(dir, 'pipeline.yaml')]);
    expect(previous.stdout).toBe('first run line');
    // The pipeline file as an argument, as `flowctl up pipeline.yaml` takes it.
    const byArgument = await flowctl(['logs', join(dir, 'pipeline.yaml'), 'worker', '-l', 'error', '--raw', '--no-log-prefix']);
    expect([byArgument.stderr, byArgument.stdout]).toEqual(['', 'second run b']);
    const twoFiles = await flowctl(['logs', 'pipeline.yaml', '--file', join(dir, 'pipeline.yaml')], {cwd: dir});
    expect(twoFiles.exitCode).toBe(2);
    expect(twoFiles.stderr).toMatch(/more than one pipeline file \(.*pipeline.yaml, pipeline.yaml\): give one, as an argument or with --file/);
    const missingFile = await flowctl(['logs', 'nowhere/pipeline.yaml'], {cwd: dir});
    expect(missingFile.exitCode).toBe(1);
    expect(missingFile.stderr).toMatch(/nowhere\/pipeline.yaml/);
    // A history kept in another folder (`up --log-dir`) is found with the same flag.
    const {renameSync} = await import('node:fs');
    renameSync(join(dir, 'logs'), join(dir, 'elsewhere'));
    const missing = await flowctl(['logs', '--raw', '--no-log-prefix'], {cwd: dir});
    expect(missing.stderr).toMatch(/has no log history yet/);
    const moved = await flowctl(['logs', '--raw', '--no-log-prefix', '--log-dir', 'elsewhere'], {cwd: dir});
    expect(moved.stdout).toBe('second run a\nsecond run b');
    renameSync(join(dir, 'elsewhere'), join(dir, 'logs'));
    // unknown-component-offline: -c with an id the pipeline lacks exits 2 listing its components (was exit 0, nothing printed).
    const unknownComponent = await flowctl(['logs', '-c', 'nosuch'], {cwd: dir});
    expect([unknownComponent.exitCode, unknownComponent.stdout]).toEqual([2, '']);
    expect(unknownComponent.stderr).toMatch(/--components: no component "nosuch" in pipeline "offline-pipeline", which has worker/);
    const wrongName = await flowctl(['logs', 'someone-else'], {cwd: dir});
    expect(wrongName.exitCode).toBe(2);
    expect(wrongName.stderr).toMatch(/"someone-else" is neither a pipeline nor a component of "offline-pipeline" \(not running; its components: worker\); no pipeline is running; /);
    // -f: after the stored history, wait for the pipeline to start, then follow its new run.
    const follower = flowctl(['logs', '-f', '--raw', '--no-log-prefix'], {cwd: dir});
    let followed = '';
    follower.stdout!.on('data', (c: Buffer) => (followed += c.toString()));
    let waiting = '';
    follower.stderr!.on('data', (c: Buffer) => (waiting += c.toString()));
    await waitFor(() => waiting.includes('waiting for it to start'), 'waiting notice');
    expect(followed).toBe('second run a\nsecond run b\n');
    const live = await startHarness({pipeline: pipeline('offline-pipeline', [component('worker')], dir)});
    harness = live;
    const written = writeStateFile(
      {name: 'offline-pipeline', file: join(dir, 'pipeline.yaml'), pid: process.pid, address: live.server.address, port: live.server.port, token: '', tls: false,
        logDir: join(dir, 'logs'), storePath: '', runId: live.hub.runId, startedAt: Date.now(), components: ['worker']},
      join(home, 'state', 'flowctl'),
    );
    if (!written.ok) throw new Error(written.error);
    stateFile = written.value;
    live.hub.publish([line('worker', 'third run live')]);
    await waitFor(() => followed.includes('third run live'), 'live line after start');
    follower.kill('SIGINT');
    expect((await follower).exitCode).toBe(0);
    stateFile.remove();

    const noFile = await flowctl(['logs']);
    expect(noFile.exitCode).toBe(1);
    expect(noFile.stderr).toMatch(/no pipeline is running; no pipeline.yaml or flow.yml in .*--file PATH/);
  });

  it('since-spans-runs: --since/--until without --run search every stored run, a note between runs; exports have no note', async () => {
    const dir = join(home, 'runs');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'pipeline.yaml'),
      ['pipeline:', '  name: runs-pipeline', '  logging: {dir: logs}', '  components:', '    - name: worker', '      type: processor', '      command: ["node", "-e", ""]', ''].join('\n'),
    );
    const store = await openStore(storePathFor(join(dir, 'logs')), {retentionMs: 0});
    if (!store.ok) throw new Error(store.error);
    for (const k of [1, 2, 3, 4]) {
      const start = T0 + k * 100_000;
      store.value.beginRun(`run-${k}`, {pipeline: 'runs-pipeline', startedAt: start});
      store.value.append([1, 2].map((i) => ({...line('worker', `run ${k} line ${i}`, {timestamp: start + i * 10_000}), seq: i, runId: `run-${k}`})));
      store.value.endRun(`run-${k}`, start + 50_000);
    }
    await store.value.flush();
    await store.value.close();
    const iso = (ms: number) => new Date(ms).toISOString();
    const inRun2 = await flowctl(['logs', '--since', iso(T0 + 200_000), '--until', iso(T0 + 300_000), '--raw', '--no-log-prefix'], {cwd: dir});
    expect([inRun2.exitCode, inRun2.stderr, inRun2.stdout]).toEqual([0, '', 'run 2 line 1\nrun 2 line 2']);
    const spanning = await flowctl(['logs', '--since', iso(T0 + 215_000), '--until', iso(T0 + 315_000), '--raw'], {cwd: dir});
    expect(spanning.stdout.split('\n')).toEqual([
      'worker  | run 2 line 2',
      `flowctl | run run-3 started ${formatTimestamp(T0 + 300_000)}`,
      'worker  | run 3 line 1',
    ]);
    const exported = await flowctl(['logs', '--since', iso(T0 + 215_000), '--until', iso(T0 + 315_000), '--export', 'ndjson'], {cwd: dir});
    expect(exported.stdout.split('\n').map((l) => (JSON.parse(l) as {message: string; runId: string}).runId)).toEqual(['run-2', 'run-3']);
    const tail = await flowctl(['logs', '--since', iso(T0), '-n', '3', '--raw', '--no-log-prefix'], {cwd: dir});
    expect(tail.stdout.split('\n')).toEqual(['run 3 line 2', `run run-4 started ${formatTimestamp(T0 + 400_000)}`, 'run 4 line 1', 'run 4 line 2']);
  });

  it('damaged-part-exits-1: stored entries it cannot read are marked where they are missing, then the sentence on stderr, exit 1 (was exit 0)', async () => {
    const dir = join(home, 'damaged');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'pipeline.yaml'),
      ['pipeline:', '  name: damaged-pipeline', '  logging: {dir: logs}', '  components:', '    - name: worker', '      type: processor', '      command: ["node", "-e", ""]', ''].join('\n'),
    );
    const path = storePathFor(join(dir, 'logs'));
    const store = await openStore(path, {retentionMs: 0});
    if (!store.ok) throw new Error(store.error);
    store.value.beginRun('run-1', {pipeline: 'damaged-pipeline', startedAt: T0});
    store.value.append(Array.from({length: 3000}, (_, i) => ({...line('worker', `m${i + 1} ${'x'.repeat(300)}`, {timestamp: T0 + i}), seq: i + 1, runId: 'run-1'})));
    store.value.endRun('run-1', T0 + 5000);
    await store.value.flush();
    await store.value.close();
    // A leaf page of the entries' data overwritten, as a bad disk would leave it.
    const db = new Database(path, {readonly: true});
    const pages = db.prepare("SELECT pageno FROM dbstat WHERE name = 'block_data' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
    db.close();
    expect(pages.length).toBeGreaterThan(2);
    damagePages(path, pages[2]!, 1);

    const result = await flowctl(['logs', '--raw', '--no-log-prefix'], {cwd: dir});
    const out = result.stdout.split('\n');
    const markers = out.filter((l) => l.includes('could not be read: the log history is damaged'));
    expect(markers).toEqual([expect.stringMatching(/^\d+ entries of run run-1 \(seq \d+–\d+\) could not be read/)]);
    expect(out.length - markers.length).toBeGreaterThan(1000);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `flowctl logs: the log history of pipeline "damaged-pipeline" is damaged: ${markers.length === 1 ? '1 part of it' : `${markers.length} parts of it`} could not be read ` +
        `(marked "could not be read" where entries are missing); the log files in ${join(dir, 'logs')} hold every line`,
    );
  });

  it('offline-follow-tail-cuts-new-run: -f -n 2 tails the stored history only, then follows the new run from its first line', async () => {
    const dir = join(home, 'burst');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'pipeline.yaml'),
      ['pipeline:', '  name: burst-pipe', '  logging: {dir: logs}', '  components:', '    - name: worker', '      type: processor', '      command: ["node", "-e", ""]', ''].join('\n'),
    );
    const store = await openStore(storePathFor(join(dir, 'logs')), {retentionMs: 0});
    if (!store.ok) throw new Error(store.error);
    store.value.beginRun('run-1', {pipeline: 'burst-pipe', startedAt: T0});
    store.value.append([1, 2, 3, 4, 5].map((i) => ({...line('worker', `old burstline ${i}`), seq: i, runId: 'run-1'})));
    store.value.endRun('run-1', T0 + 10);
    await store.value.close();

    const follower = flowctl(['logs', '-f', '-p', 'burst-pipe', '-n', '2', '--grep', 'burstline', '--raw', '--no-log-prefix'], {cwd: dir});
    let followed = '';
    let waiting = '';
    follower.stdout!.on('data', (c: Buffer) => (followed += c.toString()));
    follower.stderr!.on('data', (c: Buffer) => (waiting += c.toString()));
    await waitFor(() => waiting.includes('waiting for it to start'), 'waiting notice');
    expect(followed).toBe('old burstline 4\nold burstline 5\n');
    // The new run prints a burst at start, before the follower sees its state file.
    const live = await startHarness({pipeline: pipeline('burst-pipe', [component('worker')], dir), runId: 'run-2'});
    harness = live;
    live.hub.publish(Array.from({length: 50}, (_, i) => line('worker', `burstline ${i + 1}`)));
    live.hub.publish([line('worker', 'not matching')]);
    const written = writeStateFile(
      {name: 'burst-pipe', file: join(dir, 'pipeline.yaml'), pid: process.pid, address: live.server.address, port: live.server.port, token: '', tls: false,
        logDir: join(dir, 'logs'), storePath: '', runId: live.hub.runId, startedAt: Date.now(), components: ['worker']},
      join(home, 'state', 'flowctl'),
    );
    if (!written.ok) throw new Error(written.error);
    stateFile = written.value;
    await waitFor(() => followed.includes('burstline 50\n'), 'the burst');
    live.hub.publish([line('worker', 'burstline 51')]);
    await waitFor(() => followed.includes('burstline 51\n'), 'a live line after the burst');
    follower.kill('SIGINT');
    expect((await follower).exitCode).toBe(0);
    const newRun = followed.split('\n').slice(2, -1);
    expect(newRun).toEqual(Array.from({length: 51}, (_, i) => `burstline ${i + 1}`));
  }, 60_000);

  it('tail-zero-offline: -n 0 prints none of the stored history, -f -n 0 then follows the new run from its first line', async () => {
    const dir = join(home, 'zero');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'pipeline.yaml'),
      ['pipeline:', '  name: zero-pipe', '  logging: {dir: logs}', '  components:', '    - name: worker', '      type: processor', '      command: ["node", "-e", ""]', ''].join('\n'),
    );
    const store = await openStore(storePathFor(join(dir, 'logs')), {retentionMs: 0});
    if (!store.ok) throw new Error(store.error);
    store.value.beginRun('run-1', {pipeline: 'zero-pipe', startedAt: T0});
    store.value.append([1, 2, 3].map((i) => ({...line('worker', `stored ${i}`), seq: i, runId: 'run-1'})));
    store.value.endRun('run-1', T0 + 10);
    await store.value.close();
    const none = await flowctl(['logs', '-n', '0'], {cwd: dir});
    expect([none.exitCode, none.stderr, none.stdout]).toEqual([0, '', '']);
    const follower = flowctl(['logs', '-f', '-n', '0', '--raw', '--no-log-prefix'], {cwd: dir});
    let followed = '';
    let waiting = '';
    follower.stdout!.on('data', (c: Buffer) => (followed += c.toString()));
    follower.stderr!.on('data', (c: Buffer) => (waiting += c.toString()));
    await waitFor(() => waiting.includes('waiting for it to start'), 'waiting notice');
    expect(followed).toBe('');
    const live = await startHarness({pipeline: pipeline('zero-pipe', [component('worker')], dir), runId: 'run-2'});
    harness = live;
    live.hub.publish([line('worker', 'new run 1'), line('worker', 'new run 2')]);
    const written = writeStateFile(
      {name: 'zero-pipe', file: join(dir, 'pipeline.yaml'), pid: process.pid, address: live.server.address, port: live.server.port, token: '', tls: false,
        logDir: join(dir, 'logs'), storePath: '', runId: live.hub.runId, startedAt: Date.now(), components: ['worker']},
      join(home, 'state', 'flowctl'),
    );
    if (!written.ok) throw new Error(written.error);
    stateFile = written.value;
    await waitFor(() => followed.includes('new run 2\n'), 'the new run');
    follower.kill('SIGINT');
    expect((await follower).exitCode).toBe(0);
    expect(followed).toBe('new run 1\nnew run 2\n');
  }, 60_000);
});

describe('flowctl logs (pipeline not running, no history store: the log files)', () => {
  const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/components/${name}.mjs`, import.meta.url));
  const UP = ['up', '--no-tui', '--control-plane-port', '0'];

  /** A real pipeline file: a source printing zap JSON and Go `log` lines, a sink printing plain text. */
  function writeFilesPipeline(dir: string, options: {store: 'none' | 'sqlite'; sourceLines: number}): void {
    mkdirSync(dir, {recursive: true});
    writeFileSync(
      join(dir, 'pipeline.yaml'),
      [
        'apiVersion: flowctl/v1', 'kind: Pipeline', 'metadata: {name: files-pipeline}', 'spec:', `  logging: {store: ${options.store}}`,
        '  sources:', '    - id: source', `      command: [node, ${fixture('source')}]`,
        `      env: {LINES: "${options.sourceLines}", RATE: "0", HEALTH_PORT: "0"}`,
        '  sinks:', '    - id: sink', `      command: [node, ${fixture('consumer')}]`, '      inputs: [source]',
        '      env: {LINES: "4", RATE: "0", HEALTH_PORT: "0"}', '',
      ].join('\n'),
    );
  }

  async function up(dir: string, extra: string[] = []): Promise<void> {
    const run = await flowctl([...UP, ...extra], {cwd: dir});
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
  }

  const fileLines = (dir: string, name: string): string[] => {
    return readFileSync(join(dir, 'logs', name), 'utf8').split('\n').slice(0, -1);
  };
  const raw = ['--raw', '--no-log-prefix'];

  it('logging: {store: none}: every flag reads the <id>.log files, --run previous the rotated ones', async () => {
    const dir = join(home, 'files-project');
    writeFilesPipeline(dir, {store: 'none', sourceLines: 40});
    await up(dir);
    expect(existsSync(join(dir, 'logs', 'history.sqlite'))).toBe(false);
    const source = fileLines(dir, 'source.log');
    const sink = fileLines(dir, 'sink.log');

    const all = await flowctl(['logs', '--export', 'ndjson'], {cwd: dir});
    expect(all.exitCode).toBe(0);
    // Said once on stderr: no store, the files are read, times come from the lines.
    expect(all.stderr.split('\n')).toEqual([
      expect.stringMatching(/^flowctl logs: the pipeline keeps no history store \(logging: \{store: none\}\); reading the log files in .*logs instead .*times come from the lines/),
    ]);
    const entries = all.stdout.trim().split('\n').map((l) => JSON.parse(l) as {componentId: string; componentType: string; level: string; raw: string; message: string; timestamp: string | number});
    expect(entries).toHaveLength(source.length + sink.length);
    // Each component's lines in its file's order, typed from the pipeline, parsed.
    expect(entries.filter((e) => e.componentId === 'source').map((e) => e.raw)).toEqual(source);
    expect(entries.filter((e) => e.componentId === 'sink').map((e) => e.raw)).toEqual(sink);
    expect(new Set(entries.map((e) => `${e.componentId}:${e.componentType}`))).toEqual(new Set(['source:source', 'sink:sink']));
    const zapLine = entries.find((e) => e.raw.startsWith('{"level":"info"'))!;
    const ts = (JSON.parse(zapLine.raw) as {ts: number; msg: string}).ts;
    expect(zapLine).toMatchObject({level: 'info', message: (JSON.parse(zapLine.raw) as {msg: string}).msg});
    expect(Math.abs((typeof zapLine.timestamp === 'number' ? zapLine.timestamp : Date.parse(zapLine.timestamp)) - ts * 1000)).toBeLessThan(1);

    const bySink = await flowctl(['logs', '-c', 'sink', ...raw], {cwd: dir});
    expect(bySink.stdout.split('\n')).toEqual(sink);
    const byName = await flowctl(['logs', 'sink', ...raw], {cwd: dir});
    expect(byName.stdout.split('\n')).toEqual(sink);
    const warnings = await flowctl(['logs', '-l', 'warn', ...raw], {cwd: dir});
    expect(warnings.stdout.split('\n')).toEqual(source.filter((l) => l.startsWith('{"level":"warn"')));
    const infos = await flowctl(['logs', '-l', 'info', '-c', 'source', ...raw], {cwd: dir});
    expect(infos.stdout.split('\n')).toEqual(source.filter((l) => l.startsWith('{"level":"info"')));
    const grep = await flowctl(['logs', '--grep', 'Extracted contract events|Health server', ...raw], {cwd: dir});
    expect(grep.stdout.split('\n').sort()).toEqual([...source, ...sink].filter((l) => /Extracted contract events|Health server/.test(l)).sort());
    const merged = (await flowctl(['logs', ...raw], {cwd: dir})).stdout.split('\n');
    const tail = await flowctl(['logs', '-n', '3', ...raw], {cwd: dir});
    expect(tail.stdout.split('\n')).toEqual(merged.slice(-3));
    const consoleView = await flowctl(['logs', '-c', 'sink', '-n', '1'], {cwd: dir});
    expect(consoleView.stdout).toBe(`sink    | ${sink.at(-1)!}`);

    // A second run rotates the files: the default reads the new ones, --run previous the old.
    writeFilesPipeline(dir, {store: 'none', sourceLines: 7});
    await up(dir);
    const newSource = fileLines(dir, 'source.log');
    expect(fileLines(dir, 'source.log.1')).toEqual(source);
    const latest = await flowctl(['logs', '-c', 'source', ...raw], {cwd: dir});
    expect(latest.stdout.split('\n')).toEqual(newSource);
    const previous = await flowctl(['logs', '--run', 'previous', '-c', 'source', ...raw], {cwd: dir});
    expect(previous.stdout.split('\n')).toEqual(source);
    const previousSink = await flowctl(['logs', '--run', 'previous', '--export', 'ndjson', '-c', 'sink'], {cwd: dir});
    expect(previousSink.stdout.trim().split('\n').map((l) => (JSON.parse(l) as {raw: string; runId: string}).raw)).toEqual(sink);
    expect((JSON.parse(previousSink.stdout.split('\n')[0]!) as {runId: string}).runId).toBe('log.1');
    const noSuchRun = await flowctl(['logs', '--run', 'log.9'], {cwd: dir});
    expect(noSuchRun.exitCode).toBe(2);
    expect(noSuchRun.stderr).toMatch(/--run: no run "log.9" in the log history \(newest: log, log.1\)/);
  }, 120_000);

  it('up --no-store, then a history that cannot be read: the files are read and the reason said', async () => {
    const dir = join(home, 'no-store-project');
    writeFilesPipeline(dir, {store: 'sqlite', sourceLines: 5});
    await up(dir, ['--no-store']);
    const sink = fileLines(dir, 'sink.log');
    const absent = await flowctl(['logs', '-c', 'sink', ...raw], {cwd: dir});
    expect(absent.exitCode).toBe(0);
    expect(absent.stderr).toMatch(/^flowctl logs: there is no history store \(.*history\.sqlite does not exist\); reading the log files in /);
    expect(absent.stdout.split('\n')).toEqual(sink);
    writeFileSync(join(dir, 'logs', 'history.sqlite'), 'this is not a SQLite database, it is long enough to have a header though........');
    const unreadable = await flowctl(['logs', '-c', 'sink', ...raw], {cwd: dir});
    expect(unreadable.exitCode).toBe(0);
    expect(unreadable.stderr).toMatch(/^flowctl logs: the history store cannot be read \(cannot read log history at .*\); reading the log files in /);
    expect(unreadable.stderr).not.toMatch(/\n\s+at /);
    expect(unreadable.stdout.split('\n')).toEqual(sink);
  }, 120_000);

  it('grep-matches-message, exclude-not-on-json-keys: --grep ^connecting finds the zap line by its message, --exclude level drops none', async () => {
    const dir = join(home, 'zap-project');
    mkdirSync(dir, {recursive: true});
    writeFileSync(
      join(dir, 'pipeline.yaml'),
      ['apiVersion: flowctl/v1', 'kind: Pipeline', 'metadata: {name: zap-pipeline}', 'spec:', '  processors:', '    - id: zap-production',
        `      command: [node, ${fileURLToPath(new URL('../../fixtures/components/processor.mjs', import.meta.url))}]`,
        '      env: {LINES: "20", RATE: "0", HEALTH_PORT: "0"}', ''].join('\n'),
    );
    await up(dir);
    const printed = fileLines(dir, 'zap-production.log');
    const connecting = printed.filter((l) => l.includes('"msg":"connecting to raw ledger source"'));
    expect(connecting).toHaveLength(1);
    // Regression: regexes looked at the raw JSON only (`{"level":…`), so this printed nothing.
    const grep = await flowctl(['logs', '-c', 'zap-production', '--grep', '^connecting', ...raw], {cwd: dir});
    expect([grep.exitCode, grep.stderr]).toEqual([0, '']);
    expect(grep.stdout.split('\n')).toEqual(connecting);
    // Regression: every zap line's raw JSON has a "level" key, so this printed nothing either.
    const all = await flowctl(['logs', '-c', 'zap-production', ...raw], {cwd: dir});
    const excluded = await flowctl(['logs', '-c', 'zap-production', '--exclude', 'level', ...raw], {cwd: dir});
    expect(excluded.exitCode).toBe(0);
    expect(excluded.stdout).toBe(all.stdout);
    expect(all.stdout.split('\n').length).toBeGreaterThan(20);
    // What the view shows: a field as key=value.
    const byField = await flowctl(['logs', '-c', 'zap-production', '--grep', 'source_address=localhost', ...raw], {cwd: dir});
    expect(byField.stdout.split('\n')).toEqual(connecting);
  }, 120_000);
});

describe('status, restart, stop, start, down from another terminal', () => {
  it('status prints the table with heartbeat metrics', async () => {
    const h = await running();
    h.server.registry.register({componentId: 'ttp-processor', type: 'processor'});
    h.server.registry.heartbeat('ttp-processor', {metrics: {events_processed: '42'}});
    const result = await flowctl(['ps']);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^Pipeline: my-pipeline {2}\(run run-test-1, pid \d+/);
    expect(lines[2]).toMatch(/^COMPONENT\s+KIND\s+STATE\s+PID\s+UPTIME\s+RESTARTS\s+HEALTH\s+LINES\s+WARN\s+ERRORS\s+HEARTBEAT$/);
    expect(lines[3]).toMatch(/^stellar-source\s+source\s+running\s+4242\s+\S+ s\s+0\s+-\s+0\s+0\s+0\s+-$/);
    expect(lines[4]).toMatch(/^ttp-processor\s+processor\s+running\s+4242 .* ago$/);
    expect(result.stdout).toContain('ttp-processor metrics: events_processed=42');
  });

  it('restart, stop, start reach the supervisor; unknown ids exit 2', async () => {
    const h = await running();
    expect((await flowctl(['restart', 'ttp-processor'])).stdout).toBe('ttp-processor restarted');
    expect((await flowctl(['stop', 'ttp-processor'])).stdout).toBe('ttp-processor stopped');
    const again = await flowctl(['stop', 'ttp-processor']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toBe('flowctl stop: ttp-processor: ttp-processor is already stopped');
    expect((await flowctl(['start', 'ttp-processor'])).stdout).toBe('ttp-processor started');
    const unknown = await flowctl(['restart', 'ghost']);
    expect(unknown.exitCode).toBe(2);
    expect(h.control.calls).toEqual(['restart ttp-processor', 'stop ttp-processor', 'stop ttp-processor', 'start ttp-processor']);
  });

  it('down stops the pipeline and waits until it is gone', async () => {
    const h = await running();
    const original = h.control.shutdown.bind(h.control);
    h.control.shutdown = async (options) => {
      await original(options);
      // What `up` does once the pipeline has stopped.
      stateFile?.remove();
    };
    const result = await flowctl(['down']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('stopping pipeline my-pipeline\npipeline my-pipeline stopped');
    expect(h.control.shutdownCalls).toBe(1);
  });

  it('with nothing running, status and down say so (exit 1)', async () => {
    const status = await flowctl(['status']);
    expect(status.exitCode).toBe(1);
    expect(status.stderr).toBe('flowctl status: no pipeline is running (start one with `flowctl up`)');
  });
});
