/**
 * `node-ceiling`: a bare line-safe Node aggregator, and nothing else. No flowctl code.
 *
 * Why it exists: issue 5 claims ~1.7 M lines/s is the ceiling for any Node supervisor on
 * workload A. This is that ceiling, measured in every bench run instead of asserted: it spawns
 * each component, keeps each child's partial last line, and writes every complete line as
 * `name | line\n` to its stdout — one synchronous write per chunk read, so stdout (a file in
 * the bench) applies backpressure by blocking. No parsing, no ring, no colours, no files, no
 * history. What flowctl does on top of this costs its share of the gap between this row and
 * flowctl's; aggregate-io.mjs adds the writes flowctl cannot avoid.
 *
 * usage: node bench/ceiling/aggregate.mjs SPEC.json    SPEC: [{"id": "a0", "argv": [...]}, ...]
 * Exits when every child has exited: 0, or the first failing child's code.
 */
import {spawn} from 'node:child_process';
import {readFileSync, writeSync} from 'node:fs';
import {pathToFileURL} from 'node:url';

const NL = 10;

/** Every byte of `buf` to `fd`; a file never writes short, a non-blocking pipe may (EAGAIN: retried). */
export function writeAll(/** @type {number} */ fd, /** @type {Uint8Array} */ buf) {
  for (let at = 0; at < buf.length; ) {
    try {
      at += writeSync(fd, buf, at);
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EAGAIN') throw error;
    }
  }
}

/** `prefix` inserted before each of the `count` lines of `lines` (all newline-terminated), in one buffer. */
function prefixed(/** @type {Buffer} */ prefix, /** @type {Buffer} */ lines, /** @type {number} */ count) {
  const out = Buffer.allocUnsafe(lines.length + count * prefix.length);
  let at = 0;
  for (let from = 0, nl = lines.indexOf(NL); nl !== -1; from = nl + 1, nl = lines.indexOf(NL, from)) {
    at += prefix.copy(out, at);
    at += lines.copy(out, at, from, nl + 1);
  }
  return out;
}

/**
 * @typedef {(index: number, lines: Buffer, count: number, stdout: import('node:stream').Readable) => void} OnLines
 *   called after each chunk's prefixed write with its complete lines (valid during the call);
 *   `stdout`: the child's, to pause.
 * @param {{id: string, argv: string[]}[]} components
 * @param {OnLines} [onLines]
 * @returns {Promise<number[]>} exit codes
 */
export function aggregate(components, onLines) {
  return Promise.all(components.map((component, index) => new Promise((resolve) => {
    const prefix = Buffer.from(`${component.id} | `);
    const child = spawn(component.argv[0] ?? '', component.argv.slice(1), {stdio: ['ignore', 'pipe', 'inherit']});
    let carry = Buffer.alloc(0);
    const take = (/** @type {Buffer} */ buf) => {
      const end = buf.lastIndexOf(NL) + 1;
      carry = Buffer.from(buf.subarray(end)); // a copy: keeping a view would keep all of `buf`
      if (end === 0) return;
      const lines = buf.subarray(0, end);
      let count = 0;
      for (let nl = lines.indexOf(NL); nl !== -1; nl = lines.indexOf(NL, nl + 1)) count++;
      writeAll(1, prefixed(prefix, lines, count));
      onLines?.(index, lines, count, child.stdout);
    };
    child.stdout.on('data', (/** @type {Buffer} */ chunk) => take(carry.length === 0 ? chunk : Buffer.concat([carry, chunk])));
    child.on('error', (error) => {
      process.stderr.write(`aggregate: ${component.id}: ${error.message}\n`);
      resolve(127);
    });
    child.on('close', (code) => {
      // A last line without its newline is still a line, and still gets one.
      if (carry.length > 0) take(Buffer.concat([carry, Buffer.from('\n')]));
      resolve(code ?? 1);
    });
  })));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const codes = await aggregate(JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')));
  process.exitCode = codes.find((code) => code !== 0) ?? 0;
}
