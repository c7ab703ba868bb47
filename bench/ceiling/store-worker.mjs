/**
 * The history of `node-ceiling-io` (aggregate-io.mjs), on a worker thread: the cheapest SQLite
 * record that keeps every line. One row per block of lines as the main thread read them,
 * no index, no parsing; every block that arrived while the last transaction ran goes into the
 * next one (messages are drained before setImmediate fires), WAL, synchronous=NORMAL, and
 * flowctl's own page size and cache (src/logs/store/open-history.js), so the ceiling is not
 * handicapped against flowctl's writer: with SQLite's 4 KiB default A took ~1.3 s here
 * instead of ~0.9 s (one WAL frame per 4 KiB of a 64 KiB row).
 * After each commit the main thread is told how many bytes left its queue (its backpressure)
 * and gets the blocks' buffers back.
 */
import {parentPort, workerData} from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(/** @type {{dbPath: string}} */ (workerData).dbPath);
db.pragma('page_size = 32768');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -2048');
db.exec('CREATE TABLE IF NOT EXISTS blocks (component TEXT NOT NULL, first_seq INTEGER NOT NULL, count INTEGER NOT NULL, lines BLOB NOT NULL)');
const insert = db.prepare('INSERT INTO blocks (component, first_seq, count, lines) VALUES (?, ?, ?, ?)');

/** @typedef {{component: string, firstSeq: number, count: number, lines: Uint8Array}} Block */
/** @type {Block[]} */
let pending = [];
let scheduled = false;

const insertAll = db.transaction((/** @type {Block[]} */ blocks) => {
  for (const b of blocks) insert.run(b.component, b.firstSeq, b.count, Buffer.from(b.lines.buffer, b.lines.byteOffset, b.lines.byteLength));
});

function flush() {
  scheduled = false;
  if (pending.length === 0) return;
  const blocks = pending;
  pending = [];
  insertAll(blocks);
  // The buffers go back to the main thread for reuse (see aggregate-io.mjs).
  const buffers = blocks.map((b) => /** @type {ArrayBuffer} */ (b.lines.buffer));
  parentPort?.postMessage({committedBytes: blocks.reduce((sum, b) => sum + b.lines.byteLength, 0), buffers}, buffers);
}

parentPort?.on('message', (/** @type {Block | {done: true}} */ message) => {
  if ('done' in message) {
    flush();
    db.close();
    parentPort?.close();
    return;
  }
  pending.push(message);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
});
