import {spawn} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {OrphanGuard} from '../../src/supervisor/orphan-guard.js';
import {REAPER_SCRIPT} from '../../src/supervisor/reaper-script.js';
import {findMarked, newRunMarkName} from '../../src/supervisor/run-mark.js';
import {alive, waitFor} from './support/pipeline.js';

const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

/** A detached process group: a shell and a sleeping child, the shell ignoring SIGTERM if asked. */
function group(ignoreTerm = false): number {
  const child = spawn('/bin/sh', ['-c', `${ignoreTerm ? "trap '' TERM; " : ''}sleep 60 & wait; sleep 60`], {detached: true, stdio: 'ignore'});
  child.unref();
  leftovers.push(child.pid!);
  return child.pid!;
}

/** A process that left every group we know of (setsid), carrying `mark`, as a daemonised grandchild would. */
function markedEscapee(mark: string, ignoreTerm = false): number {
  const child = spawn('/bin/sh', ['-c', `${ignoreTerm ? "trap '' TERM; " : ''}sleep 60 & wait; sleep 60`], {
    detached: true,
    stdio: 'ignore',
    env: {...process.env, [mark]: 'daemon'},
  });
  child.unref();
  leftovers.push(child.pid!);
  return child.pid!;
}

function startReaper(graceMs: number | string = 300, mark = '') {
  const reaper = spawn('/bin/sh', ['-c', REAPER_SCRIPT], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: {...process.env, REAPER_GRACE_MS: String(graceMs), REAPER_MARK: mark},
  });
  const ready = new Promise((resolve) => reaper.stdout.once('data', resolve));
  const exited = new Promise<number | null>((resolve) => reaper.once('exit', resolve));
  return {reaper, ready, exited};
}

describe('the reaper script', () => {
  it('kills the groups it was told about when its pipe breaks, escalating to SIGKILL', async () => {
    const {reaper, ready, exited} = startReaper();
    await ready;
    const gentle = group();
    const stubborn = group(true);
    const forgotten = group();
    reaper.stdin.write(`+${gentle}\n+${stubborn}\n+${forgotten}\n-${forgotten}\n`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    reaper.stdin.destroy(); // as when the supervisor is SIGKILLed
    expect(await exited).toBe(0);
    await waitFor(() => !alive(gentle) && !alive(stubborn), 'both groups gone');
    expect(alive(forgotten)).toBe(true);
  });

  it('forgets a group in the middle of its list, and a group added twice is forgotten by one "-"', async () => {
    const {reaper, ready, exited} = startReaper();
    await ready;
    const [first, middle, last, twice] = [group(), group(), group(), group()];
    reaper.stdin.write(`+${first}\n+${middle}\n+${last}\n+${twice}\n+${twice}\n-${middle}\n-${twice}\n+not-a-pid\n`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    reaper.stdin.destroy();
    expect(await exited).toBe(0);
    await waitFor(() => !alive(first) && !alive(last), 'first and last gone');
    expect([alive(middle), alive(twice)]).toEqual([true, true]);
  });

  it('still escalates to SIGKILL when REAPER_GRACE_MS is not a number (default 2 s)', async () => {
    const {reaper, ready, exited} = startReaper('soon');
    await ready;
    const stubborn = group(true);
    reaper.stdin.write(`+${stubborn}\n`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    reaper.stdin.destroy();
    expect(await exited).toBe(0);
    await waitFor(() => !alive(stubborn), 'the stubborn group gone');
  }, 10_000);

  it('setsid-grandchild-survives-supervisor-sigkill: kills marked processes it was never told about, escalating to SIGKILL, but not itself', async () => {
    const mark = newRunMarkName();
    const {reaper, ready, exited} = startReaper(300, mark);
    await ready;
    const gentle = markedEscapee(mark);
    const stubborn = markedEscapee(mark, true);
    const bystander = group();
    await waitFor(() => findMarked(mark).length >= 2, 'the marked shells to run');
    reaper.stdin.destroy();
    expect(await exited).toBe(0);
    await waitFor(() => findMarked(mark).length === 0 && !alive(gentle) && !alive(stubborn), 'every marked process gone');
    expect(alive(bystander)).toBe(true);
  });

  it('after "bye" it exits without killing marked processes either', async () => {
    const mark = newRunMarkName();
    const {reaper, ready, exited} = startReaper(300, mark);
    await ready;
    const marked = markedEscapee(mark);
    await waitFor(() => findMarked(mark).length >= 1, 'the marked shell to run');
    reaper.stdin.end('bye\n');
    expect(await exited).toBe(0);
    expect(alive(marked)).toBe(true);
  });

  it('after "bye" it exits without killing anything', async () => {
    const {reaper, ready, exited} = startReaper();
    await ready;
    const pgid = group();
    reaper.stdin.write(`+${pgid}\nbye\n`);
    reaper.stdin.end();
    expect(await exited).toBe(0);
    expect(alive(pgid)).toBe(true);
  });

  it('ignores SIGINT, SIGTERM and SIGHUP aimed at the terminal or the supervisor', async () => {
    const {reaper, ready, exited} = startReaper();
    await ready;
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) reaper.kill(signal);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive(reaper.pid!)).toBe(true);
    reaper.stdin.end();
    expect(await exited).toBe(0);
  });
});

describe('OrphanGuard', () => {
  it('starts a detached reaper, and release() lets it go without killing', async () => {
    const guard = new OrphanGuard({reaperGraceMs: 200});
    const started = await guard.startReaper();
    expect(started.ok).toBe(true);
    const reaperPid = guard.reaperPid!;
    const pgid = group();
    guard.add(pgid);
    expect([...guard.groups]).toEqual([pgid]);
    guard.release();
    await waitFor(() => !alive(reaperPid), 'the reaper to exit');
    expect(alive(pgid)).toBe(true);
  });

  it('killAllNow SIGKILLs every registered group synchronously (what the exit handler runs)', async () => {
    const guard = new OrphanGuard();
    const a = group(true);
    const b = group();
    guard.add(a);
    guard.add(b);
    guard.remove(b);
    guard.killAllNow();
    await waitFor(() => !alive(a), 'group a gone');
    expect(alive(b)).toBe(true);
  });

  it('killAllNow also SIGKILLs the processes carrying its run mark (a setsid grandchild in no registered group)', async () => {
    const mark = newRunMarkName();
    const guard = new OrphanGuard({runMark: mark});
    const escapee = markedEscapee(mark, true);
    await waitFor(() => findMarked(mark).length >= 1, 'the marked shell to run');
    guard.killAllNow();
    await waitFor(() => !alive(escapee) && findMarked(mark).length === 0, 'the marked processes gone');
  });

  it('installs and removes its exit handler', () => {
    const guard = new OrphanGuard();
    const before = process.listenerCount('exit');
    guard.installExitHandler();
    expect(process.listenerCount('exit')).toBe(before + 1);
    guard.removeExitHandler();
    expect(process.listenerCount('exit')).toBe(before);
  });

  it('reports a reaper that cannot start as a value', async () => {
    const guard = new OrphanGuard({shell: '/nonexistent/sh'});
    const started = await guard.startReaper();
    expect(started).toMatchObject({ok: false, error: expect.stringMatching(/cannot start the reaper process: .*ENOENT/)});
  });
});
