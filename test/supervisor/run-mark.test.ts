import {spawn} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {findMarked, killMarkedNow, newRunMarkName} from '../../src/supervisor/run-mark.js';
import {alive, waitFor} from './support/pipeline.js';

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

/** A sleeping process with `env` added to ours; detached, as an escapee re-parented to init would be. */
function sleeper(env: Record<string, string>): number {
  const child = spawn('sleep', ['60'], {detached: true, stdio: 'ignore', env: {...process.env, ...env}});
  child.unref();
  started.push(child.pid!);
  return child.pid!;
}

describe('run marks', () => {
  it('names are fresh variable names each time', () => {
    const [a, b] = [newRunMarkName(), newRunMarkName()];
    expect(a).toMatch(/^FLOWCTL_RUN_[0-9A-F]{16}$/);
    expect(a).not.toBe(b);
  });

  it('finds the processes carrying a mark, by component or all of them, and no others', async () => {
    const mark = newRunMarkName();
    const source = sleeper({[mark]: 'source'});
    const sink = sleeper({[mark]: 'sink'});
    const unmarked = sleeper({OTHER: 'x'});
    // A value that merely starts like another component's id is another component.
    const sourceTwo = sleeper({[mark]: 'source-2'});
    const otherRun = sleeper({[newRunMarkName()]: 'source'});
    await waitFor(() => findMarked(mark).length === 3, 'the three marked sleepers to exec');
    expect(findMarked(mark, 'source').map((p) => p.pid)).toEqual([source]);
    expect(findMarked(mark).map((p) => p.pid).sort()).toEqual([source, sink, sourceTwo].sort());
    expect(findMarked(mark).map((p) => p.pid)).not.toContain(unmarked);
    expect(findMarked(mark).map((p) => p.pid)).not.toContain(otherRun);
  });

  it('killMarkedNow SIGKILLs every marked process and nothing else', async () => {
    const mark = newRunMarkName();
    const marked = [sleeper({[mark]: 'a'}), sleeper({[mark]: 'b'})];
    const bystander = sleeper({});
    await waitFor(() => findMarked(mark).length === 2, 'the marked sleepers to exec');
    killMarkedNow(mark);
    await waitFor(() => marked.every((pid) => !alive(pid)), 'the marked sleepers to die');
    expect(alive(bystander)).toBe(true);
    expect(findMarked(mark)).toEqual([]);
  });
});
