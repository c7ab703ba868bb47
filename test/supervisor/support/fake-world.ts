/**
 * A fake clock and fake children for unit tests of the state machine: time moves only when
 * the test says so, and each child exits when the test says so. Pipes are real streams.
 */
import {PassThrough} from 'node:stream';
import type {ChildExit, ChildHandle, SpawnFn, SpawnRequest} from '../../../src/supervisor/spawn.js';
import type {Timers} from '../../../src/supervisor/timers.js';

export class FakeClock implements Timers {
  #now = 1_000_000;
  #timers: {at: number; fn: () => void; id: number}[] = [];
  #nextId = 0;

  now(): number {
    return this.#now;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const id = this.#nextId++;
    this.#timers.push({at: this.#now + ms, fn, id});
    return () => {
      this.#timers = this.#timers.filter((t) => t.id !== id);
    };
  }

  /** Moves time forward, running due timers in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.#timers[0];
      if (!next || next.at > target) break;
      this.#timers.shift();
      this.#now = next.at;
      next.fn();
    }
    this.#now = target;
  }

  get pending(): number {
    return this.#timers.length;
  }
}

export interface FakeChild {
  request: SpawnRequest;
  pid: number;
  stdout: PassThrough;
  stderr: PassThrough;
  /** Ends both pipes and reports the exit. */
  exit(exit: ChildExit): void;
}

export class FakeSpawner {
  readonly children: FakeChild[] = [];
  readonly kills: {pgid: number; signal: NodeJS.Signals}[] = [];
  #nextPid = 4242;
  /** When set, the next spawn fails like ENOENT at the OS level. */
  failNext: string | undefined;

  readonly spawn: SpawnFn = (request) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let resolveExit!: (exit: ChildExit) => void;
    const exited = new Promise<ChildExit>((resolve) => (resolveExit = resolve));
    if (this.failNext !== undefined) {
      const message = this.failNext;
      this.failNext = undefined;
      stdout.end();
      stderr.end();
      resolveExit({code: null, signal: null});
      return {pid: undefined, stdout, stderr, spawned: Promise.resolve({ok: false, message}), exited} satisfies ChildHandle;
    }
    const pid = this.#nextPid++;
    this.children.push({
      request,
      pid,
      stdout,
      stderr,
      exit: (exit) => {
        stdout.end();
        stderr.end();
        resolveExit(exit);
      },
    });
    return {pid, stdout, stderr, spawned: Promise.resolve({ok: true, pid}), exited};
  };

  readonly kill = (pgid: number, signal: NodeJS.Signals): void => {
    this.kills.push({pgid, signal});
  };

  get last(): FakeChild {
    const child = this.children.at(-1);
    if (!child) throw new Error('nothing was spawned');
    return child;
  }
}

/** Lets promises and stream events settle (fake children resolve through microtasks and ticks). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
