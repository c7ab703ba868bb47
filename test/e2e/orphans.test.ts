/**
 * No orphans, ever: a component that forks, one that ignores SIGTERM (and whose grandchild
 * does too), one whose grandchild calls setsid. None survive a shutdown, and none survive the
 * supervisor being SIGKILLed (the reaper's job).
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
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

/** Never scan again after the first scan at spawn: what the tracker's 2 s window would miss, every time. */
const NO_SCAN_AFTER_SPAWN_MS = 3_600_000;

/** Starts the SIGKILL test's driver: a supervisor in a process of its own; collects its entries and the reaper's pid. */
function startDriver(spec: object): {driver: ChildProcess; lines: string[]; groups: () => number[]; reaper: () => number | undefined} {
  const driver: ChildProcess = spawn(
    process.execPath,
    ['--import', fileURLToPath(new URL('register-ts.mjs', SUPPORT)), fileURLToPath(new URL('supervisor-driver.ts', SUPPORT)), JSON.stringify(spec)],
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
  return {driver, lines, groups: () => groups, reaper: () => reaper};
}

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
    const {driver, lines, groups, reaper: reaperPid} = startDriver({dir: tmp.dir, components: COMPONENTS, reaperGraceMs: 500});
    await waitFor(() => pidsIn(lines).components.length === 3 && pidsIn(lines).grandchildren.length === 3, 'all pids', 30_000);
    const {components, grandchildren} = pidsIn(lines);
    const everyone = [...components, ...grandchildren];
    killLater(everyone);
    // The reaper knows the three component groups and the escaped grandchild's own group.
    await waitFor(() => groups().length === 4, 'the reaper to know four groups');
    const reaper = reaperPid();
    expect(reaper).toBeDefined();
    expect(everyone.every(alive)).toBe(true);

    driver.kill('SIGKILL');
    await waitFor(() => everyone.every((pid) => !alive(pid)), 'every process to be gone', 20_000);
    await waitFor(() => !alive(reaper!), 'the reaper to exit', 20_000);
  });

  it('setsid-grandchild-survives-up: a grandchild that calls setsid after the last scan, and whose parent then exits, does not outlive the run', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const hub = createHub();
    const go = join(tmp.dir, 'go');
    const pidFile = join(tmp.dir, 'escaped.pid');
    // Waits for the test's go (after the tracker's scan at spawn), escapes with setsid, and exits
    // once the escapee runs: re-parented to init before any later scan could see it.
    const script = [
      'while [ ! -e "$GO" ]; do sleep 0.02; done',
      `setsid sh -c 'echo $$ > "$PID_FILE.tmp" && mv "$PID_FILE.tmp" "$PID_FILE" && exec sleep 300' >/dev/null 2>&1 &`,
      'while [ ! -e "$PID_FILE" ]; do sleep 0.02; done',
      'echo forked',
    ].join('\n');
    const supervisor = new Supervisor({
      pipeline: pipeline(tmp.dir, [component('daemon2', ['/bin/sh', '-c', script], {env: {HEALTH_PORT: '0', GO: go, PID_FILE: pidFile}})]),
      hub,
      scanIntervalMs: NO_SCAN_AFTER_SPAWN_MS,
    });
    await supervisor.start();
    await waitFor(() => controlNotes(hub, 'daemon2').some((note) => note.startsWith('started, pid')), 'daemon2 to start');
    writeFileSync(go, '');
    const {exitCode} = await supervisor.done;
    const escaped = Number(readFileSync(pidFile, 'utf8'));
    killLater([escaped]);
    expect(exitCode).toBe(0);
    expect(controlNotes(hub, 'daemon2')).toContain('exited with code 0');
    expect(alive(escaped)).toBe(false);
  });

  it('setsid-grandchild-survives-supervisor-sigkill: a setsid grandchild no scan has seen yet dies with a SIGKILLed supervisor', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    // The only scan runs at spawn, before the consumer forks: the reaper is never told the escapee's group.
    const daemon = {id: 'daemon', command: fixture('consumer'), env: {...IDLE, FORK_GRANDCHILD: '1', GRANDCHILD_SETSID: '1'}};
    const {driver, lines, reaper} = startDriver({dir: tmp.dir, components: [daemon], reaperGraceMs: 500, scanIntervalMs: NO_SCAN_AFTER_SPAWN_MS});
    await waitFor(() => pidsIn(lines).components.length === 1 && pidsIn(lines).grandchildren.length === 1 && reaper() !== undefined, 'the pids', 30_000);
    const everyone = [...pidsIn(lines).components, ...pidsIn(lines).grandchildren];
    killLater(everyone);
    expect(everyone.every(alive)).toBe(true);

    driver.kill('SIGKILL');
    await waitFor(() => !alive(reaper()!), 'the reaper to finish', 20_000);
    expect(everyone.filter(alive)).toEqual([]);
  });
});
