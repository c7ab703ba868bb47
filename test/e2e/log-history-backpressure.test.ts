/**
 * The history keeps up or holds the children back: when its writer falls behind, every
 * component's pipes are paused, exactly as a slow disk does for `logs/<id>.log`, and the
 * children block on write until it caught up. Real children, real pipes, real SQLite.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {LogEntry} from '../../src/logs/entry.js';
import {announcingTo} from '../../src/logs/store/announcing-hub.js';
import {openStore, type LogStore} from '../../src/logs/store/index.js';
import type {FlowGate, Pausable} from '../../src/supervisor/capture.js';
import {Supervisor} from '../../src/supervisor/supervisor.js';
import {component, createHub, nodeScript, pipeline, tempDir, waitFor} from '../supervisor/support/pipeline.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/**
 * Prints BLOCKS blocks of PER numbered lines (`flood line <n>`) as fast as it can and
 * writes how many it printed to PROGRESS after each block. It writes to fd 1 with
 * `fs.writeSync`, like a C or Go program: the pipe is blocking, so once it is full and
 * nobody reads, the child is stuck in write. (Node's `process.stdout` would make the pipe
 * non-blocking and queue everything in the child's own memory instead.)
 */
const FLOOD = `
const fs = require('node:fs');
const blocks = Number(process.env.BLOCKS), per = Number(process.env.PER);
let n = 0;
for (let b = 0; b < blocks; b++) {
  let text = '';
  for (let i = 0; i < per; i++) text += 'flood line ' + ++n + '\\n';
  fs.writeSync(1, text);
  fs.writeFileSync(process.env.PROGRESS, String(n));
}`;

function flood(dir: string, blocks: number, per: number) {
  const progressFile = join(dir, 'progress');
  return {
    component: component('flood', nodeScript(FLOOD), {env: {BLOCKS: String(blocks), PER: String(per), PROGRESS: progressFile}}),
    printed: (): number => {
      try {
        return Number(readFileSync(progressFile, 'utf8'));
      } catch {
        return 0;
      }
    },
  };
}

/** A gate the test holds and releases by hand. */
function manualGate(): FlowGate & {hold(): void; release(): void} {
  const targets = new Set<Pausable>();
  let holding = false;
  return {
    attach(target) {
      targets.add(target);
      if (holding) target.pause();
      return () => targets.delete(target);
    },
    hold() {
      holding = true;
      for (const t of targets) t.pause();
    },
    release() {
      holding = false;
      for (const t of targets) t.resume();
    },
  };
}

/** `flood line <n>` numbers of the entries, in the order given. */
const floodNumbers = (entries: LogEntry[]): number[] =>
  entries.filter((e) => e.componentId === 'flood' && e.stream === 'stdout').map((e) => Number(/^flood line (\d+)$/.exec(e.raw)?.[1]));

const oneToN = (n: number): number[] => Array.from({length: n}, (_, i) => i + 1);

describe('backpressure from the history to the children', () => {
  it('a held gate blocks a real child in write (nothing read, still running) until released; then every line arrives', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const hub = createHub();
    const gate = manualGate();
    const child = flood(tmp.dir, 100, 1000);
    gate.hold();
    const supervisor = new Supervisor({pipeline: pipeline(tmp.dir, [child.component]), hub, backpressure: gate});
    await supervisor.start();
    await waitFor(() => child.printed() > 0, 'the child printing its first block');
    // 100 000 lines (~1.7 MB) cannot fit in a 64 KiB pipe nobody reads: whatever the machine's
    // speed, the child is still in its loop and flowctl has read none of it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(child.printed()).toBeLessThan(100_000);
    expect(supervisor.status()[0]?.state).toBe('running');
    expect(floodNumbers(hub.ring.query(undefined))).toEqual([]);
    gate.release();
    expect(await supervisor.done).toEqual({exitCode: 0});
    expect(child.printed()).toBe(100_000);
    expect(floodNumbers(hub.ring.query(undefined))).toEqual(oneToN(100_000));
    const file = readFileSync(join(tmp.dir, 'logs', 'flood.log'), 'utf8').split('\n');
    expect(file.pop()).toBe('');
    expect(file).toHaveLength(100_000);
  }, 90_000);

  it('a history writer with a small backlog bound pauses a flooding child and keeps every line, none dropped', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const hub = createHub();
    // maxQueue far below the flood: without the pauses, the history would have to drop. (Not
    // tighter: when the child exits, the pipe is read to its end whatever the pause, so up to
    // a pipe's worth (64 KiB) plus one read of short lines still arrives past the mark.)
    const opened = await openStore(join(tmp.dir, 'history.sqlite'), {retentionMs: 0, maxQueue: 30_000, waterMarks: {high: 1000, low: 100}});
    if (!opened.ok) throw new Error(opened.error);
    const store: LogStore = opened.value;
    const subscription = hub.subscribe({name: 'history', maxQueue: 500_000}, (batch) => store.append(batch));
    // Blocks of 5 000 lines: one read of a full pipe alone is more than the high mark.
    const child = flood(tmp.dir, 20, 5000);
    // The store's gate, counting the pauses that reach the child's pipes.
    let pipePauses = 0;
    const gate: FlowGate = {
      attach: (pipes) =>
        store.gate.attach({
          pause: () => {
            pipePauses += 1;
            pipes.pause();
          },
          resume: () => pipes.resume(),
        }),
    };
    // As `up` wires it: publishing tells the store at once, the store's gate holds the pipes.
    const supervisor = new Supervisor({pipeline: pipeline(tmp.dir, [child.component]), hub: announcingTo(store, hub), backpressure: gate});
    try {
      await supervisor.start();
      expect(await supervisor.done).toEqual({exitCode: 0});
      await subscription.drained();
      await store.flush();
      expect(pipePauses).toBeGreaterThan(0);
      expect(store.gate.holding).toBe(false);
      expect(store.dropped).toBe(0);
      expect(hub.droppedTotal).toBe(0);
      const stored: LogEntry[] = [];
      for await (const page of store.query(undefined, {pageSize: 10_000})) stored.push(...page);
      expect(floodNumbers(stored)).toEqual(oneToN(100_000));
      expect(stored.map((e) => e.seq)).toEqual(hub.ring.query(undefined).map((e) => e.seq));
    } finally {
      subscription.close();
      await store.close();
    }
  }, 120_000);
});
