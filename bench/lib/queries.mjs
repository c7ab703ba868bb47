/**
 * Workload E: a large history written through the store itself (so the layout cannot
 * drift), then the `flowctl logs` queries timed
 * through `flowctl logs` offline (what a user waits for, Node start-up included) and through
 * the store API in this process (the query alone): time to the first result and to the full one.
 *
 * The history is cached in bench/.build/ (keyed by entry count and a hash of the code that
 * decides what is written: encoder, writer, layout) because writing 10 M rows takes minutes.
 */
import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {flowctlProgram, withThisNode} from './systems.mjs';

const COMPONENTS = ['stellar-live-source', 'ttp-processor', 'consumer-app', 'contract-events', 'duckdb-sink'];
const RUN_ID = 'bench-history-run';
/** Spread of the history in time: one entry every 10 ms of received time. */
const STEP_MS = 10;

/**
 * @param {{root: string, buildDir: string, entries: number, log: (text: string) => void}} o
 * @returns {Promise<{path: string, endMs: number, built: boolean, buildSeconds: number}>}
 */
export async function prepareHistory({root, buildDir, entries, log}) {
  const hash = createHash('sha256');
  for (const file of ['store/batch-encoder.js', 'store/writer-worker.js', 'store/block-writer.js', 'store/block-pack.js', 'store/schema.js', 'parse/line-entry.js', 'parse/entry-builder.js']) {
    hash.update(readFileSync(join(root, 'dist/logs', file)));
  }
  const storeCode = hash.digest('hex').slice(0, 12);
  const path = join(buildDir, `history-${entries}-${storeCode}.sqlite`);
  const endMs = 1_764_800_000_000 + entries * STEP_MS;
  if (existsSync(path)) return {path, endMs, built: false, buildSeconds: 0};
  mkdirSync(buildDir, {recursive: true});
  const partial = `${path}.partial`;
  rmSync(partial, {force: true});
  rmSync(`${partial}-writer.lock`, {force: true});
  const started = performance.now();
  // Through the store itself (entries are stored in packed blocks), flushing as it goes so
  // the writer's queue never overflows.
  const {openStore} = await import(pathToFileURL(join(root, 'dist/logs/store/index.js')).href);
  const {createEntryBuilder} = await import(pathToFileURL(join(root, 'dist/logs/parse/index.js')).href);
  const opened = await openStore(partial, {retentionMs: 0});
  if (!opened.ok) throw new Error(`bench: cannot create the history: ${opened.error}`);
  const store = opened.value;
  store.beginRun(RUN_ID, {pipeline: 'bench', startedAt: endMs - entries * STEP_MS});
  // Entries made by the real entry builder from the lines, as `up` makes them (and so stored
  // as `up` stores them: a one-line entry as its raw alone, parsed back when read).
  /** @type {unknown[]} */
  let built = [];
  const builders = new Map(COMPONENTS.map((id) => [id, createEntryBuilder({
    componentId: id, componentType: 'processor', restart: () => 0, setTimer: () => () => {},
    logging: {level: undefined, format: 'auto', multiline: {enabled: true, windowMs: 100}},
    onEntries: (/** @type {unknown[]} */ made) => built.push(...made),
  })]));
  for (let from = 1; from <= entries; from += 50_000) {
    const batch = [];
    for (let seq = from; seq < Math.min(entries + 1, from + 50_000); seq++) {
      const component = COMPONENTS[seq % COMPONENTS.length] ?? '';
      const level = seq % 100 === 0 ? 'error' : seq % 20 === 0 ? 'warn' : seq % 7 === 0 ? 'debug' : 'info';
      // A rare word for --grep: one entry in 100 000.
      const message = seq % 100_000 === 0 ? `deadlock detected on ledger ${seq}` : `processed ledger ${seq} with ${seq % 97} events`;
      const at = endMs - (entries - seq) * STEP_MS;
      const raw = `{"level":"${level}","ts":${at / 1000},"caller":"server/server.go:${seq % 300}","msg":"${message}","ledger":${seq}}`;
      builders.get(component)?.push('stdout', [{text: raw, truncated: false}], at);
      const [made] = built;
      built = [];
      if (made === undefined) throw new Error(`bench: the entry builder held line ${seq} back`);
      batch.push(Object.assign(made, {seq, runId: RUN_ID}));
    }
    store.append(batch);
    await store.flush();
    if (from % 1_000_000 === 1 && from > 1) log(`  history: ${from - 1} entries`);
  }
  store.endRun(RUN_ID, endMs);
  await store.close();
  rmSync(`${partial}-writer.lock`, {force: true});
  renameSync(partial, path);
  return {path, endMs, built: true, buildSeconds: (performance.now() - started) / 1000};
}

/**
 * Times each query: first page, full result, rows.
 * @param {{root: string, path: string, endMs: number}} o
 */
export async function runQueries({root, path, endMs}) {
  const {openStore} = await import(pathToFileURL(join(root, 'dist/logs/store/index.js')).href);
  const {compileFilter} = await import(pathToFileURL(join(root, 'dist/logs/filter.js')).href);
  /** @type {[string, import('../../src/logs/api.js').FilterSpec][]} */
  const queries = [
    // The last 10 minutes of a history that ends at endMs: 60 000 entries.
    ['--since 10m', {since: endMs - 10 * 60_000}],
    ['--tail 100', {tail: 100}],
    ['-l error', {levels: ['error']}],
    ['--grep deadlock', {include: ['deadlock']}],
  ];
  const results = [];
  for (const [name, spec] of queries) {
    const filter = compileFilter(spec, endMs);
    if (!filter.ok) throw new Error(`bench: bad filter ${name}: ${filter.error.message}`);
    const opened = await openStore(path, {retentionMs: 0, readonly: true});
    if (!opened.ok) throw new Error(`bench: cannot read the history: ${opened.error}`);
    const started = performance.now();
    let firstMs;
    let rows = 0;
    for await (const page of opened.value.query(filter.value, {})) {
      // A scan also yields empty pages (it hands control back between blocks): the first
      // result is the first entry, as on the CLI's stdout.
      if (page.length > 0) firstMs ??= performance.now() - started;
      rows += page.length;
    }
    const fullMs = performance.now() - started;
    await opened.value.close();
    results.push({query: name, firstMs: firstMs ?? fullMs, fullMs, rows});
  }
  return results;
}

/**
 * The same queries as a user types them: `flowctl logs --file <pipeline> …` offline (no
 * pipeline running; the history found next to the pipeline's logs). First result = process
 * start to the first byte on stdout (Node start-up included: that is what a user waits for).
 * @param {{root: string, path: string, endMs: number, scratch: string}} o
 */
export async function runCliQueries({root, path, endMs, scratch}) {
  const dir = join(scratch, 'E');
  mkdirSync(join(dir, 'logs'), {recursive: true});
  const history = join(dir, 'logs', 'history.sqlite');
  rmSync(history, {force: true});
  try {
    linkSync(path, history);
  } catch {
    copyFileSync(path, history);
  }
  const pipeline = join(dir, 'pipeline.yaml');
  writeFileSync(pipeline, 'apiVersion: flowctl/v1\nkind: Pipeline\nmetadata: {name: bench-history}\nspec:\n  logging: {dir: logs}\n  sources:\n    - id: stellar-live-source\n      command: ["true"]\n');
  const queries = [
    ['--since 10m', ['--since', new Date(endMs - 10 * 60_000).toISOString()]],
    ['--tail 100', ['--tail', '100']],
    ['-l error', ['-l', 'error']],
    ['--grep deadlock', ['--grep', 'deadlock']],
  ];
  const results = [];
  for (const [name, args] of queries) {
    const started = performance.now();
    const child = spawn(flowctlProgram(root), ['logs', '--file', pipeline, '--no-color', ...args], {
      cwd: dir,
      env: withThisNode({...process.env, XDG_STATE_HOME: join(dir, 'state'), NO_COLOR: '1'}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let firstMs;
    let rows = 0;
    let stderr = '';
    child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
      firstMs ??= performance.now() - started;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    const fullMs = performance.now() - started;
    if (code !== 0) throw new Error(`bench: flowctl logs ${args.join(' ')} failed (${code}): ${stderr.trim()}`);
    results.push({query: name, firstMs: firstMs ?? fullMs, fullMs, rows});
  }
  rmSync(history, {force: true});
  return results;
}
