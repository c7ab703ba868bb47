/**
 * Finding the processes a component forked that left its process group.
 *
 * A group kill reaches everything a component forks, except a descendant that called
 * `setsid()`/`setpgid()` (a daemonising grandchild): it lives in a group of its own. Such
 * processes are found by walking parent links in `/proc/<pid>/stat` while the component
 * runs, and remembered (with their start time, so a reused pid is never killed) so that
 * they can be stopped with the component even after their parent died and they were
 * re-parented to init.
 *
 * Limitation (Linux only, documented in the user guide): on systems without `/proc`
 * (macOS, BSD) nothing escaped is found, and a grandchild that escapes *and* whose parent
 * exits between two scans is re-parented before it was seen. The run mark (`run-mark.ts`)
 * closes that gap; these scans remain for a descendant that dropped its environment.
 */
import {readdirSync, readFileSync} from 'node:fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** Clock ticks after boot: identifies the process across pid reuse. */
  startTime: number;
}

/** Parses `/proc/<pid>/stat`; the command name (field 2) may contain spaces and parentheses. */
export function parseProcStat(text: string): ProcInfo | undefined {
  const close = text.lastIndexOf(')');
  if (close === -1) return undefined;
  const pid = Number.parseInt(text, 10);
  // Fields after the name: state(3) ppid(4) pgrp(5) session(6) … starttime(22).
  const rest = text.slice(close + 2).split(' ');
  const ppid = Number(rest[1]);
  const pgid = Number(rest[2]);
  const startTime = Number(rest[19]);
  if (![pid, ppid, pgid, startTime].every(Number.isFinite)) return undefined;
  return {pid, ppid, pgid, startTime};
}

export function readProc(pid: number): ProcInfo | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every live process, or an empty list where there is no `/proc`. */
export function listProcesses(): ProcInfo[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcInfo[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProc(Number(name));
    if (info) out.push(info);
  }
  return out;
}

/** Descendants of `roots` (not the roots themselves) in a snapshot. */
export function descendantsOf(roots: Iterable<number>, snapshot: readonly ProcInfo[]): ProcInfo[] {
  const children = new Map<number, ProcInfo[]>();
  for (const info of snapshot) {
    const list = children.get(info.ppid);
    if (list) list.push(info);
    else children.set(info.ppid, [info]);
  }
  const out: ProcInfo[] = [];
  const queue = [...roots];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const child of children.get(pid) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/**
 * Remembers the descendants of one component run that are outside its process group.
 * `scan()` is cheap enough (one small read per process) to run every few seconds.
 */
export class EscapeeTracker {
  readonly #pgid: number;
  readonly #escaped = new Map<number, ProcInfo>();
  readonly #list: () => ProcInfo[];

  constructor(pgid: number, list: () => ProcInfo[] = listProcesses) {
    this.#pgid = pgid;
    this.#list = list;
  }

  /** Looks for new escapees; returns the ones found by this scan. */
  scan(): ProcInfo[] {
    const snapshot = this.#list();
    const roots = [this.#pgid, ...this.#escaped.keys()];
    // Members of our own group are reached by the group kill; everything else is an escapee.
    const found = descendantsOf(roots, snapshot).filter((p) => p.pgid !== this.#pgid && !this.#escaped.has(p.pid));
    for (const info of found) this.#escaped.set(info.pid, info);
    // Forget the ones that are gone (or whose pid now belongs to another process).
    const live = new Map(snapshot.map((p) => [p.pid, p]));
    for (const [pid, info] of this.#escaped) {
      if (live.get(pid)?.startTime !== info.startTime) this.#escaped.delete(pid);
    }
    return found;
  }

  /** Escapees still alive and still the same process. */
  alive(): ProcInfo[] {
    return [...this.#escaped.values()].filter((info) => readProc(info.pid)?.startTime === info.startTime);
  }
}
