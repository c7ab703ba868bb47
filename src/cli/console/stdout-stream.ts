import {createWriteStream, fstatSync, writeSync} from 'node:fs';
import {Writable} from 'node:stream';
import {isatty} from 'node:tty';
import {PipeWriter} from './pipe-writer.js';

/**
 * The writer for file descriptor 1 (the aggregate's output), chosen by what fd 1 is. None of
 * them may block the event loop on a slow reader (`flowctl up | less` paused, a slow SSH
 * link): that would stall every child's pipe and every log file. `write()` returning false
 * tells the view to stop feeding it (it then drops from the console only, and says so).
 *
 * - A regular file or `/dev/null` (`flowctl up > out.log`, a benchmark, a CI log):
 *   synchronous writes. Such a reader is never slower than us (a write lands in the page
 *   cache), so writing in place means the view never queues and never drops at any rate
 *   the pipeline can produce, where the thread-pool writer fell behind and dropped lines on
 *   a busy machine (regression: console drops into a file).
 * - A pipe or a socket (`| tee`, `| grep`, `| less`): a worker thread that writes
 *   non-blocking and waits out a full pipe (`pipe-writer.ts` says why nothing simpler works).
 * - A terminal: fs.WriteStream, written from libuv's thread pool. Node sets a terminal on
 *   fd 1 to blocking mode, so a terminal that stops reading (Ctrl+S) blocks a pool thread,
 *   not the event loop.
 */
export function openStdoutStream(fd = 1): Writable {
  if (isNeverSlow(fd)) return new SyncFdWriter(fd);
  if (isatty(fd)) return createWriteStream('/dev/stdout', {fd, autoClose: false, highWaterMark: 256 * 1024});
  // Node's stream on a pipe or socket puts the descriptor in non-blocking mode when it is
  // made; the worker relies on that (a blocking write into a pipe never read again would
  // hold its thread, and flowctl, forever). Other descriptors: the caller's to set up.
  if (fd === 1) void process.stdout.writable;
  if (fd === 2) void process.stderr.writable;
  return new PipeWriter(fd);
}

/** A regular file, or a character device that is not a terminal (`/dev/null`, `/dev/zero`). */
export function isNeverSlow(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFile() || (stat.isCharacterDevice() && !isatty(fd));
  } catch {
    return false;
  }
}

/**
 * Writes each chunk with `writeSync` before `write()` returns. The high-water mark is far
 * above any batch the console view writes, so `write()` keeps returning true and `drain`
 * is never needed; an error (disk full) reaches the caller as the stream's `error` event.
 */
export class SyncFdWriter extends Writable {
  readonly #fd: number;

  constructor(fd: number) {
    super({decodeStrings: false, highWaterMark: 1 << 30});
    this.#fd = fd;
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    try {
      let data: Buffer;
      if (typeof chunk === 'string') {
        // The string goes straight to the fd (encoded in C++): a Buffer per write was ~150 B
        // of garbage per line under a flood. A partial write (a signal, a full disk) then
        // finishes as bytes, where offsets are exact.
        const written = writeSync(this.#fd, chunk);
        const size = Buffer.byteLength(chunk);
        if (written >= size) return callback();
        data = Buffer.from(chunk).subarray(written);
      } else {
        data = chunk;
      }
      let offset = 0;
      while (offset < data.length) offset += writeSync(this.#fd, data, offset);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}
