/**
 * Finding every process a supervisor started, however it escaped: by a mark in its environment.
 *
 * Each component gets one extra variable, `FLOWCTL_RUN_<random>=<component id>`. Every process it
 * forks inherits it, and keeps it after `setsid()`/`setpgid()` and after its parent died and it
 * was re-parented to init: the environment is copied across fork and exec. `/proc/<pid>/environ`
 * shows the environment a process was exec'd with and is readable for our own uid, so a scan of
 * `/proc` finds a component's descendants at any moment, with no window.
 *
 * Why not the alternatives:
 * - Following parent links (`descendants.ts`) needs to see an escapee while its parent still
 *   lives: a grandchild that calls setsid and whose parent exits between two scans is lost.
 * - A child subreaper (`prctl(PR_SET_CHILD_SUBREAPER)`) would keep orphans as our children, but
 *   Node cannot call prctl without a native addon, and a wrapper process cannot either from sh.
 * - Session ids change with setsid, and cgroups need privileges or a delegated hierarchy.
 *
 * The variable's name holds a random id, so two flowctl runs never kill each other's processes,
 * and a flowctl run inside a component keeps the outer run's mark beside its own.
 *
 * Limits (Linux only; the user guide says so): a process that replaces its environment
 * (`env -i`, a login shell, a setuid program we may not read) loses the mark; without `/proc`
 * (macOS, BSD) nothing is found. Parent links and process groups still cover those.
 */
import {randomBytes} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {readProc, type ProcInfo} from './descendants.js';

/** A new mark name for one supervisor: `FLOWCTL_RUN_` and 16 random hex digits. */
export function newRunMarkName(): string {
  return `FLOWCTL_RUN_${randomBytes(8).toString('hex').toUpperCase()}`;
}

/**
 * Live processes (not zombies: their environment reads empty) carrying `name`, with `value`
 * when given, else any value. The caller itself is never included.
 */
export function findMarked(name: string, value?: string): ProcInfo[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const exact = value === undefined ? undefined : `${name}=${value}`;
  const prefix = `${name}=`;
  const found: ProcInfo[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue; // exited while we looked, or not ours to read
    }
    if (!environ.includes(prefix)) continue;
    const marked = environ.split('\0').some((variable) => (exact === undefined ? variable.startsWith(prefix) : variable === exact));
    if (!marked) continue;
    const info = readProc(Number(entry));
    if (info) found.push(info);
  }
  return found;
}

/**
 * SIGKILLs every marked process, again until none is left (a marked process may fork while we
 * look), at most `rounds` times. Synchronous, so it may run inside an `exit` handler.
 */
export function killMarkedNow(name: string, value?: string, rounds = 5): void {
  for (let round = 0; round < rounds; round++) {
    const found = findMarked(name, value);
    if (found.length === 0) return;
    for (const info of found) {
      try {
        process.kill(info.pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }
}
