import {execFileSync} from 'node:child_process';
import {closeSync, mkdtempSync, openSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {WriteStream} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startConsoleView} from '../../../src/cli/console/console-view.js';
import {isNeverSlow, openStdoutStream, SyncFdWriter} from '../../../src/cli/console/stdout-stream.js';
import type {LogEntry} from '../../../src/logs/entry.js';
import {Hub} from '../../../src/logs/hub.js';
import {Ring} from '../../../src/logs/ring.js';

let dir: string;
const fds: number[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-stdout-'));
});
afterEach(() => {
  for (const fd of fds.splice(0)) closeSync(fd);
  rmSync(dir, {recursive: true, force: true});
});
const open = (path: string, flags: string): number => {
  const fd = openSync(path, flags);
  fds.push(fd);
  return fd;
};

describe('openStdoutStream', () => {
  it('writes synchronously into a regular file and /dev/null (readers that are never slower than us)', () => {
    const file = open(join(dir, 'out.log'), 'w');
    expect(isNeverSlow(file)).toBe(true);
    const stream = openStdoutStream(file);
    expect(stream).toBeInstanceOf(SyncFdWriter);
    expect(stream.write('one\n')).toBe(true);
    // Synchronous: on disk before write() returned.
    expect(readFileSync(join(dir, 'out.log'), 'utf8')).toBe('one\n');
    expect(openStdoutStream(open('/dev/null', 'w'))).toBeInstanceOf(SyncFdWriter);
  });

  it('keeps the non-blocking writer for a pipe, whose reader can stall', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // O_RDWR: opening a FIFO this way does not wait for a reader (Linux).
    const fd = open(fifo, 'r+');
    expect(isNeverSlow(fd)).toBe(false);
    expect(openStdoutStream(fd)).toBeInstanceOf(WriteStream);
  });

  it('writes text with multi-byte characters byte for byte (strings go to the fd unconverted)', () => {
    const path = join(dir, 'utf8.log');
    const stream = new SyncFdWriter(open(path, 'w'));
    const text = 'ledger ✓ 42 · 日本語 😀 done\n'.repeat(500);
    stream.write(text);
    stream.write(Buffer.from('bytes too\n'));
    expect(readFileSync(path, 'utf8')).toBe(`${text}bytes too\n`);
  });

  it('is not never-slow when the descriptor is closed', () => {
    expect(isNeverSlow(987_654)).toBe(false);
  });

  it('reports a failing write as an error event, not an exception', async () => {
    const fd = open(join(dir, 'read-only.log'), 'w');
    const readOnly = open(join(dir, 'read-only.log'), 'r');
    expect(fd).toBeGreaterThan(0);
    const stream = new SyncFdWriter(readOnly);
    const failed = new Promise<Error>((resolve) => stream.once('error', resolve));
    stream.write('x\n');
    expect((await failed).message).toMatch(/EBADF/);
  });
});

describe('console view into a file (regression: console drops into a file)', () => {
  it('shows every line of a flood far larger than its queue, without dropping any', async () => {
    const path = join(dir, 'aggregate.log');
    const out = openStdoutStream(open(path, 'w'));
    const hub = new Hub({ring: new Ring(), runId: 'r'});
    const view = startConsoleView({
      hub,
      out,
      color: false,
      timestamps: false,
      prefix: true,
      raw: false,
      components: [{id: 'flood', minLevel: undefined}],
      logDir: dir,
      maxQueue: 100,
    });
    // 2 KB lines, 100 per batch: every batch is near the old writer's 256 KB high-water mark,
    // so a writer that asks the view to wait for `drain` makes the next batches overflow its queue.
    const total = 10_000;
    const pad = 'x'.repeat(2000);
    for (let start = 0; start < total; start += 100) {
      const batch: Omit<LogEntry, 'seq' | 'runId'>[] = [];
      for (let i = start; i < start + 100; i++) {
        batch.push({componentId: 'flood', componentType: 'source', stream: 'stdout', timestamp: 0, receivedAt: 0, level: 'info',
          message: `line ${i}`, fields: {n: String(i), pad}, raw: `line ${i}`, restart: 0, truncated: false});
      }
      hub.publish(batch);
      // Let the hub deliver between bursts, as the event loop does between pipe reads.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await view.close();
    expect(view.dropped).toBe(0);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(total);
    expect(lines[total - 1]).toBe(`flood | INFO  line ${total - 1} n=${total - 1} pad=${pad}`);
  });
});
