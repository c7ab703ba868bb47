import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {fileLineOf, openComponentLog, type ComponentLog} from '../../src/logs/files.js';
import {TRUNCATED_MARK} from '../../src/logs/split.js';
import {unwritableDir} from './store/helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-files-'));
});
afterEach(() => {
  rmSync(dir, {recursive: true, force: true});
});

const roomy = {maxBytes: 1 << 30, maxFiles: 5};

function open(id = 'ttp-processor', rotation = roomy, options = {}): ComponentLog {
  const result = openComponentLog(dir, id, rotation, options);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function read(name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}

function lineCount(text: string): number {
  return text.split('\n').length - 1;
}

/** Writes `total` numbered lines in batches, honouring backpressure like the supervisor does. */
async function writeNumbered(log: ComponentLog, total: number, batch: number): Promise<number> {
  let pauses = 0;
  for (let start = 0; start < total; start += batch) {
    const lines = Array.from({length: Math.min(batch, total - start)}, (_, i) => `line ${start + i}`);
    if (!log.writeLines(lines)) {
      pauses += 1;
      await new Promise<void>((resolve) => {
        const off = log.onDrain(() => {
          off();
          resolve();
        });
      });
    }
  }
  return pauses;
}

describe('openComponentLog', () => {
  it('writes each line as printed, newline-terminated, without a prefix, and close flushes', async () => {
    const log = open();
    expect(log.write('first')).toBe(true);
    log.writeLines(['second', '  indented', '']);
    log.write('third\n');
    await log.close();
    expect(read('ttp-processor.log')).toBe('first\nsecond\n  indented\n\nthird\n');
  });

  it('writes multi-byte text byte for byte, each line encoded into the batch buffer with its newline', async () => {
    const log = open('utf8');
    const lines = Array.from({length: 2000}, (_, i) => `ledger ${i} ✓ 日本語 😀 é${i % 3 === 0 ? '\nstack line' : ''}`);
    log.writeLines(lines.slice(0, 1000));
    log.writeLines(lines.slice(1000));
    await log.close();
    expect(read('utf8.log')).toBe(`${lines.join('\n')}\n`);
  });

  it('strips ANSI by default and keeps it with keepAnsi', async () => {
    const plain = open('plain');
    const coloured = open('coloured', roomy, {keepAnsi: true});
    plain.write('\u001b[31mred\u001b[0m text');
    coloured.write('\u001b[31mred\u001b[0m text');
    plain.writeLines(['\u001b[32mgreen\u001b[0m', 'as is']);
    coloured.writeLines(['\u001b[32mgreen\u001b[0m']);
    await Promise.all([plain.close(), coloured.close()]);
    expect(read('plain.log')).toBe('red text\ngreen\nas is\n');
    expect(read('coloured.log')).toBe('\u001b[31mred\u001b[0m text\n\u001b[32mgreen\u001b[0m\n');
  });

  it('creates the folder when missing', async () => {
    const nested = join(dir, 'a', 'b');
    const result = openComponentLog(nested, 'x', roomy);
    expect(result.ok).toBe(true);
    if (result.ok) await result.value.close();
    expect(existsSync(join(nested, 'x.log'))).toBe(true);
  });

  it('keeps the previous runs by rotating on open, up to maxFiles', async () => {
    for (let run = 1; run <= 4; run++) {
      const log = open('c', {maxBytes: 1 << 20, maxFiles: 2});
      log.write(`run ${run}`);
      await log.close();
    }
    expect(read('c.log')).toBe('run 4\n');
    expect(read('c.log.1')).toBe('run 3\n');
    expect(read('c.log.2')).toBe('run 2\n');
    expect(existsSync(join(dir, 'c.log.3'))).toBe(false);
  });

  it('does not rotate an empty previous file, and keeps none with maxFiles 0', async () => {
    await open('c').close();
    await open('c').close();
    // (Beside the files: which of them started a run, `.c.log.runs`: file-runs.ts.)
    const logs = (): string[] => readdirSync(dir).filter((name) => !name.startsWith('.')).sort();
    expect(logs()).toEqual(['c.log']);
    const log = open('d', {maxBytes: 1 << 20, maxFiles: 0});
    log.write('old');
    await log.close();
    await open('d', {maxBytes: 1 << 20, maxFiles: 0}).close();
    expect(logs()).toEqual(['c.log', 'd.log']);
    expect(read('d.log')).toBe('');
  });

  it('rotates by size while running without splitting lines or losing any', async () => {
    const log = open('big', {maxBytes: 10_000, maxFiles: 1000});
    await writeNumbered(log, 20_000, 50);
    await log.close();
    const files = readdirSync(dir).filter((name) => name.startsWith('big.log'));
    expect(files.length).toBeGreaterThan(10);
    const ordered = files.sort((a, b) => suffix(b) - suffix(a)).map(read);
    const all = ordered.join('').split('\n').slice(0, -1);
    expect(all).toEqual(Array.from({length: 20_000}, (_, i) => `line ${i}`));
    for (const text of ordered) {
      expect(text.endsWith('\n')).toBe(true);
      // A file ends at most one line past maxBytes.
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(10_000 + 12);
    }
  });

  it('rotation-overshoot: a file ends at most one line past maxBytes, even when each write is a 64 KiB batch', async () => {
    const log = open('small', {maxBytes: 10 * 1024, maxFiles: 3});
    // Lines of 100 bytes, handed over 655 at a time (~64 KiB), as the supervisor does under a flood.
    const text = (n: number): string => `${String(n).padStart(8, '0')} ${'x'.repeat(90)}`;
    for (let batch = 0; batch < 3; batch++) log.writeLines(Array.from({length: 655}, (_, i) => text(batch * 655 + i)));
    await log.close();
    const files = ['small.log.3', 'small.log.2', 'small.log.1', 'small.log'].map(read);
    for (const file of files.slice(0, 3)) {
      expect(Buffer.byteLength(file)).toBeGreaterThanOrEqual(10 * 1024);
      expect(Buffer.byteLength(file)).toBeLessThanOrEqual(10 * 1024 + 100);
      expect(file.endsWith('\n')).toBe(true);
    }
    // The newest files hold the newest lines, in order, none split.
    const last = files.join('').split('\n').slice(0, -1);
    expect(last.at(-1)).toBe(text(3 * 655 - 1));
    expect(last.every((line, i) => i === 0 || Number(line.slice(0, 8)) === Number(last[i - 1]!.slice(0, 8)) + 1)).toBe(true);
  });

  it('rotation-overshoot: multi-byte text is measured in bytes, not characters', async () => {
    const log = open('utf', {maxBytes: 1000, maxFiles: 100});
    log.writeLines(Array.from({length: 200}, () => 'é'.repeat(49)));
    await log.close();
    const files = readdirSync(dir).filter((name) => name.startsWith('utf.log')).map(read);
    expect(files.join('').split('\n')).toHaveLength(201);
    for (const file of files) expect(Buffer.byteLength(file)).toBeLessThanOrEqual(1000 + 99);
  });

  it('truncated-unmarked-in-file: a line cut at max_line_bytes is marked in its file line', () => {
    expect(fileLineOf({raw: 'abc', truncated: true})).toBe(`abc${TRUNCATED_MARK}`);
    expect(fileLineOf({raw: 'abc', truncated: false})).toBe('abc');
  });

  it('keeps exactly the lines printed: 100 000 lines, wc -l equal', async () => {
    const log = open();
    await writeNumbered(log, 100_000, 1000);
    await log.close();
    expect(lineCount(read('ttp-processor.log'))).toBe(100_000);
  });

  it('reports backpressure past the high-water mark and drains, losing nothing', async () => {
    const log = open('slow', roomy, {highWaterMark: 64});
    expect(log.write('x'.repeat(100))).toBe(false);
    const pauses = await writeNumbered(log, 5000, 10);
    expect(pauses).toBeGreaterThan(0);
    await log.close();
    const text = read('slow.log');
    expect(lineCount(text)).toBe(5001);
    expect(text.split('\n')[5000]).toBe('line 4999');
  });

  it('refuses a folder it cannot write, as a value', () => {
    const result = openComponentLog(join(unwritableDir(dir), 'logs'), 'x', roomy);
    expect(result).toMatchObject({ok: false, error: expect.stringMatching(/^cannot create log folder .*logs: /)});
  });

  it('refuses a file path that is a directory', () => {
    mkdirSync(join(dir, 'x.log'));
    const result = openComponentLog(dir, 'x', roomy);
    expect(result).toMatchObject({ok: false, error: expect.stringContaining('it is a directory')});
  });

  it('refuses a log folder that is a file', () => {
    writeFileSync(join(dir, 'file'), '');
    const result = openComponentLog(join(dir, 'file'), 'x', roomy);
    expect(result).toMatchObject({ok: false, error: expect.stringMatching(/^cannot create log folder/)});
  });

  it('refuses an id that would escape the folder', () => {
    for (const id of ['../evil', 'a/b', '..', '']) {
      expect(openComponentLog(dir, id, roomy)).toMatchObject({ok: false, error: expect.stringContaining('as a log file name')});
    }
  });

  it('counts lines it could not write after a disk error and never leaves the producer paused', async () => {
    const log = open('gone', {maxBytes: 10, maxFiles: 1}, {highWaterMark: 1});
    const errors: string[] = [];
    log.onError((message) => errors.push(message));
    let drained = 0;
    log.onDrain(() => (drained += 1));
    log.write('first line');
    // The next write needs a rotation; a folder that vanished makes it fail.
    chmodSync(dir, 0o700);
    rmSync(dir, {recursive: true, force: true});
    log.write('second');
    log.write('third');
    await until(() => errors.length > 0);
    expect(errors[0]).toMatch(/^cannot write .*gone\.log: .*later lines of this component are not saved/);
    expect(log.lostLines).toBe(2);
    expect(drained).toBeGreaterThan(0);
    expect(log.write('after the error')).toBe(true);
    expect(log.lostLines).toBe(3);
    // A batch of lines, one of them a joined event of two lines.
    expect(log.writeLines(['one', 'two\nthree'])).toBe(true);
    expect(log.lostLines).toBe(6);
    await log.close();
    expect(errors).toHaveLength(1);
  });
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function suffix(name: string): number {
  const match = /\.log\.(\d+)$/.exec(name);
  return match ? Number(match[1]) : 0;
}
