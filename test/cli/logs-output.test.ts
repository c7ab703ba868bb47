/**
 * `flowctl logs`' printer writes what arrives within one turn of the event loop in one
 * write: a follower that fell behind gets many small batches per socket read, and stdout on
 * a pipe costs a synchronous write(2) per call. Nothing is held past that turn, `end()` and
 * `flush()` write at once, and the output is byte for byte what per-batch writes gave.
 */
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {logsCommand} from '../../src/cli/logs.js';
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
    expect(stdout.writes[0]).toBe([1, 2, 3, 4, 5].map((n) => `source  | line ${n}\n`).join(''));
    await printer.end();
  });

  it('text-export-console-colours: --color --export text colours each component as the console does (regression: zapjson 166 there, 214 on the console)', async () => {
    const printedWith = async (flags: Record<string, unknown>): Promise<string> => {
      const stdout = recordingStdout();
      const printer = printerFor({color: true, ...flags}, stdout);
      await printer.write([entry({seq: 1, componentId: 'source', message: 'a'}), entry({seq: 2, componentId: 'sink', message: 'b'})]);
      await printer.end();
      return stdout.writes.join('');
    };
    const console = await printedWith({});
    expect(console).toContain('\x1b[38;5;');
    expect(await printedWith({export: 'text'})).toBe(console);
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

  it('logs-note-prefix-unpadded: flowctl\'s own notes line up with short component ids (text and --export text)', async () => {
    for (const flags of [{}, {export: 'text'}]) {
      const stdout = recordingStdout();
      const request = parseLogsFlags({color: false, logPrefix: true, ...flags});
      if (!request.ok) throw new Error(request.error);
      const printer = openPrinter(request.value, {components: ['envsrc', 'two'], stdout, env: {}});
      if (!printer.ok) throw new Error(printer.error);
      await printer.value.write([
        entry({seq: 1, componentId: '', componentType: '', stream: 'control', message: 'control plane listening'}),
        entry({seq: 2, componentId: 'envsrc', message: 'a'}),
        entry({seq: 3, componentId: 'two', message: 'b'}),
      ]);
      await printer.value.end();
      expect(stdout.writes.join('')).toBe('flowctl | control plane listening\nenvsrc  | a\ntwo     | b\n');
    }
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

describe('colour of the text output', () => {
  /** A pipe (no terminal), like `| cat -A`. */
  const pipe = (): Writable & {writes: string[]} => recordingStdout();
  const warn = entry({seq: 1, componentId: 'source', level: 'warn', message: 'slow', fields: {ms: '5'}, raw: 'WARN slow ms=5'});

  async function printed(flags: Record<string, unknown>, env: NodeJS.ProcessEnv, stdout = pipe()): Promise<string> {
    const request = parseLogsFlags({logPrefix: true, ...flags});
    if (!request.ok) throw new Error(request.error);
    const printer = openPrinter(request.value, {components: ['source'], stdout, env});
    if (!printer.ok) throw new Error(printer.error);
    await printer.value.write([warn]);
    await printer.value.end();
    return stdout.writes.join('');
  }

  it('regression text-export-never-coloured: FORCE_COLOR and --color colour a pipe and a file', async () => {
    expect(await printed({export: 'text'}, {FORCE_COLOR: '1'})).toContain('\x1b[33mWARN\x1b[0m');
    expect(await printed({}, {FORCE_COLOR: '1'})).toContain('\x1b[33mWARN\x1b[0m');
    expect(await printed({export: 'text', color: true}, {})).toContain('\x1b[33mWARN\x1b[0m');
    const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-logs-color-'));
    const file = path.join(dir, 'out.log');
    await printed({export: 'text', color: true, output: file}, {});
    expect(readFileSync(file, 'utf8')).toContain('\x1b[33mWARN\x1b[0m');
    await printed({export: 'text', output: file}, {});
    expect(readFileSync(file, 'utf8')).toBe('source  | WARN  slow ms=5\n');
  });

  it('plain unless asked: a pipe, --no-color over FORCE_COLOR, NO_COLOR, FORCE_COLOR=0, and formats that are not text', async () => {
    expect(await printed({export: 'text'}, {})).toBe('source  | WARN  slow ms=5\n');
    expect(await printed({export: 'text', color: false}, {FORCE_COLOR: '1'})).not.toContain('\x1b');
    expect(await printed({export: 'text'}, {NO_COLOR: '1', FORCE_COLOR: '1'})).not.toContain('\x1b');
    expect(await printed({export: 'text'}, {FORCE_COLOR: '0'})).not.toContain('\x1b');
    expect(await printed({export: 'ndjson', color: true}, {FORCE_COLOR: '1'})).not.toContain('\x1b');
  });

  it('--color and --no-color parse as one flag (the last wins), absent = undefined', () => {
    const opts = (argv: string[]): Record<string, unknown> => {
      const command = logsCommand().exitOverride();
      command.action(() => undefined);
      command.parse(argv, {from: 'user'});
      return command.opts();
    };
    expect(opts([]).color).toBeUndefined();
    expect(opts(['--color']).color).toBe(true);
    expect(opts(['--no-color']).color).toBe(false);
    expect(opts(['--no-color', '--color']).color).toBe(true);
  });
});

describe('csv columns', () => {
  it('--csv-fields names the flattened columns; without it, those of the first batch', async () => {
    const stdout = recordingStdout();
    const printer = printerFor({export: 'csv', csvFields: ['user']}, stdout);
    await printer.write([entry({seq: 1, fields: {user: 'ann', ms: '5'}})]);
    await printer.end();
    const [header, row] = stdout.writes.join('').split('\r\n');
    expect(header).toMatch(/,raw,field\.user$/);
    expect(row).toContain('"{""ms"":""5""}",line 1,ann');
  });

  it('--csv-fields needs --export csv and names', () => {
    expect(parseLogsFlags({csvFields: ['a']})).toEqual({ok: false, error: '--csv-fields: names the CSV columns, so it needs --export csv'});
    expect(parseLogsFlags({csvFields: ['a'], export: 'json'})).toEqual({ok: false, error: '--csv-fields: names the CSV columns, so it needs --export csv (not json)'});
    expect(parseLogsFlags({csvFields: [], export: 'csv'})).toEqual({ok: false, error: '--csv-fields: give the field names, comma-separated (e.g. --csv-fields user,request_id)'});
  });
});

describe('drain-missed-hangs-end', () => {
  it('end() resolves after the pipe drained while nobody waited (regression: `logs -f` on Ctrl+C exited 13, its last await never settled)', async () => {
    // A pipe-like stdout: 16 KiB of buffer, each write taken a moment later.
    const stdout = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk: Buffer, _encoding, callback) {
        setTimeout(callback, 5);
      },
    });
    const printer = printerFor({}, stdout);
    // One turn's batches, more than the buffer: the scheduled flush's write says "full" after
    // write() already returned, so no one waits for that drain.
    await printer.write(Array.from({length: 400}, (_, i) => entry({seq: i + 1, componentId: 'source', message: `line ${i + 1} ${'x'.repeat(60)}`})));
    await nextTurn();
    expect(stdout.writableNeedDrain).toBe(true);
    await new Promise((resolve) => stdout.once('drain', resolve));
    const ended = await Promise.race([printer.end().then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('hung'), 2000))]);
    expect(ended).toBe('ended');
  });
});
