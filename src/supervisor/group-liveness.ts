import {readdirSync, readFileSync} from 'node:fs';

/**
 * Whether a process group still has a member that is not a zombie.
 *
 * `kill(-pgid, 0)` alone is not enough: a SIGKILLed grandchild stays in the group as a zombie
 * until its new parent (init, or a container's PID 1, which may never reap) collects it. A
 * zombie holds no resources and runs no code, so it counts as gone. On Linux /proc tells the
 * two apart; elsewhere a group that answers the signal counts as alive.
 */
export function groupHasLiveMembers(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    // ESRCH: no member at all. EPERM: the id now belongs to someone else's processes.
    return false;
  }
  if (process.platform !== 'linux') return true;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const name of entries) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    if (isLiveMemberStat(stat, pgid)) return true;
  }
  return false;
}

/** Reads one `/proc/<pid>/stat`: a member of `pgid` that is neither a zombie nor dead. */
export function isLiveMemberStat(stat: string, pgid: number): boolean {
  // `pid (comm) state ppid pgrp …`; comm may contain spaces and parentheses: cut at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X';
}
