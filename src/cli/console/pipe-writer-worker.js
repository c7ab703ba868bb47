// The console's writer for a pipe (`flowctl up | grep …`), run in a worker thread: see
// `pipe-writer.ts` for why. It writes to a non-blocking descriptor and, when the pipe is
// full (EAGAIN), sleeps a little with `Atomics.wait` and tries again, so it is never stuck
// in a system call: the thread can always be stopped, and flowctl can always exit.
//
// Plain JavaScript on purpose, like the history's writer-worker.js: a worker thread cannot
// load `.ts` under vitest; tsc copies this file to dist/.
//
// Protocol: in `{text}` (one at a time); out `{written: true}` once all of it is written,
// or `{error: {code, message}}` (EPIPE when the reader closed) after which nothing is written.
// `progress[0]` holds how many bytes of the current text are written so far: when the view
// gives up on a reader that stopped, it tells which lines got out whole.
import {writeSync} from 'node:fs';
import {parentPort, workerData} from 'node:worker_threads';

/** @type {{fd: number, progress: Int32Array}} */
const {fd, progress} = workerData;
const port = parentPort;
if (port === null) throw new Error('pipe-writer-worker.js must run as a worker thread');

/** Sleeps between attempts on a full pipe: short while the reader keeps up, longer while it does not. */
const MIN_WAIT_MS = 0.05;
const MAX_WAIT_MS = 20;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
let failed = false;

port.on('message', (/** @type {{text: string}} */ message) => {
  if (failed) return;
  try {
    writeAll(Buffer.from(message.text, 'utf8'));
    port.postMessage({written: true});
  } catch (error) {
    failed = true;
    const {code, message: text} = /** @type {NodeJS.ErrnoException} */ (error);
    port.postMessage({error: {code: code ?? 'EIO', message: text}});
  }
});

function writeAll(/** @type {Buffer} */ data) {
  let offset = 0;
  let waitMs = MIN_WAIT_MS;
  Atomics.store(progress, 0, 0);
  while (offset < data.length) {
    let written = 0;
    try {
      written = writeSync(fd, data, offset, data.length - offset);
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EAGAIN') throw error;
    }
    if (written > 0) {
      offset += written;
      Atomics.store(progress, 0, offset);
      waitMs = MIN_WAIT_MS;
    } else {
      Atomics.wait(sleeper, 0, 0, waitMs);
      waitMs = Math.min(MAX_WAIT_MS, waitMs * 2);
    }
  }
}
