import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {groupHasLiveMembers, isLiveMemberStat} from '../../src/supervisor/group-liveness.js';

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('groupHasLiveMembers', () => {
  it('is true while a member of the group runs and false once all are killed', async () => {
    // A leader and a background grandchild in one new process group.
    const leader = spawn('sh', ['-c', 'sleep 100 & sleep 100'], {detached: true, stdio: 'ignore'});
    const pgid = leader.pid!;
    try {
      expect(groupHasLiveMembers(pgid)).toBe(true);
      process.kill(-pgid, 'SIGKILL');
      await until(() => !groupHasLiveMembers(pgid), 'the group to be gone');
    } finally {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });

  it('a zombie member does not count: it runs no code, though an unreaping PID 1 may keep it listed', () => {
    // Real /proc/<pid>/stat lines (comm with a space and a parenthesis, as comm may have).
    expect(isLiveMemberStat('4242 (node) S 4200 4242 4242 0 -1 4194560', 4242)).toBe(true);
    expect(isLiveMemberStat('4243 (my (odd) proc) R 4242 4242 4242 0 -1', 4242)).toBe(true);
    expect(isLiveMemberStat('4244 (sleep) Z 1 4242 4242 0 -1', 4242)).toBe(false);
    expect(isLiveMemberStat('4245 (sleep) S 1 9999 9999 0 -1', 4242)).toBe(false);
  });

  it('is false for a group that does not exist', () => {
    expect(groupHasLiveMembers(2 ** 22 + 12345)).toBe(false);
  });
});
