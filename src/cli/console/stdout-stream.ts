import {createWriteStream, fstatSync, writeSync} from 'node:fs';
import {Writable} from 'node:stream';
import {isatty} from 'node:tty';

/**
 * The writer for file descriptor 1 (the aggregate's output), chosen by what fd 1 is.
 *
 * A pipe or a terminal gets a non-blocking writer. Why not `process.stdout`: on Linux, Node
 * makes writes to a pipe or a terminal on stdout *synchronous*. If whatever reads our output
 * is slow (`flowctl up | less` paused, a slow SSH link), a synchronous write blocks the event
 * loop, and with it every child's pipe and every log file: one slow viewer would stall the
 * whole pipeline. An fs.WriteStream on the same fd writes from libuv's thread pool instead,
 * so the event loop keeps running and `write()` returning false tells us to stop feeding it
 * (we then drop from the console view only, and say so).
 *
 * A regular file or `/dev/null` (`flowctl up > out.log`, a benchmark, a CI log) gets
 * synchronous writes instead: such a reader is never slower than us (a write lands in the
 * page cache), so there is nothing to protect against, and writing in place means the view
 * never queues and never drops at any rate the pipeline can produce, where the thread-pool
 * writer fell behind and dropped lines on a busy machine (regression: console drops into a file).
 */
export function openStdoutStream(fd = 1): Writable {
  if (isNeverSlow(fd)) return new SyncFdWriter(fd);
  // The path is ignored when `fd` is given; `autoClose: false` keeps fd 1 open for later writers.
  return createWriteStream('/dev/stdout', {fd, autoClose: false, highWaterMark: 256 * 1024});
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
