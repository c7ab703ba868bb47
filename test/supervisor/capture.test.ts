import {describe, expect, it} from 'vitest';
import {PassThrough} from 'node:stream';
import type {SplitLine} from '../../src/logs/api.js';
import {captureOutput, type LineConsumer} from '../../src/supervisor/capture.js';
import {LogFileGate} from '../../src/supervisor/log-file-gate.js';
import {execaSpawn} from '../../src/supervisor/spawn.js';
import {realTimers} from '../../src/supervisor/timers.js';
import {FakeClock, settle} from './support/fake-world.js';

function collector() {
  const lines: {stream: string; text: string; truncated: boolean}[] = [];
  let flushes = 0;
  const consumer: LineConsumer = {
    push: (stream, batch: SplitLine[]) => lines.push(...batch.map((l) => ({stream, ...l}))),
    flush: () => void flushes++,
  };
  return {lines, consumer, flushes: () => flushes};
}

describe('captureOutput', () => {
  it('pauses a real child while the file is slow; the child blocks and nothing is lost', async () => {
    const total = 200_000;
    const child = execaSpawn({
      file: process.execPath,
      args: ['-e', `let i = 0; const w = () => { while (i < ${total}) { if (!process.stdout.write("line " + (++i) + "\\n")) return process.stdout.once("drain", w); } }; w();`],
      cwd: process.cwd(),
      env: {},
    });
    const {lines, consumer} = collector();
    // A "disk" that accepts 64 KiB and then needs a while to drain.
    let drain: (() => void) | undefined;
    let queued = 0;
    let pauses = 0;
    const file = {
      write: (text: string) => {
        queued += text.length;
        return queued < 64 * 1024;
      },
      onDrain: (fn: () => void) => ((drain = fn), () => true),
      close: async () => undefined,
    };
    const gate = new LogFileGate(file);
    gate.attach({pause: () => void pauses++, resume: () => undefined});
    const slowDisk = setInterval(() => {
      if (queued >= 64 * 1024) {
        queued = 0;
        drain?.();
      }
    }, 5);
    const capture = captureOutput({
      stdout: child.stdout,
      stderr: child.stderr,
      maxLineBytes: 1024,
      consumer: {push: (s, l, at) => (consumer.push(s, l, at), gate.write(l.map((x) => `${x.text}\n`).join(''))), flush: consumer.flush},
      gate,
      timers: realTimers,
    });
    await child.exited;
    capture.childExited();
    await capture.done;
    clearInterval(slowDisk);
    expect(pauses).toBeGreaterThan(0);
    expect(lines).toHaveLength(total);
    expect(lines.at(-1)?.text).toBe(`line ${total}`);
    expect(lines.every((l, i) => l.text === `line ${i + 1}`)).toBe(true);
  });

  it('regression tear-on-backpressure: a pause longer than the idle time never splits a line', async () => {
    const total = 50_000;
    const child = execaSpawn({
      file: process.execPath,
      // One big write: pipe reads then end in the middle of lines, leaving partial lines pending.
      args: ['-e', `process.stdout.write(Array.from({length: ${total}}, (_, i) => "line " + (i + 1)).join("\\n") + "\\n")`],
      cwd: process.cwd(),
      env: {},
    });
    const {lines, consumer} = collector();
    // A "disk" that stalls for much longer than the partial-line idle time after every 16 KiB.
    let drain: (() => void) | undefined;
    let queued = 0;
    const file = {
      write: (text: string) => {
        queued += text.length;
        if (queued < 16 * 1024) return true;
        setTimeout(() => {
          queued = 0;
          drain?.();
        }, 120);
        return false;
      },
      onDrain: (fn: () => void) => ((drain = fn), () => true),
      close: async () => undefined,
    };
    const gate = new LogFileGate(file);
    const capture = captureOutput({
      stdout: child.stdout,
      stderr: child.stderr,
      maxLineBytes: 1024,
      idleFlushMs: 20,
      consumer: {push: (s, l, at) => (consumer.push(s, l, at), gate.write(l.map((x) => `${x.text}\n`).join(''))), flush: consumer.flush},
      gate,
      timers: realTimers,
    });
    await child.exited;
    capture.childExited();
    await capture.done;
    expect(lines).toHaveLength(total);
    expect(lines.every((l, i) => l.text === `line ${i + 1}`)).toBe(true);
  }, 60_000);

  it('regression tear-on-busy-loop: an event loop busier than the idle time never splits a line', async () => {
    const total = 50_000;
    const child = execaSpawn({
      file: process.execPath,
      // Pieces cut mid-line, a few ms apart, so partial lines are pending while the loop is hogged.
      args: ['-e', `const all = Buffer.from(Array.from({length: ${total}}, (_, i) => "line " + (i + 1)).join("\\n") + "\\n"); let at = 0; const next = () => { if (at >= all.length) return; process.stdout.write(all.subarray(at, at + 4099)); at += 4099; setTimeout(next, 2); }; next();`],
      cwd: process.cwd(),
      env: {},
    });
    const {lines, consumer} = collector();
    // After each batch, a subscriber's work (run from setImmediate, as the hub delivers) hogs the
    // loop past the idle time; the next loop iteration then runs due timers before reading the pipe.
    const hog = (): void => {
      const until = Date.now() + 40;
      while (Date.now() < until);
    };
    const capture = captureOutput({
      stdout: child.stdout,
      stderr: child.stderr,
      maxLineBytes: 1024,
      idleFlushMs: 20,
      consumer: {push: (stream, batch, at) => (consumer.push(stream, batch, at), setImmediate(hog)), flush: consumer.flush},
      gate: new LogFileGate(undefined),
      timers: realTimers,
    });
    await child.exited;
    capture.childExited();
    await capture.done;
    expect(lines).toHaveLength(total);
    expect(lines.every((l, i) => l.text === `line ${i + 1}`)).toBe(true);
  }, 60_000);

  it('delivers a partial line after the idle time and ends only after both pipes ended', async () => {
    const clock = new FakeClock();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const {lines, consumer, flushes} = collector();
    const capture = captureOutput({stdout, stderr, maxLineBytes: 1024, consumer, gate: new LogFileGate(undefined), timers: clock});
    stdout.write('prompt> ');
    await settle();
    expect(lines).toEqual([]);
    clock.advance(199);
    expect(lines).toEqual([]);
    clock.advance(1);
    // The flush is confirmed after the next I/O poll (see the busy-loop regression test).
    await settle();
    expect(lines).toEqual([{stream: 'stdout', text: 'prompt> ', truncated: false}]);
    stderr.write('last words without newline');
    stdout.end();
    let finished = false;
    void capture.done.then(() => (finished = true));
    await settle();
    expect(finished).toBe(false);
    stderr.end();
    expect(await capture.done).toEqual({abandoned: false});
    expect(lines.at(-1)).toEqual({stream: 'stderr', text: 'last words without newline', truncated: false});
    expect(flushes()).toBe(1);
  });

  it('regression idle-flush-blank-line: a prompt flushed on idle, then its newline, is one line (a real process)', async () => {
    const child = execaSpawn({file: 'sh', args: ['-c', 'printf "Password: "; sleep 0.5; echo; echo done'], cwd: process.cwd(), env: {}});
    const {lines, consumer} = collector();
    const capture = captureOutput({stdout: child.stdout, stderr: child.stderr, maxLineBytes: 1024, consumer, gate: new LogFileGate(undefined), timers: realTimers, idleFlushMs: 50});
    await child.exited;
    capture.childExited();
    await capture.done;
    expect(lines.map((l) => l.text)).toEqual(['Password: ', 'done']);
  });

  it('gives up on pipes an escaped process holds open after the child exited', async () => {
    const clock = new FakeClock();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const {lines, consumer} = collector();
    const capture = captureOutput({stdout, stderr, maxLineBytes: 1024, consumer, gate: new LogFileGate(undefined), timers: clock, stallAfterExitMs: 3000});
    stdout.write('before exit\n');
    capture.childExited();
    await settle();
    clock.advance(2000);
    stdout.write('late line\n');
    await settle();
    clock.advance(2999);
    await settle();
    let finished = false;
    void capture.done.then(() => (finished = true));
    await settle();
    expect(finished).toBe(false);
    clock.advance(1);
    expect(await capture.done).toEqual({abandoned: true});
    expect(lines.map((l) => l.text)).toEqual(['before exit', 'late line']);
  });
  // Regression "a flood starves the event loop": libuv reads a ready pipe up to 32 times per
  // poll, and each read ran the whole log path, so timers, keys and followers waited for
  // hundreds of milliseconds. Now each pipe yields after a full chunk: at most two chunks
  // (the one handled and the one the paused stream buffers) between two loop turns.
  it('a flooding child does not starve the event loop: at most two chunks per pipe per loop turn', async () => {
    const child = execaSpawn({
      file: process.execPath,
      args: ['-e', `const line = "x".repeat(199) + "\\n"; const block = line.repeat(2000); let left = 100; const w = () => { while (left-- > 0) { if (!process.stdout.write(block)) return process.stdout.once("drain", w); } }; w();`],
      cwd: process.cwd(),
      env: {},
    });
    let turn = 0;
    let ticking = true;
    const tick = (): void => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const chunksPerTurn = new Map<number, number>();
    let lines = 0;
    const capture = captureOutput({
      stdout: child.stdout,
      stderr: child.stderr,
      maxLineBytes: 1024,
      consumer: {
        push: (_stream, batch) => {
          lines += batch.length;
          chunksPerTurn.set(turn, (chunksPerTurn.get(turn) ?? 0) + 1);
        },
        flush: () => undefined,
      },
      gate: {attach: () => () => undefined},
      timers: realTimers,
    });
    await child.exited;
    capture.childExited();
    await capture.done;
    ticking = false;
    expect(lines).toBe(200_000);
    expect(Math.max(...chunksPerTurn.values())).toBeLessThanOrEqual(2);
  });
});
