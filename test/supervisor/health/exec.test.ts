import {chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import type {ExecCheck} from '../../../src/supervisor/health/checks.js';
import {probeExec} from '../../../src/supervisor/health/exec.js';
import {err, ok} from '../../../src/util/result.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'flowctl-exec-probe-')));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const check = (command: string[], timeoutMs = 10_000): ExecCheck => ({
  kind: 'exec',
  command,
  intervalMs: 1000,
  timeoutMs,
  retries: 3,
  startPeriodMs: 0,
});
const sh = (script: string, timeoutMs?: number) => check(['sh', '-c', script], timeoutMs);
const never = new AbortController().signal;

/** Alive and not a zombie (a reparented grandchild may sit unreaped in a container). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting: ${what}`);
}

function readPids(file: string): number[] {
  return readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
}

describe('probeExec', () => {
  it('passes on exit 0', async () => {
    expect(await probeExec(sh('exit 0'), never)).toEqual(ok(undefined));
  });

  it('fails on exit 3 with the code', async () => {
    expect(await probeExec(sh('exit 3'), never)).toEqual(err('exit code 3'));
  });

  it('adds the last line the command printed (stdout or stderr) to the reason', async () => {
    expect(await probeExec(sh('echo checking; echo "db not ready" >&2; exit 2'), never)).toEqual(
      err('exit code 2: db not ready'),
    );
  });

  it('shortens a very long last line', async () => {
    const result = await probeExec(sh(`printf '%0500d\\n' 0; exit 1`), never);
    expect(result).toEqual(err(`exit code 1: ${'0'.repeat(200)}…`));
  });

  it('kills the whole process group when the timeout hits', async () => {
    const pids = join(dir, 'timeout.pids');
    // The shell starts a grandchild, records both pids, then waits forever.
    const result = await probeExec(sh(`sleep 60 & echo $! > ${pids}; echo $$ >> ${pids}; wait`, 500), never);
    expect(result).toEqual(err('timed out after 500 ms (killed)'));
    const [grandchild, shell] = readPids(pids);
    expect(grandchild).toBeGreaterThan(0);
    expect(shell).toBeGreaterThan(0);
    await waitUntil(() => !isAlive(grandchild ?? 0) && !isAlive(shell ?? 0), 'probe processes to die');
  });

  it('kills what the command left running after it exited, instead of waiting for it', async () => {
    const pidFile = join(dir, 'leftover.pid');
    // The background sleep keeps the output pipe open: without the group kill this would hang.
    const result = await probeExec(sh(`sleep 60 & echo $! > ${pidFile}; exit 0`), never);
    expect(result).toEqual(ok(undefined));
    const [leftover] = readPids(pidFile);
    await waitUntil(() => !isAlive(leftover ?? 0), 'the leftover to die');
  });

  it('answers "cancelled (killed)" when the caller aborts, and kills the command', async () => {
    const pidFile = join(dir, 'cancel.pid');
    const controller = new AbortController();
    const pending = probeExec(sh(`echo $$ > ${pidFile}; exec sleep 60`), controller.signal);
    await waitUntil(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'), 'the pid file');
    controller.abort();
    expect(await pending).toEqual(err('cancelled (killed)'));
    const [pid] = readPids(pidFile);
    await waitUntil(() => !isAlive(pid ?? 0), 'the command to die');
  });

  it('does not even start when the caller already aborted', async () => {
    const marker = join(dir, 'never-started');
    expect(await probeExec(sh(`touch ${marker}`), AbortSignal.abort())).toEqual(err('cancelled'));
    expect(existsSync(marker)).toBe(false);
  });

  it('reports a death by signal', async () => {
    expect(await probeExec(sh('kill -TERM $$'), never)).toEqual(err('killed by SIGTERM'));
  });

  it('says when the command does not exist', async () => {
    expect(await probeExec(check(['flowctl-no-such-command-xyz']), never)).toEqual(
      err('cannot run "flowctl-no-such-command-xyz": command not found'),
    );
  });

  it('says when the command is not executable', async () => {
    const file = join(dir, 'not-executable.sh');
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o644);
    expect(await probeExec(check([file]), never)).toEqual(err(`cannot run "${file}": permission denied`));
  });

  it('refuses an empty command', async () => {
    expect(await probeExec(check([]), never)).toEqual(err('the exec health check has an empty command'));
  });

  it("runs in the component's working dir with its env on top of the parent's", async () => {
    const script = 'test "$(pwd)" = "$WANT_DIR" && test "$X" = yes && test -n "$PATH"';
    expect(await probeExec(sh(script), never, {cwd: dir, env: {X: 'yes', WANT_DIR: dir}})).toEqual(ok(undefined));
    expect(await probeExec(sh(script), never, {cwd: tmpdir(), env: {X: 'yes', WANT_DIR: dir}})).toEqual(
      err('exit code 1'),
    );
  });

  it('tells trackGroup the process group, and when it is gone', async () => {
    const events: string[] = [];
    const pidFile = join(dir, 'tracked.pid');
    const result = await probeExec(sh(`echo $$ > ${pidFile}`), never, {
      trackGroup: (pgid) => {
        events.push(`track ${pgid}`);
        return () => events.push(`untrack ${pgid}`);
      },
    });
    expect(result).toEqual(ok(undefined));
    const [pid] = readPids(pidFile);
    expect(events).toEqual([`track ${pid}`, `untrack ${pid}`]);
  });
});
