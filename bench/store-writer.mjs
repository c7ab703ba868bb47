#!/usr/bin/env node
/**
 * Focused benchmark of the history writer (issue #5): the real writer worker, fed pre-built
 * workload-A entries (zap JSON of ~200 B from 4 components, parsed by the real parser and
 * packed by the real encoder before the clock starts), so what is measured is the worker.
 *
 *   node bench/store-writer.mjs [--entries N] [--rounds R] [--baseline REV] [--only new|old] [--batch N]
 *   node bench/store-writer.mjs --encoder [--entries N] [--rounds R] [--encoder-baseline REV] [--batch N]
 *
 * `--encoder` measures the main thread's side instead: CPU of this thread (from /proc, GC on
 * it included) per entry to pack the entries (`BatchEncoder.add` + `take`) and `postMessage`
 * them with their transfer list to a worker that drops them, alternating the encoder of git
 * revision REV (transpiled into bench/.build/) and the one in dist/.
 *
 * Side by side, alternating old/new R times: `old` is the writer worker of git revision REV
 * (its three .js files extracted to bench/.build/, default: the commit before the rewrite),
 * `new` is the one in dist/ (run `npm run build` first). Both are driven through the same
 * message protocol (append/flush/close) and the same encoder (dist/), which did not change.
 *
 * Worker CPU is read from /proc for the worker's own thread (utime + stime), so the main
 * thread feeding it and the machine's other load do not count; µs/entry = that / entries.
 * Entries/s is wall time from the first append to the last commit (noisy on a shared box).
 */
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {Worker} from 'node:worker_threads';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const ENTRIES = Number(option('--entries', '400000'));
const ROUNDS = Number(option('--rounds', '3'));
const BASELINE = option('--baseline', 'a9e0068');
const ONLY = option('--only', '');
/** Entries per append message (a few pipe reads' worth) and the most in flight (the gate's high mark is 40 000). */
const BATCH = Number(option('--batch', '500'));
const IN_FLIGHT = 20_000;
const CLOCK_TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);

const ENCODER = args.includes('--encoder');
const ENCODER_BASELINE = option('--encoder-baseline', '7109274');

const {parseLine} = await import(pathToFileURL(join(root, 'dist/logs/parse/index.js')).href);
const {BatchEncoder} = await import(pathToFileURL(join(root, 'dist/logs/store/batch-encoder.js')).href);

function filler(from, to) {
  let text = '';
  for (let have = from; have < to; have++) text += String.fromCharCode(97 + (have % 26));
  return text;
}

/** The generator's zap line (bench/gen/gen-fallback.mjs), parsed as `up` would. */
function buildEntries(count) {
  const runId = '20261129T063500Z-a1b2c3';
  const started = Date.now();
  const entries = [];
  for (let seq = 1; seq <= count; seq++) {
    const name = `g${seq % 4}`;
    const level = seq % 100 === 0 ? 'error' : seq % 20 === 0 ? 'warn' : 'info';
    const head = `{"level":"${level}","ts":1764782500.${100000 + (seq % 900000)},"caller":"bench/gen.c:118","msg":"@${name}:${seq}@ processed ledger batch","component":"${name}","pad":"`;
    const tail = `","end":"$${seq}$"}`;
    const raw = head + filler(head.length + tail.length + 1, 200) + tail;
    const parsed = parseLine(raw, 'auto');
    const at = started + seq / 100;
    entries.push({
      seq, componentId: `component-${seq % 4}`, componentType: 'source', stream: 'stdout', timestamp: parsed.timestamp ?? at,
      receivedAt: at, level: parsed.level, message: parsed.message, fields: parsed.fields, raw, runId, restart: 0, truncated: false,
    });
  }
  return entries;
}

/** Packs the entries into append batches with one encoder (its name table spans them, as in `up`). */
function pack(entries) {
  const encoder = new BatchEncoder();
  const batches = [];
  for (let i = 0; i < entries.length; i += BATCH) {
    for (const entry of entries.slice(i, i + BATCH)) encoder.add(entry);
    batches.push(encoder.take());
  }
  return batches;
}

function baselineWorker(rev) {
  const dir = join(root, 'bench/.build', `store-writer-${rev}`);
  mkdirSync(dir, {recursive: true});
  // Every plain-JS module of the worker at that revision: the set changes between revisions.
  const listing = execFileSync('git', ['ls-tree', '--name-only', `${rev}:src/logs/store/`], {cwd: root, encoding: 'utf8'});
  for (const file of listing.split('\n').filter((name) => name.endsWith('.js'))) {
    writeFileSync(join(dir, file), execFileSync('git', ['show', `${rev}:src/logs/store/${file}`], {cwd: root}));
  }
  return join(dir, 'writer-worker.js');
}

function threadTicks() {
  const ticks = new Map();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(tid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return ticks;
}

/** One run of one worker over all batches in a fresh history; resolves with its figures. */
async function run(workerPath, batches, count) {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-store-bench-'));
  const before = threadTicks();
  const worker = new Worker(pathToFileURL(workerPath), {
    workerData: {path: join(dir, 'history.sqlite'), retentionMs: 7 * 86_400_000, retentionIntervalMs: 60_000, busyTimeoutMs: 250},
  });
  const replies = [];
  let wake = () => undefined;
  worker.on('message', (message) => {
    replies.push(message);
    wake();
  });
  worker.on('error', (error) => {
    throw error;
  });
  const next = async () => {
    while (replies.length === 0) await new Promise((resolve) => (wake = resolve));
    return replies.shift();
  };
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`worker did not open: ${JSON.stringify(ready)}`);
  const workerThreads = [...threadTicks().keys()].filter((tid) => !before.has(tid));
  const ticksAtStart = threadTicks();
  const started = performance.now();
  let inFlight = 0;
  let committed = 0;
  for (const batch of batches) {
    while (inFlight + batch.count > IN_FLIGHT) {
      const reply = await next();
      if (reply.type === 'committed') {
        inFlight -= reply.entries;
        committed += reply.entries;
      } else if (reply.type === 'error') throw new Error(reply.message);
    }
    // Copies: a batch's buffers are transferred (detached) and the next round reuses them.
    const copy = {...batch, numbers: batch.numbers.slice(), tags: batch.tags.slice(), keys: batch.keys.slice(), lengths: batch.lengths.slice(), text: batch.text.slice()};
    worker.postMessage({type: 'append', batch: copy}, BatchEncoder.transferables(copy));
    inFlight += batch.count;
  }
  worker.postMessage({type: 'flush', id: 1});
  for (;;) {
    const reply = await next();
    if (reply.type === 'committed') committed += reply.entries;
    else if (reply.type === 'error') throw new Error(reply.message);
    else if (reply.type === 'flushed') break;
  }
  const wallMs = performance.now() - started;
  const ticksAtEnd = threadTicks();
  const used = (tid) => (ticksAtEnd.get(tid) ?? 0) - (ticksAtStart.get(tid) ?? 0);
  const workerUs = Math.max(...workerThreads.map(used)) * CLOCK_TICK_US;
  worker.postMessage({type: 'close'});
  await new Promise((resolve) => worker.once('exit', resolve));
  const bytes = readdirSync(dir).reduce((sum, file) => sum + (file.endsWith('.lock') ? 0 : Number(execFileSync('stat', ['-c', '%s', join(dir, file)]).toString())), 0);
  rmSync(dir, {recursive: true, force: true});
  if (committed !== count) throw new Error(`committed ${committed} of ${count}`);
  return {usPerEntry: workerUs / count, perSecond: count / (wallMs / 1000), bytesPerEntry: bytes / count};
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The encoder of git revision `rev`, transpiled to JS next to the other baselines. */
async function baselineEncoder(rev) {
  const ts = (await import('typescript')).default;
  const source = execFileSync('git', ['show', `${rev}:src/logs/store/batch-encoder.ts`], {cwd: root}).toString();
  const dir = join(root, 'bench/.build', `store-encoder-${rev}`);
  mkdirSync(dir, {recursive: true});
  const file = join(dir, 'batch-encoder.mjs');
  writeFileSync(file, ts.transpileModule(source, {compilerOptions: {module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022}}).outputText);
  return (await import(pathToFileURL(file).href)).BatchEncoder;
}

/** Main-thread CPU µs per entry to pack `entries` and post them, BATCH at a time, to `sink`. */
async function encodeRun(Encoder, entries, sink) {
  const encoder = new Encoder();
  const mainThread = () => {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_US;
  };
  const cpuAtStart = mainThread();
  const processAtStart = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < entries.length; i += BATCH) {
    const end = Math.min(entries.length, i + BATCH);
    for (let j = i; j < end; j++) encoder.add(entries[j]);
    const batch = encoder.take();
    sink.postMessage({type: 'append', batch}, Encoder.transferables(batch));
    // A turn of the event loop per batch, as in `up` (one post per tick); lets the port drain.
    if ((i / BATCH) % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(processAtStart);
  return {
    usPerEntry: (mainThread() - cpuAtStart) / entries.length,
    processUsPerEntry: (used.user + used.system) / entries.length,
    wallUsPerEntry: (wallMs * 1000) / entries.length,
  };
}

if (ENCODER) {
  const entries = buildEntries(ENTRIES);
  const sink = new Worker("require('node:worker_threads').parentPort.on('message', () => {})", {eval: true});
  const encoders = [['old', await baselineEncoder(ENCODER_BASELINE)], ['new', BatchEncoder]];
  const results = new Map(encoders.map(([name]) => [name, []]));
  // One warm-up round each, not counted (JIT).
  for (const [, Encoder] of encoders) await encodeRun(Encoder, entries.slice(0, 50_000), sink);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, Encoder] of encoders) {
      globalThis.gc?.();
      const result = await encodeRun(Encoder, entries, sink);
      results.get(name).push(result);
      process.stderr.write(`round ${round} ${name}: ${result.usPerEntry.toFixed(3)} µs/entry main-thread CPU, ${result.processUsPerEntry.toFixed(3)} process CPU (GC helpers, the sink), ${result.wallUsPerEntry.toFixed(3)} wall\n`);
    }
  }
  await sink.terminate();
  process.stdout.write(`encoder + postMessage, ${ENTRIES} workload-A entries, batches of ${BATCH}, ${ROUNDS} rounds (median)\n`);
  for (const [name, list] of results) {
    process.stdout.write(`${name.padEnd(4)} main-thread CPU ${median(list.map((r) => r.usPerEntry)).toFixed(3)} µs/entry   process CPU ${median(list.map((r) => r.processUsPerEntry)).toFixed(3)}   wall ${median(list.map((r) => r.wallUsPerEntry)).toFixed(3)} µs/entry\n`);
  }
  const ratios = results.get('old').map((old, i) => old.usPerEntry / results.get('new')[i].usPerEntry);
  process.stdout.write(`old/new main-thread CPU per entry, round by round: ${ratios.map((r) => r.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)}×)\n`);
  process.exit(0);
}

const entries = buildEntries(ENTRIES);
const batches = pack(entries);
const workers = [];
if (ONLY !== 'new') workers.push(['old', baselineWorker(BASELINE)]);
if (ONLY !== 'old') workers.push(['new', join(root, 'dist/logs/store/writer-worker.js')]);
const results = new Map(workers.map(([name]) => [name, []]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, path] of workers) {
    const result = await run(path, batches, ENTRIES);
    results.get(name).push(result);
    process.stderr.write(`round ${round} ${name}: ${result.usPerEntry.toFixed(2)} µs/entry, ${Math.round(result.perSecond)} entries/s, ${result.bytesPerEntry.toFixed(0)} B/entry\n`);
  }
}
process.stdout.write(`${ENTRIES} workload-A entries, ${ROUNDS} rounds (median)\n`);
for (const [name, list] of results) {
  const us = median(list.map((r) => r.usPerEntry));
  const rate = median(list.map((r) => r.perSecond));
  const size = median(list.map((r) => r.bytesPerEntry));
  process.stdout.write(`${name.padEnd(4)} worker CPU ${us.toFixed(2)} µs/entry   ${Math.round(rate).toLocaleString('en-US')} entries/s   ${size.toFixed(0)} B/entry on disk\n`);
}
if (results.has('old') && results.has('new')) {
  const ratios = results.get('old').map((old, i) => old.usPerEntry / results.get('new')[i].usPerEntry);
  process.stdout.write(`old/new worker CPU per entry, round by round: ${ratios.map((r) => r.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)}×)\n`);
}
