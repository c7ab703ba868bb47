import {createWriteStream, type WriteStream} from 'node:fs';

/**
 * A non-blocking writer for file descriptor 1.
 *
 * Why not `process.stdout`: on Linux, Node makes writes to a pipe or a terminal on stdout
 * *synchronous*. If whatever reads our output is slow (`flowctl up | less` paused, a slow
 * SSH link), a synchronous write blocks the event loop, and with it every child's pipe and
 * every log file: one slow viewer would stall the whole pipeline. An fs.WriteStream on the
 * same fd writes from libuv's thread pool instead, so the event loop keeps running and
 * `write()` returning false tells us to stop feeding it (we then drop from the console view
 * only, and say so).
 */
export function openStdoutStream(fd = 1): WriteStream {
  // The path is ignored when `fd` is given; `autoClose: false` keeps fd 1 open for later writers.
  return createWriteStream('/dev/stdout', {fd, autoClose: false, highWaterMark: 256 * 1024});
}
