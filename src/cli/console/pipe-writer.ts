import {Writable} from 'node:stream';
import {Worker} from 'node:worker_threads';

// Resolved relative to this module: the .js worker is in src/ (vitest) and dist/ alike.
const WORKER_URL = new URL('./pipe-writer-worker.js', import.meta.url);

/**
 * The aggregate's writer for a pipe or socket on stdout (`flowctl up | grep …`, `| tee`,
 * `| less`). The requirements pull three ways, and each simpler writer failed one (measured
 * on workload A into `| cat` and with a reader that pauses):
 * - it must never block the event loop (a paused `less` would stall every child and file);
 * - it must move more than one pipeful per turn of the event loop: through `process.stdout`
 *   (a libuv stream, woken by epoll on the loop) a busy loop refilled the 64 KiB pipe once
 *   per turn, and the console dropped 61 % of a flood that `cat` could have taken;
 * - it must survive a full pipe and still let flowctl exit. fs.WriteStream on fd 1 failed
 *   the first: Node puts a pipe on stdout in non-blocking mode, a full pipe answers EAGAIN,
 *   and after five immediate retries fs.WriteStream reported "write failed": a reader that
 *   paused for a second got 308 of 50 000 lines and the view printed nothing more
 *   (regression console-pipe-write-failed). Switched to blocking mode it kept up, but a
 *   thread-pool write into a pipe that is never read again blocks forever, and Node cannot
 *   exit with a pool thread stuck (even `process.exit` waits for it).
 * So a worker thread writes, non-blocking, and sleeps briefly on a full pipe
 * (`pipe-writer-worker.js`): independent of the event loop, never stuck in a system call.
 *
 * Backpressure is a Writable's: one text in flight in the worker, the rest buffered here,
 * `write()` false past the high-water mark, `drain` when it empties.
 */
export class PipeWriter extends Writable {
  readonly #worker: Worker;
  /** Bytes of the text in flight the worker has written (shared with it). */
  readonly #progress = new Int32Array(new SharedArrayBuffer(4));
  #pending: ((error?: Error | null) => void) | undefined;
  #failed: Error | undefined;

  /**
   * `fd` must be in non-blocking mode (Node sets a pipe or socket on stdout so). `workerUrl`
   * replaces the writer thread's script (tests: a thread that dies).
   */
  constructor(fd: number, options: {highWaterMark?: number; workerUrl?: URL} = {}) {
    super({highWaterMark: options.highWaterMark ?? 256 * 1024, decodeStrings: false});
    // A small young generation, as the history writer's (`WORKER_LIMITS` says why): this one
    // allocates a string and a Buffer per write.
    this.#worker = new Worker(options.workerUrl ?? WORKER_URL, {workerData: {fd, progress: this.#progress}, resourceLimits: {maxYoungGenerationSizeMb: 2}});
    this.#worker.on('message', (message: {written?: true; error?: {code: string; message: string}}) => {
      this.#worker.unref();
      const callback = this.#pending;
      this.#pending = undefined;
      if (message.error !== undefined) {
        this.#failed = Object.assign(new Error(message.error.message), {code: message.error.code});
        callback?.(this.#failed);
      } else {
        callback?.();
      }
    });
    const fail = (error: Error): void => {
      this.#failed ??= error;
      const callback = this.#pending;
      this.#pending = undefined;
      callback?.(this.#failed);
    };
    this.#worker.on('error', fail);
    // Ended without an error event (killed for memory, say): nothing will write any more.
    this.#worker.on('exit', () => fail(new Error('the console writer thread stopped')));
    // Only a write in flight keeps flowctl alive (as a pending fs write does); an idle writer
    // does not. After the listeners: attaching one refs the worker's port again. A reader that
    // never reads again would hold a write in flight forever: the console view destroys the
    // stream when it gives up on it.
    this.#worker.unref();
  }

  /**
   * Bytes of the text in flight that reached the pipe (0 when nothing is in flight): after
   * a `destroy` on a reader that stopped, which lines got out whole and whether one was cut.
   */
  get inFlightWritten(): number {
    return this.#pending === undefined && !this.destroyed ? 0 : Atomics.load(this.#progress, 0);
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this._writev([{chunk}], callback);
  }

  override _writev(chunks: {chunk: string | Buffer}[], callback: (error?: Error | null) => void): void {
    if (this.#failed !== undefined) return callback(this.#failed);
    let text = '';
    for (const {chunk} of chunks) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    this.#pending = callback;
    Atomics.store(this.#progress, 0, 0);
    this.#worker.ref();
    this.#worker.postMessage({text});
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Whatever is still in flight is abandoned: the reader stopped reading, or the view is done.
    this.#pending = undefined;
    this.#failed ??= new Error('the console writer was closed');
    void this.#worker.terminate().finally(() => callback(error));
  }
}
