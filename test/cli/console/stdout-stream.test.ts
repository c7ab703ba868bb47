import {execFileSync} from 'node:child_process';
import {closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {startConsoleView} from '../../../src/cli/console/console-view.js';
import {PipeWriter} from '../../../src/cli/console/pipe-writer.js';
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
const open = (path: string, flags: string | number): number => {
  const fd = openSync(path, flags);
  fds.push(fd);
  return fd;
};

/** Reads a non-blocking descriptor until `length` bytes arrived and `done()` holds. */
async function readUntil(fd: number, length: number, done: () => boolean): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.alloc(64 * 1024);
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    let read = 0;
    try {
      read = readSync(fd, buffer);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
    if (read > 0) {
      chunks.push(Buffer.from(buffer.subarray(0, read)));
      total += read;
    } else if (total >= length && done()) {
      break;
    } else {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

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

  it('gives a pipe a worker-thread writer that waits out a full pipe and then delivers everything (regression console-pipe-write-failed)', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // O_RDWR: opening a FIFO this way does not wait for a reader (Linux); non-blocking as Node makes stdout.
    const fd = open(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    expect(isNeverSlow(fd)).toBe(false);
    const stream = openStdoutStream(fd);
    expect(stream).toBeInstanceOf(PipeWriter);
    const failed = vi.fn();
    stream.on('error', failed);
    // Nobody reads yet: 400 KiB is six pipefuls; the writer waits instead of failing.
    const text = Array.from({length: 4000}, (_, i) => `line ${i} ${'x'.repeat(94)}\n`).join('');
    for (let i = 0; i < text.length; i += 8192) stream.write(text.slice(i, i + 8192));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(failed).not.toHaveBeenCalled();
    expect(stream.writableLength).toBeGreaterThan(0);
    // The reader wakes up and reads it all.
    const received = await readUntil(fd, text.length, () => stream.writableLength === 0);
    expect(received).toBe(text);
    expect(failed).not.toHaveBeenCalled();
    stream.destroy();
  });

  it('reports a reader that closed the pipe (| head) as an EPIPE error event', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    closeSync(reader);
    const stream = new PipeWriter(writer);
    const failed = new Promise<NodeJS.ErrnoException>((resolve) => stream.once('error', resolve));
    stream.write('nobody reads this\n');
    expect((await failed).code).toBe('EPIPE');
  });

  it('can be destroyed while it waits on a pipe that is never read again, so flowctl can exit', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const stream = new PipeWriter(open(fifo, constants.O_RDWR | constants.O_NONBLOCK));
    stream.on('error', () => undefined);
    stream.write('x'.repeat(1024 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = new Promise((resolve) => stream.once('close', resolve));
    const started = Date.now();
    stream.destroy();
    await closed;
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('fails the write in flight and every later one when its writer thread stops without an error', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const fd = open(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    const stream = new PipeWriter(fd, {workerUrl: new URL('./fixtures/dying-writer-worker.js', import.meta.url)});
    const failed = new Promise<Error>((resolve) => stream.once('error', resolve));
    const callback = new Promise<Error | null | undefined>((resolve) => stream.write('lost\n', resolve));
    expect((await failed).message).toBe('the console writer thread stopped');
    expect((await callback)?.message).toBe('the console writer thread stopped');
    // Destroyed by the error: nothing is accepted any more, and nothing reached the pipe.
    expect(stream.destroyed).toBe(true);
    expect(await readUntil(fd, 0, () => true)).toBe('');
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
    expect(lines[total - 1]).toBe(`flood   | INFO  line ${total - 1} n=${total - 1} pad=${pad}`);
  });
});
