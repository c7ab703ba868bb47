/**
 * Capture of one run's output: stdout and stderr each through its own `LineSplitter`, into
 * the entry builder, whose entries go to the component's log file and the hub.
 *
 * Guarantees:
 * - Nothing is lost on the way to the file: when the file cannot take more (`write()` is
 *   false), both pipes are paused, so the child blocks on its next write exactly as on a slow
 *   terminal, until the file drains. Memory stays bounded by the pipe buffers.
 * - A partial line (a prompt, a progress bar without newline) is delivered after
 *   `idleFlushMs` without more bytes, and at end of stream.
 * - `done` resolves only after both pipes ended and every line went through the builder: the
 *   burst printed right before an exit or a kill is captured before anyone says "exited".
 */
import type {Readable} from 'node:stream';
import type {SplitLine} from '../logs/api.js';
import {LineSplitter} from '../logs/split.js';
import type {Timers} from './timers.js';

/** The builder's side as capture needs it (`createEntryBuilder` in logs/parse). */
export interface LineConsumer {
  push(stream: 'stdout' | 'stderr', lines: SplitLine[], receivedAt: number): void;
  flush(): void;
}

/** Something that can be told to stop reading for a while (the two pipes of a run). */
export interface Pausable {
  pause(): void;
  resume(): void;
}

/** Lets the file writer pause whoever feeds it. */
export interface FlowGate {
  /** Registers the pipes of a run; returns the unregister function. */
  attach(target: Pausable): () => void;
}

export interface CaptureOptions {
  stdout: Readable;
  stderr: Readable;
  maxLineBytes: number;
  consumer: LineConsumer;
  gate: FlowGate;
  timers: Timers;
  /** Every complete line, before the builder (the log-line health check). */
  observeLine?: (line: SplitLine, stream: 'stdout' | 'stderr') => void;
  /** Partial-line idle time; default 200 ms. */
  idleFlushMs?: number;
  /** After the child exited, how long silence on still-open pipes is tolerated. */
  stallAfterExitMs?: number;
}

export interface Capture {
  /** Both pipes ended (or were abandoned) and every line went through the builder. */
  readonly done: Promise<{abandoned: boolean}>;
  /**
   * The direct child exited. Pipes normally end right after; if a descendant that escaped
   * every kill still holds them, give up reading after `stallAfterExitMs` of silence
   * (while not paused), so the component can be declared ended.
   */
  childExited(): void;
}

/** A chunk this large means the child writes faster than we read: yield the loop after it. */
const YIELD_AFTER_BYTES = 16 * 1024;

export function captureOutput(options: CaptureOptions): Capture {
  const idleFlushMs = options.idleFlushMs ?? 200;
  const stallMs = options.stallAfterExitMs ?? 3000;
  const {timers, consumer} = options;
  const streams = {stdout: options.stdout, stderr: options.stderr};
  let paused = false;
  let exited = false;
  let abandoned = false;
  let cancelStall: (() => void) | undefined;
  let resolveDone!: (value: {abandoned: boolean}) => void;
  const done = new Promise<{abandoned: boolean}>((resolve) => (resolveDone = resolve));

  const pausable: Pausable = {
    pause: () => {
      paused = true;
      cancelStall?.();
      for (const stream of Object.values(streams)) stream.pause();
    },
    resume: () => {
      paused = false;
      for (const stream of Object.values(streams)) if (!stream.readableEnded) stream.resume();
      for (const rearm of idleRearms) rearm();
      armStall();
    },
  };
  /** Per stream: restart the partial-line idle timer (after a pause ended). */
  const idleRearms: (() => void)[] = [];
  const detach = options.gate.attach(pausable);

  let open = 2;
  const finishOne = (): void => {
    open--;
    if (open > 0) return;
    cancelStall?.();
    detach();
    consumer.flush();
    resolveDone({abandoned});
  };

  const wire = (name: 'stdout' | 'stderr', stream: Readable): void => {
    let receivedAt = 0;
    let cancelIdle: (() => void) | undefined;
    let ended = false;
    const splitter = new LineSplitter({
      maxLineBytes: options.maxLineBytes,
      onLines: (lines) => {
        if (options.observeLine) for (const line of lines) options.observeLine(line, name);
        consumer.push(name, lines, receivedAt);
      },
    });
    const end = (): void => {
      if (ended) return;
      ended = true;
      cancelIdle?.();
      receivedAt = timers.now();
      splitter.flush();
      finishOne();
    };
    // A partial line is delivered after `idleFlushMs` of silence from the child. Two ways a
    // child looks silent without being so, each of which would tear a line in two:
    // - *we* paused the pipes (file backpressure): the child is blocked, not idle, so the
    //   timer waits for the resume and starts again (regression: tear-on-backpressure);
    // - the event loop was busy for longer than the idle time: libuv then runs due timers
    //   *before* polling the pipe, whose next bytes are already waiting. So the timer only
    //   schedules a check after the next poll (setImmediate runs after I/O callbacks), and
    //   bytes that arrived meanwhile cancel it (regression: tear-on-busy-loop).
    let generation = 0;
    const armIdle = (): void => {
      cancelIdle?.();
      cancelIdle = undefined;
      if (ended || splitter.pendingBytes === 0) return;
      const armedAt = generation;
      cancelIdle = timers.setTimer(() => {
        cancelIdle = undefined;
        setImmediate(() => {
          if (paused || ended || generation !== armedAt) return;
          receivedAt = timers.now();
          splitter.flush();
        });
      }, idleFlushMs);
    };
    idleRearms.push(armIdle);
    // Under a flood, libuv reads a ready pipe up to 32 times (64 KiB each) in one poll before
    // it looks at anything else, and each read runs the whole log path synchronously: one
    // poll phase could take hundreds of milliseconds per pipe, in which no timer, key press,
    // follower or control-plane call is served. So after a full-size chunk the pipe is
    // paused until the next turn of the event loop (the stream stops libuv's read loop once
    // its small buffer is full): everything else gets a turn between chunks, and every
    // component's pipes take turns fairly.
    let yielding = false;
    const yieldTurn = (): void => {
      yielding = true;
      stream.pause();
      setImmediate(() => {
        yielding = false;
        if (!paused && !ended) stream.resume();
      });
    };
    stream.on('data', (chunk: Buffer) => {
      generation++;
      receivedAt = timers.now();
      splitter.push(chunk);
      armIdle();
      if (exited) armStall();
      if (chunk.length >= YIELD_AFTER_BYTES && !yielding && !paused) yieldTurn();
    });
    stream.once('end', end);
    // `close` without `end`: destroyed (abandoned) or the pipe errored; either way it is over.
    stream.once('close', end);
    stream.on('error', () => undefined);
  };
  wire('stdout', streams.stdout);
  wire('stderr', streams.stderr);

  function armStall(): void {
    cancelStall?.();
    cancelStall = undefined;
    if (!exited || paused || open === 0) return;
    cancelStall = timers.setTimer(() => {
      abandoned = true;
      for (const stream of Object.values(streams)) stream.destroy();
    }, stallMs);
  }

  return {
    done,
    childExited: () => {
      exited = true;
      armStall();
    },
  };
}
