/**
 * `npm run bench [-- options]`: measures flowctl's log path against the physical limit and
 * its peers, pair by pair, and writes a table and bench/results/<date>.json.
 *
 *   --quick            tiny counts, 1 run (CI smoke run; no speed is asserted)
 *   --runs N           runs per system and workload (default 5; --quick 1)
 *   --workloads A,B,C  throughput workloads to run (default A,B,C; `none`: no throughput runs)
 *   --systems LIST     null,sed,concurrently,node-ceiling,node-ceiling-io,flowctl-nostore,
 *                      flowctl,flowctl-pipe (default all)
 *   --skip LIST        any of latency,tui,queries,scaling,wire
 *                      (only the wire section: --workloads none --skip latency,tui,queries,scaling)
 *   --no-build         measure dist/ as it is (default: `npm run build` first)
 *   --node-generator   use the Node generator even when `cc` works
 *   --keep             keep per-run scratch (bench/results/tmp/)
 *   --report FILE      print (and re-judge, with this version's rules) a saved result file
 *   --out FILE         result file (default bench/results/<date>.json; --quick: tmp/)
 */
import {execFileSync, spawn} from 'node:child_process';
import {cpus, totalmem, release} from 'node:os';
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {generatorSpeed, prepareGenerator, writeTemplates} from './generators.mjs';
import {followLatency, percentiles} from './latency.mjs';
import {prepareHistory, runCliQueries, runQueries} from './queries.mjs';
import {judgeTargets, summarise, table, throughputTable} from './report.mjs';
import {SYSTEMS, SYSTEM_TITLES, systemCommand} from './systems.mjs';
import {throughputRun} from './throughput.mjs';
import {tuiLatencyRun, tuiLine, tuiRun} from './tui.mjs';
import {wireRun} from './wire.mjs';
import {followRows, pushRows, ratiosLine} from './wire-figures.mjs';
import {workloads} from './workloads.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const log = (/** @type {string} */ text) => process.stderr.write(`${text}\n`);

function parseArgs(/** @type {string[]} */ argv) {
  const o = {quick: false, runs: 0, workloads: ['A', 'B', 'C'], systems: [...SYSTEMS], skip: /** @type {string[]} */ ([]), build: true, nodeGen: false, keep: false, out: '', report: ''};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') o.quick = true;
    else if (arg === '--runs') o.runs = Number(value());
    else if (arg === '--workloads') {
      const list = value();
      o.workloads = list === 'none' ? [] : list.split(',');
    }
    else if (arg === '--systems') o.systems = value().split(',');
    else if (arg === '--skip') o.skip = value().split(',');
    else if (arg === '--no-build') o.build = false;
    else if (arg === '--node-generator') o.nodeGen = true;
    else if (arg === '--keep') o.keep = true;
    else if (arg === '--out') o.out = value();
    else if (arg === '--report') o.report = value();
    else throw new UsageError(`unknown option ${arg}`);
  }
  if (o.runs === 0) o.runs = o.quick ? 1 : 5;
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new UsageError('--runs takes a whole number ≥ 1');
  for (const w of o.workloads) if (!['A', 'B', 'C'].includes(w)) throw new UsageError(`--workloads: unknown workload ${w} (A, B, C)`);
  for (const s of o.systems) if (!SYSTEMS.includes(/** @type {any} */ (s))) throw new UsageError(`--systems: unknown system ${s} (${SYSTEMS.join(', ')})`);
  return o;
}

class UsageError extends Error {}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.report !== '') return reReport(o.report);
  const buildDir = join(root, 'bench/.build');
  // Per process, so a smoke test and a full run side by side do not clear each other's files.
  const scratch = join(root, 'bench/results/tmp', String(process.pid));
  rmSync(scratch, {recursive: true, force: true});
  mkdirSync(scratch, {recursive: true});
  if (o.build) {
    log('bench: npm run build');
    execFileSync('npm', ['run', '--silent', 'build'], {cwd: root, stdio: ['ignore', 'ignore', 'inherit']});
  }
  if (!existsSync(join(root, 'dist/cli/main.js'))) throw new UsageError('dist/cli/main.js is missing: run `npm run build`');
  const gen = prepareGenerator({root, buildDir, forceNode: o.nodeGen});
  const genSpeed = generatorSpeed(gen, o.quick ? 100_000 : 1_000_000);
  log(`bench: ${gen.kind} generator, ${(genSpeed / 1e6).toFixed(1)} M lines/s alone`);
  const templates = writeTemplates(join(root, 'fixtures/samples'), scratch);
  const ctx = {root, scratch, gen, templates, keep: o.keep};
  const w = workloads({quick: o.quick});

  // Pair by pair: run i of every system back to back, so drift hits all of them alike.
  const runs = [];
  for (const id of o.workloads) {
    const workload = /** @type {import('./workloads.mjs').Workload} */ (w[/** @type {'A'} */ (id)]);
    log(`bench: ${workload.title}`);
    for (let run = 1; run <= o.runs; run++) {
      for (const system of o.systems) {
        const r = await throughputRun({system: /** @type {any} */ (system), workload, run, ctx});
        runs.push(r);
        log(`  run ${run} ${system.padEnd(16)} ${(r.linesPerS / 1e3).toFixed(0).padStart(6)} k lines/s  ${r.wallS.toFixed(2)} s  CPU ${r.cpuS.toFixed(2)} s  RSS ${r.peakRssMB.toFixed(0)} MB  lost ${r.lost}${r.consoleDropped === undefined ? '' : ` (console dropped ${r.consoleDropped})`} torn ${r.torn}${r.exitCode === 0 ? '' : `  EXIT ${r.exitCode}: ${r.stderrTail?.trim().split('\n').pop()}`}`);
      }
    }
  }
  const summary = summarise(runs);

  let latency;
  if (!o.skip.includes('latency')) {
    log(`bench: ${w.D.title}`);
    latency = await latencyRun(ctx, w.D);
    log(`  p50 ${latency.p50.toFixed(1)} ms  p99 ${latency.p99.toFixed(1)} ms  max ${latency.max.toFixed(1)} ms  (${latency.count} lines, ${latency.client})`);
  }

  let tui;
  if (!o.skip.includes('tui')) {
    log('bench: TUI: key press → frame and render CPU under A\'s flood (120×40, everything on)');
    // --quick: A's quick count is over before a key is pressed; ten times that still is short.
    tui = await tuiRun(ctx, workloads({quick: o.quick, scale: o.quick ? 10 : 1}).A, {minKeys: o.quick ? 4 : 20});
    log(`  ${tuiLine(tui)}`);
  }

  let tuiLatency;
  if (!o.skip.includes('tui') && !o.skip.includes('latency')) {
    log(`bench: ${w.D.title}, through the UI: print → the first frame that shows the line`);
    tuiLatency = await tuiLatencyRun(ctx, w.D);
    log(`  p50 ${tuiLatency.p50.toFixed(1)} ms  p99 ${tuiLatency.p99.toFixed(1)} ms  max ${tuiLatency.max.toFixed(1)} ms  (${tuiLatency.count} lines shown)`);
  }

  let queries;
  if (!o.skip.includes('queries')) {
    log(`bench: E: queries over a ${w.historyEntries.toLocaleString('en')}-entry history`);
    const history = await prepareHistory({root, buildDir, entries: w.historyEntries, log});
    if (history.built) log(`  history built in ${history.buildSeconds.toFixed(0)} s (cached in bench/.build/)`);
    const api = await runQueries({root, path: history.path, endMs: history.endMs});
    const cli = await runCliQueries({root, path: history.path, endMs: history.endMs, scratch});
    queries = cli.map((q, i) => ({...q, api: api[i]}));
    for (const q of queries) {
      log(`  ${q.query.padEnd(16)} flowctl logs: first ${q.firstMs.toFixed(0)} ms, full ${q.fullMs.toFixed(0)} ms (${q.rows} lines); store API: first ${q.api?.firstMs.toFixed(1)} ms, full ${q.api?.fullMs.toFixed(0)} ms (${q.api?.rows} entries)`);
    }
  }

  let scaling;
  if (!o.skip.includes('scaling')) {
    log('bench: scaling: A at 1×, 4×, 10× under flowctl (everything on)');
    scaling = [];
    for (const factor of [1, 4, 10]) {
      const workload = workloads({quick: o.quick, scale: factor}).A;
      const r = await throughputRun({system: 'flowctl', workload, run: 1, ctx});
      scaling.push({factor, lines: r.lines, wallS: r.wallS, linesPerS: r.linesPerS, cpuS: r.cpuS, peakRssMB: r.peakRssMB, lost: r.lost, consoleDropped: r.consoleDropped, torn: r.torn});
      log(`  ${factor}×: ${r.lines} lines in ${r.wallS.toFixed(2)} s (${(r.linesPerS / 1e3).toFixed(0)} k/s), RSS ${r.peakRssMB.toFixed(0)} MB, lost ${r.lost} torn ${r.torn}`);
    }
  }

  let wire;
  if (!o.skip.includes('wire')) {
    log('bench: wire: pushes per entry / batched / gzip\'d and followers per entry / batched, bytes counted at a TCP proxy');
    wire = await wireRun(ctx, {quick: o.quick, log});
    log(`  ${ratiosLine(wire.ratios)}`);
  }

  const targets = judgeTargets({summary, runs, scaling, latency, queries});
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    cc: gen.kind === 'c' ? ccVersion() : 'none (Node generator)',
  };
  const result = {
    date: new Date().toISOString(),
    mode: o.quick ? 'quick' : 'full',
    runsPerSystem: o.runs,
    machine,
    commit: gitHead(),
    generator: {kind: gen.kind, linesPerS: genSpeed},
    workloads: Object.fromEntries(['A', 'B', 'C', 'D'].map((id) => [id, w[/** @type {'A'} */ (id)].title])),
    summary,
    historyEntries: w.historyEntries,
    latency,
    tui,
    tuiLatency,
    queries,
    scaling,
    wire,
    targets,
    runs,
  };

  printResult(result);

  const out = o.out !== '' ? o.out : join(root, o.quick ? 'bench/results/tmp' : 'bench/results', `${result.date.replace(/[:.]/g, '-')}.json`);
  if (!o.keep) rmSync(scratch, {recursive: true, force: true});
  mkdirSync(dirname(out), {recursive: true});
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(`\nresults: ${out}\n`);
  const broken = runs.filter((r) => r.exitCode !== 0);
  if (broken.length > 0) {
    log(`bench: ${broken.length} run(s) exited with an error (see "exitCode" in the results)`);
    process.exitCode = 1;
  }
}


/** The terminal report of a result (also `--report FILE` for a saved one). */
function printResult(/** @type {any} */ result) {
  const {machine, summary, latency, tui, tuiLatency, queries, scaling, wire, targets} = result;
  const print = (/** @type {string} */ text) => process.stdout.write(`${text}\n`);
  print(`\nflowctl benchmark (${result.mode}, ${result.runsPerSystem} run(s) per system, pair by pair) — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}`);
  print('medians; ratios of lines/s as median (min–max) over pairs\n');
  print(throughputTable(summary, SYSTEM_TITLES));
  if (latency) print(`\nD latency print → ${latency.client}: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms (${latency.count} lines)`);
  if (tuiLatency) print(`\nD latency print → the UI's frame: p50 ${tuiLatency.p50.toFixed(1)} ms, p99 ${tuiLatency.p99.toFixed(1)} ms, max ${tuiLatency.max.toFixed(1)} ms (${tuiLatency.count} lines shown)`);
  if (tui) print(`\n${tuiLine(tui)}`);
  if (queries) {
    const rows = queries.map((q) => [q.query, q.firstMs.toFixed(0), q.fullMs.toFixed(0), String(q.rows), q.api?.firstMs.toFixed(1) ?? '', q.api?.fullMs.toFixed(0) ?? '', String(q.api?.rows ?? '')]);
    print(`\nE over ${result.historyEntries.toLocaleString('en')} entries`);
    print(table(['query', 'CLI first ms', 'CLI full ms', 'lines', 'API first ms', 'API full ms', 'entries'], rows));
  }
  if (scaling) print('\n' + table(['A scale', 'lines', 'wall s', 'lines/s', 'CPU s', 'RSS MB', 'lost', 'console drop', 'torn'], scaling.map((s) => [`${s.factor}×`, String(s.lines), s.wallS.toFixed(2), String(Math.round(s.linesPerS)), s.cpuS.toFixed(2), s.peakRssMB.toFixed(0), String(s.lost), String(s.consoleDropped ?? ''), String(s.torn)])));
  if (wire) {
    const [pushHeader = [], ...pushBody] = pushRows(wire.push);
    const [followHeader = [], ...followBody] = followRows(wire.follow);
    print(`\nwire: control-plane pushes and followers, bytes counted at a TCP proxy (history holds ${wire.historyCount} of ${wire.historyExpected} pushed)`);
    print(table(pushHeader, pushBody));
    print(table(followHeader, followBody));
    print(ratiosLine(wire.ratios));
  }
  print('\n' + table(['target', 'result', 'detail'], targets.map((t) => [t.name, t.met, t.detail])));

}

/** Re-derives the summary and targets of a saved result (older files: lost vs console drops). */
function reReport(/** @type {string} */ file) {
  const result = JSON.parse(readFileSync(file, 'utf8'));
  for (const r of result.runs) {
    // Only flowctl's console may drop by design; node-ceiling-io's stdout is a full record.
    if (r.files === undefined || !r.system.startsWith('flowctl')) continue;
    r.consoleDropped = r.stdout?.lost ?? 0;
    r.lost = r.files.lost;
    if (r.storeRows !== undefined) {
      r.storeLost = Math.max(0, r.lines - r.storeRows);
      r.lost = Math.max(r.lost, r.storeLost);
    }
  }
  result.historyEntries ??= result.mode === 'quick' ? 100_000 : 10_000_000;
  result.summary = summarise(result.runs);
  result.targets = judgeTargets(result);
  printResult(result);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
}

/** Workload D under flowctl with everything on, followed by a control-plane client. */
async function latencyRun(/** @type {any} */ ctx, /** @type {import('./workloads.mjs').Workload} */ workload) {
  const runDir = join(ctx.scratch, 'D-flowctl');
  const stateHome = join(runDir, 'state');
  const {command} = systemCommand({system: 'flowctl', workload, gen: ctx.gen, templates: ctx.templates, runDir, root: ctx.root});
  const child = spawn('sh', ['-c', command], {cwd: ctx.root, env: {...process.env, NO_COLOR: '1', XDG_STATE_HOME: stateHome}, stdio: ['ignore', 'ignore', 'inherit']});
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const {latenciesMs, client} = await followLatency({root: ctx.root, stateHome, until: exited});
  await exited;
  if (!ctx.keep) rmSync(runDir, {recursive: true, force: true});
  return {...percentiles(latenciesMs), client};
}

function ccVersion() {
  try {
    return execFileSync('cc', ['--version'], {encoding: 'utf8'}).split('\n')[0] ?? '';
  } catch {
    return 'unknown';
  }
}

function gitHead() {
  try {
    return readFileSync(join(root, '.git/HEAD'), 'utf8').startsWith('ref:') ? execFileSync('git', ['rev-parse', '--short', 'HEAD'], {cwd: root, encoding: 'utf8'}).trim() : '';
  } catch {
    return '';
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof UsageError) {
    log(`bench: ${error.message}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
