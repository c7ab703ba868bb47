/**
 * Exec health probe: run the command, healthy on exit 0. The command runs in its own process
 * group (`detached`) so a timeout or a cancel kills everything it started, not just the direct
 * child (execa's own `timeout` only signals the direct pid, tech.md §2.1). When the command
 * exits, whatever it left running in its group is killed too: a probe must not leave processes
 * behind, and a leftover holding the output pipe would otherwise keep the probe from finishing.
 */
import {execa} from 'execa';
import {err, ok} from '../../util/result.js';
import type {ExecCheck, ProbeResult} from './checks.js';
import {createDeadline} from './deadline.js';

export interface ExecProbeOptions {
  /** Where the command runs (the component's working_dir). */
  cwd?: string;
  /** Added to the parent's environment (the component's env). */
  env?: Record<string, string>;
  /**
   * Called with the probe's process group id right after the spawn; the returned function is
   * called once the group is gone. Lets the supervisor's reaper cover probes too.
   */
  trackGroup?: (pgid: number) => () => void;
}

/** Output kept for the failure reason: the tail of what the command printed. */
const TAIL_CHARS = 4096;
const REASON_CHARS = 200;

export async function probeExec(check: ExecCheck, signal: AbortSignal, options: ExecProbeOptions = {}): Promise<ProbeResult> {
  const [file, ...args] = check.command;
  if (file === undefined || file === '') return err('the exec health check has an empty command');
  const deadline = createDeadline(signal, check.timeoutMs);
  if (deadline.signal.aborted) {
    deadline.dispose();
    return err(deadline.reason());
  }
  const subprocess = execa(file, args, {
    reject: false,
    buffer: false,
    all: true,
    stdin: 'ignore',
    detached: process.platform !== 'win32',
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
  });
  const pgid = subprocess.pid;
  const untrack = pgid === undefined ? undefined : options.trackGroup?.(pgid);
  const killGroup = () => {
    if (pgid !== undefined) killProcessGroup(pgid);
  };
  let tail = '';
  subprocess.all?.setEncoding('utf8');
  subprocess.all?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-TAIL_CHARS);
  });
  deadline.signal.addEventListener('abort', killGroup, {once: true});
  // 'exit' fires when the direct child ends, before its pipes close: kill the leftovers now.
  subprocess.once('exit', killGroup);
  try {
    const result = await subprocess;
    if (deadline.signal.aborted) return err(`${deadline.reason()} (killed)`);
    if (result.exitCode === 0) return ok(undefined);
    if (result.exitCode !== undefined) return err(withOutput(`exit code ${result.exitCode}`, tail));
    if (result.signal !== undefined) return err(withOutput(`killed by ${result.signal}`, tail));
    return err(describeSpawnFailure(file, result.code, result.originalMessage ?? result.shortMessage ?? 'unknown error'));
  } finally {
    deadline.signal.removeEventListener('abort', killGroup);
    deadline.dispose();
    untrack?.();
  }
}

/** SIGKILL the whole group; ESRCH (already gone) is the normal case after a clean exit. */
function killProcessGroup(pgid: number): void {
  try {
    process.kill(process.platform === 'win32' ? pgid : -pgid, 'SIGKILL');
  } catch {
    // Gone already: nothing to kill.
  }
}

function withOutput(what: string, output: string): string {
  const lastLine = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .pop();
  if (lastLine === undefined) return what;
  return `${what}: ${lastLine.length > REASON_CHARS ? `${lastLine.slice(0, REASON_CHARS)}…` : lastLine}`;
}

function describeSpawnFailure(file: string, code: string | undefined, message: string): string {
  switch (code) {
    case 'ENOENT':
      return `cannot run "${file}": command not found`;
    case 'EACCES':
      return `cannot run "${file}": permission denied`;
    default:
      return `cannot run "${file}": ${message}`;
  }
}
