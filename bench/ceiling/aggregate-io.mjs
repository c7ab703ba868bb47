/**
 * `node-ceiling-io`: the bare aggregator of aggregate.mjs plus the least I/O that flowctl's
 * "everything on" must do, and nothing else: no parsing, no ring, no rendering.
 *
 * Why it exists: with the store on, flowctl keeps every line in `<logDir>/<id>.log` and in a
 * SQLite history. This script does the cheapest version of both — each chunk's complete lines
 * appended raw to the component's log file in one write, and copied into a reused buffer
 * transferred to a worker thread that inserts one row per chunk into
 * `blocks(component, first_seq, count, lines BLOB)`, many rows per transaction, WAL,
 * synchronous=NORMAL (store-worker.mjs). So this row of issue 5's table is what any Node
 * supervisor that prefixes line-safely and keeps every line can reach on this machine; the
 * gap to the bare ceiling is the price of the writes alone.
 *
 * usage: node bench/ceiling/aggregate-io.mjs SPEC.json LOG_DIR DB_FILE
 * Backpressure: when more than HIGH_WATER bytes wait for the worker, every child is paused
 * until they fall under LOW_WATER, so memory stays bounded and nothing is dropped.
 */
import {closeSync, mkdirSync, openSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {Worker} from 'node:worker_threads';
import {aggregate, writeAll} from './aggregate.mjs';

const HIGH_WATER = 16 << 20;
const LOW_WATER = 4 << 20;
/** Blocks go to the worker in buffers of this size that it sends back once committed (a pipe read is ≤ 64 KiB, plus the partial line before it). */
const BLOCK = 80 << 10;

const [specPath = '', logDir = '', dbPath = ''] = process.argv.slice(2);
/** @type {{id: string, argv: string[]}[]} */
const components = JSON.parse(readFileSync(specPath, 'utf8'));
mkdirSync(logDir, {recursive: true});
const logFds = components.map((c) => openSync(join(logDir, `${c.id}.log`), 'a'));
const nextSeq = components.map(() => 1);

const worker = new Worker(new URL('./store-worker.mjs', import.meta.url), {workerData: {dbPath}});
const workerExit = new Promise((resolve, reject) => {
  worker.on('exit', resolve);
  worker.on('error', reject);
});
/**
 * Reused block buffers: a transferred buffer that the worker let go would wait for the
 * worker's GC, which external memory barely triggers (RSS grew to ~200 MB on A that way).
 * @type {ArrayBuffer[]}
 */
const free = [];
let waiting = 0;
/** @type {Set<import('node:stream').Readable>} */
const paused = new Set();
worker.on('message', (/** @type {{committedBytes: number, buffers: ArrayBuffer[]}} */ message) => {
  waiting -= message.committedBytes;
  for (const buffer of message.buffers) if (buffer.byteLength === BLOCK) free.push(buffer);
  if (waiting >= LOW_WATER) return;
  for (const stream of paused) stream.resume();
  paused.clear();
});

const codes = await aggregate(components, (index, lines, count, stdout) => {
  writeAll(/** @type {number} */ (logFds[index]), lines);
  const block = new Uint8Array(lines.length <= BLOCK ? (free.pop() ?? new ArrayBuffer(BLOCK)) : new ArrayBuffer(lines.length), 0, lines.length);
  block.set(lines);
  const firstSeq = /** @type {number} */ (nextSeq[index]);
  nextSeq[index] = firstSeq + count;
  waiting += lines.length; // not block.length: the transfer detaches it
  worker.postMessage({component: components[index]?.id, firstSeq, count, lines: block}, [block.buffer]);
  if (waiting > HIGH_WATER) {
    stdout.pause();
    paused.add(stdout);
  }
});
for (const fd of logFds) closeSync(fd);
worker.postMessage({done: true});
await workerExit;
process.exitCode = codes.find((code) => code !== 0) ?? 0;
