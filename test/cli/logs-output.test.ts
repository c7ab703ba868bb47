/**
 * `flowctl logs`' printer writes what arrives within one turn of the event loop in one
 * write: a follower that fell behind gets many small batches per socket read, and stdout on
 * a pipe costs a synchronous write(2) per call. Nothing is held past that turn, `end()` and
 * `flush()` write at once, and the output is byte for byte what per-batch writes gave.
 */
import {Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {openPrinter} from '../../src/cli/logs-output.js';
import {parseLogsFlags} from '../../src/cli/logs-options.js';
import {entry} from '../logs/entries.js';

/** A stdout that records each write call. */
function recordingStdout(): Writable & {writes: string[]} {
  const writes: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString());
      callback();
    },
  });
  return Object.assign(out, {writes});
}

function printerFor(flags: Record<string, unknown>, stdout: Writable) {
  const request = parseLogsFlags({color: false, logPrefix: true, ...flags});
  if (!request.ok) throw new Error(request.error);
  const printer = openPrinter(request.value, {components: ['source', 'sink'], stdout, env: {}});
  if (!printer.ok) throw new Error(printer.error);
  return printer.value;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('logs printer', () => {
  it('writes the batches of one turn in one write, and nothing is held past it', async () => {
    const stdout = recordingStdout();
    const printer = printerFor({}, stdout);
    for (let seq = 1; seq <= 5; seq++) await printer.write([entry({seq, componentId: 'source', message: `line ${seq}`})]);
    expect(stdout.writes).toEqual([]);
    await nextTurn();
    expect(stdout.writes).toHaveLength(1);
    expect(stdout.writes[0]).toBe([1, 2, 3, 4, 5].map((n) => `source | line ${n}\n`).join(''));
    await printer.end();
  });

  it('flush() writes at once (before a notice on stderr), end() writes the rest', async () => {
    const stdout = recordingStdout();
    const printer = printerFor({}, stdout);
    await printer.write([entry({seq: 1, message: 'before the notice'})]);
    printer.flush();
    expect(stdout.writes.join('')).toContain('before the notice');
    await printer.write([entry({seq: 2, message: 'last'})]);
    await printer.end();
    expect(stdout.writes.join('')).toMatch(/before the notice\n.*last\n$/s);
  });

  it('writes a large backlog as soon as it passes 64 KiB, without waiting for the turn', async () => {
    const stdout = recordingStdout();
    const printer = printerFor({raw: true, logPrefix: false}, stdout);
    const line = 'x'.repeat(1000);
    await printer.write(Array.from({length: 70}, (_, i) => entry({seq: i + 1, raw: line, message: line})));
    expect(stdout.writes).toHaveLength(1);
    expect(stdout.writes[0]).toBe(`${line}\n`.repeat(70));
    await printer.end();
  });

  it('ends an export document with everything before its closing bracket', async () => {
    const stdout = recordingStdout();
    const printer = printerFor({export: 'json'}, stdout);
    await printer.write([entry({seq: 1, message: 'one'})]);
    await printer.write([entry({seq: 2, message: 'two'})]);
    await printer.end();
    const document = JSON.parse(stdout.writes.join('')) as {message: string}[];
    expect(document.map((e) => e.message)).toEqual(['one', 'two']);
  });
});
