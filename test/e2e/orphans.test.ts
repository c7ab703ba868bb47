/**
 * No orphans, ever: a component that forks, one that ignores SIGTERM (and whose grandchild
 * does too), one whose grandchild calls setsid. None survive a shutdown, and none survive the
 * supervisor being SIGKILLed (the reaper's job).
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {Supervisor} from '../../src/supervisor/supervisor.js';
import {alive, component, controlNotes, createHub, fixture, pipeline, tempDir, waitFor} from '../supervisor/support/pipeline.js';

const SUPPORT = new URL('../supervisor/support/', import.meta.url);
const IDLE = {RATE: '0.01', HEALTH_PORT: '0'};
const COMPONENTS = [
  {id: 'forker', command: fixture('source'), env: {...IDLE, FORK_GRANDCHILD: '1'}},
  {id: 'stubborn', command: fixture('processor'), env: {...IDLE, FORK_GRANDCHILD: '1', IGNORE_SIGTERM: '1'}},
  {id: 'daemon', command: fixture('consumer'), env: {...IDLE, FORK_GRANDCHILD: '1', GRANDCHILD_SETSID: '1'}},
];

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups) fn();
  cleanups = [];
});

/** Every pid a run printed: "started, pid N" and the fixtures' "grandchild pid N". */
function pidsIn(lines: string[]): {components: number[]; grandchildren: number[]} {
  const grab = (re: RegExp) => lines.flatMap((l) => [...l.matchAll(re)].map((m) => Number(m[1])));
  return {components: grab(/^started, pid (\d+)$/g), grandchildren: grab(/grandchild pid (\d+)/g)};
}

function killLater(pids: number[]): void {
  cleanups.push(() => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
  });
}

describe('no orphans', () => {
  it('a shutdown leaves no component, grandchild or setsid grandchild alive', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const hub = createHub();
    const supervisor = new Supervisor({
      pipeline: pipeline(tmp.dir, COMPONENTS.map((c) => component(c.id, c.command, {env: c.env, stopGracePeriodMs: 1000}))),
      hub,
      scanIntervalMs: 100,
    });
    await supervisor.start();
    const raws = () => hub.ring.query(undefined).map((e) => e.raw);
    await waitFor(() => pidsIn(raws()).grandchildren.length === 3 && pidsIn(raws()).components.length === 3, 'three grandchildren');
    const {components, grandchildren} = pidsIn(raws());
    killLater([...components, ...grandchildren]);
    // The setsid grandchild leads a group of its own; the tracker must have found it.
    const daemonGrandchild = pidsIn(hub.ring.query(undefined).filter((e) => e.componentId === 'daemon').map((e) => e.raw)).grandchildren[0]!;
    await waitFor(() => supervisor.trackedGroups.size >= 4, 'the setsid grandchild to be tracked');
    expect([...components, ...grandchildren].every(alive)).toBe(true);
    await supervisor.shutdown();
    expect([...components, ...grandchildren].filter(alive)).toEqual([]);
    expect(alive(daemonGrandchild)).toBe(false);
    expect(controlNotes(hub, 'stubborn')).toContain('did not stop within 1 s; sending SIGKILL');
    expect(supervisor.trackedGroups.size).toBe(0);
    await waitFor(() => !alive(supervisor.reaperPid ?? -1), 'the reaper to exit after a clean shutdown');
  });

  it('SIGKILL of the supervisor: the reaper kills every group, including the setsid grandchild', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const driver: ChildProcess = spawn(
      process.execPath,
      ['--import', fileURLToPath(new URL('register-ts.mjs', SUPPORT)), fileURLToPath(new URL('supervisor-driver.ts', SUPPORT)), JSON.stringify({dir: tmp.dir, components: COMPONENTS, reaperGraceMs: 500})],
      {stdio: ['ignore', 'pipe', 'inherit']},
    );
    cleanups.push(() => driver.kill('SIGKILL'));
    const lines: string[] = [];
    let reaper: number | undefined;
    let groups: number[] = [];
    createInterface({input: driver.stdout!}).on('line', (line) => {
      const message = JSON.parse(line) as {entry?: {raw: string}; reaper?: number; groups?: number[]};
      if (message.entry) lines.push(message.entry.raw);
      if (message.reaper !== undefined) reaper = message.reaper;
      if (message.groups) groups = message.groups;
    });
    await waitFor(() => pidsIn(lines).components.length === 3 && pidsIn(lines).grandchildren.length === 3, 'all pids', 30_000);
    const {components, grandchildren} = pidsIn(lines);
    const everyone = [...components, ...grandchildren];
    killLater(everyone);
    // The reaper knows the three component groups and the escaped grandchild's own group.
    await waitFor(() => groups.length === 4, 'the reaper to know four groups');
    expect(reaper).toBeDefined();
    expect(everyone.every(alive)).toBe(true);

    driver.kill('SIGKILL');
    await waitFor(() => everyone.every((pid) => !alive(pid)), 'every process to be gone', 20_000);
    await waitFor(() => !alive(reaper!), 'the reaper to exit', 20_000);
  });
});
