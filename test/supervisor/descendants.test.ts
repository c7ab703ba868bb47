import {describe, expect, it} from 'vitest';
import {descendantsOf, EscapeeTracker, listProcesses, parseProcStat, type ProcInfo} from '../../src/supervisor/descendants.js';

const proc = (pid: number, ppid: number, pgid: number, startTime = 100): ProcInfo => ({pid, ppid, pgid, startTime});

describe('parseProcStat', () => {
  it('reads ppid, pgid and start time even when the command name has spaces and parentheses', () => {
    const text = '4242 (my (weird) name) S 4000 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 0 0';
    expect(parseProcStat(text)).toEqual({pid: 4242, ppid: 4000, pgid: 4242, startTime: 987654});
    expect(parseProcStat('garbage')).toBeUndefined();
  });

  it('lists this very process from the real /proc', () => {
    const self = listProcesses().find((p) => p.pid === process.pid);
    expect(self).toMatchObject({pid: process.pid, ppid: process.ppid});
  });
});

describe('descendantsOf', () => {
  it('walks children transitively, not the roots, not unrelated processes', () => {
    const snapshot = [proc(10, 1, 10), proc(11, 10, 10), proc(12, 11, 12), proc(13, 12, 12), proc(20, 1, 20)];
    expect(descendantsOf([10], snapshot).map((p) => p.pid)).toEqual([11, 12, 13]);
  });
});

describe('EscapeeTracker', () => {
  it('remembers descendants outside the group, even after their parent died, and forgets reused pids', () => {
    let snapshot = [proc(10, 1, 10), proc(11, 10, 10), proc(12, 11, 12, 500)];
    const tracker = new EscapeeTracker(10, () => snapshot);
    expect(tracker.scan().map((p) => p.pid)).toEqual([12]);
    // The middle process exits: the escapee is re-parented to init but still remembered,
    // and its own children are found through it.
    snapshot = [proc(10, 1, 10), proc(12, 1, 12, 500), proc(13, 12, 13, 600)];
    expect(tracker.scan().map((p) => p.pid)).toEqual([13]);
    // pid 12 now belongs to another process (different start time): forgotten.
    snapshot = [proc(10, 1, 10), proc(12, 1, 12, 999)];
    tracker.scan();
    snapshot = [proc(10, 1, 10), proc(77, 12, 77)];
    expect(tracker.scan()).toEqual([]);
  });
});
