// The log history's writer, run in a worker thread so SQLite inserts, commits, fsyncs and
// retention deletes never run on the thread that reads the children's pipes.
//
// Plain JavaScript on purpose: vitest runs `src/**/*.ts` through its transformer, but a
// worker thread is a bare Node.js isolate that cannot load `.ts`. A `.js` file under `src/`
// runs as-is under vitest (`new URL('./writer-worker.js', import.meta.url)` from
// `writer.ts`) and is copied to `dist/` by tsc (`allowJs`), so the same URL works there.
// Keep it dependency-free apart from better-sqlite3 (it cannot import the TS modules).
//
// Protocol (see writer.ts): in: append | beginRun | endRun | flush | close;
// out: ready | openFailed | committed | flushed | error | damaged | closed (committed and a
// batch's error say how many entries and text bytes of the batches they settle; after
// damaged the worker ends).
import {parentPort, workerData} from 'node:worker_threads';
import {createBlockWriter, groupBatches, mergeBatches} from './block-writer.js';
import {moveAside, openForWriting} from './open-history.js';
import {isDamage, META_TABLE} from './schema.js';
import {createRetention} from './retention.js';

/** @type {{path: string, retentionMs: number, retentionIntervalMs: number, busyTimeoutMs: number}} */
const config = workerData;
const port = parentPort;
if (port === null) throw new Error('writer-worker.js must run as a worker thread');

/** The session's statements and block writer: they read the file too, so a damaged one fails here, while opening. */
function startSession(/** @type {import('better-sqlite3').Database} */ db) {
  // Each session numbers its names afresh (its encoder does): a new epoch keeps them apart.
  const epoch = Number(db.prepare('SELECT coalesce(max(epoch), 0) + 1 FROM names').pluck().get());
  return {
    epoch,
    beginRun: db.prepare(`INSERT INTO runs (run_id, pipeline, started_at) VALUES (?, ?, ?)
      ON CONFLICT (run_id) DO UPDATE SET pipeline = excluded.pipeline, started_at = excluded.started_at`),
    endRun: db.prepare('UPDATE runs SET ended_at = ? WHERE run_id = ?'),
    countRun: db.prepare('UPDATE runs SET entries = entries + ? WHERE run_key = ?'),
    blocks: createBlockWriter(db, epoch),
  };
}

let opened;
try {
  // Everything that touches the file is in here: any failure is `openFailed` with its
  // message, never an uncaught error (a SqliteError does not survive the thread boundary).
  opened = openForWriting(config, startSession);
} catch (error) {
  port.postMessage({type: 'openFailed', message: describe(error)});
  process.exit(0);
}
const {lock, db, notice} = opened;
const {epoch, beginRun, endRun, countRun, blocks} = opened.session;

/** Packed batches appended and not yet committed, committed together in one transaction. */
let pending = [];
let pendingEntries = 0;
let commitScheduled = false;

const commit = db.transaction((batches) => {
  const perRun = new Map();
  for (const group of groupBatches(batches)) blocks.insert(mergeBatches(group), perRun);
  for (const [key, count] of perRun) countRun.run(count, key);
});

function commitPending() {
  commitScheduled = false;
  if (pending.length === 0) return;
  const batches = pending;
  const entries = pendingEntries;
  const bytes = batches.reduce((sum, batch) => sum + batch.text.byteLength, 0);
  pending = [];
  pendingEntries = 0;
  // Done with the batches either way: their text buffers go back to the encoder for reuse
  // (dropped here, they would wait for this small heap's next collection as external memory).
  // SQLite copied what it stored, and merged blocks are copies too, so nothing still points
  // into them.
  const spare = batches.map((batch) => batch.text.buffer);
  try {
    commit(batches);
    port.postMessage({type: 'committed', entries, bytes, spare}, spare);
  } catch (error) {
    if (isDamage(error)) return damaged(error);
    // Rolled back: names and run rows written in it are gone.
    blocks.rolledBack();
    const cause = describe(error);
    port.postMessage({type: 'error', message: `could not save ${entries} entries: ${cause}`, lost: entries, bytes, cause, spare}, spare);
  }
}

/** Runs `fn`, reporting a failure without stopping the writer. */
function guarded(what, fn) {
  try {
    fn();
  } catch (error) {
    if (isDamage(error)) damaged(error);
    else port.postMessage({type: 'error', message: `${what}: ${describe(error)}`, lost: 0});
  }
}

/**
 * The file turned out damaged while running (a commit or retention read a page that makes no
 * sense): it will not heal, so this session stops writing (the pipeline goes on with files
 * only), moves the file aside so the next run starts a new history, and ends. The main
 * thread counts what was in flight as not saved.
 */
function damaged(error) {
  clearInterval(retentionTimer);
  db.close();
  let where;
  try {
    where = `it was moved to ${moveAside(config.path, 'corrupt', new Date())}, and the next run starts a new history`;
  } catch (moveError) {
    where = `it could not be moved aside (${describe(moveError)}): move it away to start a new history`;
  }
  const message = `the history at ${config.path} is damaged (${describe(error)}): no more entries are saved this run, logs go to files only; ${where}`;
  port.postMessage({type: 'damaged', message});
  lock.close();
  process.exit(0);
}

/** Readers leave out what this retention would have deleted by now (`schema.js` META_TABLE). */
function recordRetention() {
  const kept = config.retentionMs > 0 && Number.isFinite(config.retentionMs) ? config.retentionMs : 0;
  db.exec(META_TABLE);
  db.prepare("INSERT OR REPLACE INTO meta VALUES ('retention_ms', ?)").run(kept);
}

const retention = createRetention(db, {retentionMs: config.retentionMs, guarded, epoch, forgotRuns: () => blocks.forgetRuns()});
const retentionTimer = setInterval(() => retention.run(), config.retentionIntervalMs);
setImmediate(() => retention.run());

port.on('message', (message) => {
  switch (message.type) {
    case 'append':
      pending.push(message.batch);
      pendingEntries += message.batch.count;
      if (!commitScheduled) {
        commitScheduled = true;
        // Let more append messages arrive first: one transaction for all of them.
        setImmediate(commitPending);
      }
      return;
    case 'beginRun':
      commitPending();
      guarded(`could not record run ${message.runId}`, () => {
        beginRun.run(message.runId, message.pipeline, message.startedAt);
        recordRetention();
      });
      return;
    case 'endRun':
      commitPending();
      guarded(`could not record the end of run ${message.runId}`, () => endRun.run(message.at, message.runId));
      return;
    case 'flush':
      commitPending();
      port.postMessage({type: 'flushed', id: message.id});
      return;
    case 'close':
      commitPending();
      clearInterval(retentionTimer);
      // A last pass, so that what expired since the last one is not left behind until the
      // next run (a 5 s retention and a 60 s pass left lines a minute old in the history).
      retention.finish();
      guarded('could not refresh statistics', () => db.pragma('optimize'));
      db.close();
      lock.close();
      port.postMessage({type: 'closed'});
      port.close();
      return;
    default:
      port.postMessage({type: 'error', message: `internal error: unknown message ${JSON.stringify(message.type)}`, lost: 0});
  }
});

// The notice rides with `ready`: the main thread keeps it until someone listens.
port.postMessage({type: 'ready', ...(notice === undefined ? {} : {notice})});

function describe(error) {
  return error instanceof Error ? error.message : String(error);
}
