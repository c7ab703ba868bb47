/**
 * One run of a component's process, from spawn to "gone": spawn it in its own group, capture
 * its output, keep the reaper informed, follow descendants that left the group, and report
 * the exit only once the output is drained. The state machine (`component.ts`) decides what
 * the run means; this module only makes it happen.
 */
import type {ResolvedComponent} from '../config/model.js';
import type {Level} from '../logs/entry.js';
import {captureOutput, type FlowGate, type LineConsumer} from './capture.js';
import type {EscapeeTracker} from './descendants.js';
import type {ExitReason} from './restart-policy.js';
import {resolveCommand} from './resolve-command.js';
import type {KillFn, SpawnFn} from './spawn.js';
import type {Timers} from './timers.js';
import type {SplitLine} from '../logs/api.js';

/** Where a run registers process groups that must not outlive flowctl. */
export interface GroupRegistry {
  add(pgid: number): void;
  remove(pgid: number): void;
}

export interface ProcessRunOptions {
  component: ResolvedComponent;
  env: Record<string, string>;
  spawn: SpawnFn;
  kill: KillFn;
  /** Signals one process by pid (escaped descendants); gone is not an error. */
  killPid: (pid: number, signal: NodeJS.Signals) => void;
  timers: Timers;
  consumer: LineConsumer;
  gate: FlowGate;
  groups: GroupRegistry;
  maxLineBytes: number;
  /** Follows descendants outside the group; undefined where that is not possible or wanted. */
  createTracker: ((pgid: number) => EscapeeTracker) | undefined;
  /** How often the tracker scans while the process runs. */
  scanIntervalMs: number;
  observeLine: ((line: SplitLine, stream: 'stdout' | 'stderr') => void) | undefined;
  onSpawned: (pid: number) => void;
  /** Things worth a control entry that are not state changes. */
  onNote: (message: string, level: Level) => void;
  stallAfterExitMs?: number;
  /**
   * Whether a killed group still has live members; the run ends only once they are gone, so
   * "exited" (and a finished shutdown) means the whole tree is gone. Undefined: do not wait.
   */
  groupAlive?: (pgid: number) => boolean;
}

/** How long a run waits for SIGKILLed group members to disappear (the kernel is quick; a loaded machine less so). */
const GROUP_GONE_TIMEOUT_MS = 3000;
const GROUP_GONE_POLL_MS = 15;

export interface ProcessRun {
  /** Sends `signal` to the group and every known escapee; remembered until the spawn if early. */
  signal(signal: NodeJS.Signals): void;
  /** The exit, once the pipes are drained and the group is gone. */
  readonly ended: Promise<ExitReason>;
}

export function startProcessRun(options: ProcessRunOptions): ProcessRun {
  const {component, timers} = options;
  const [program = '', ...args] = component.command;
  let pgid: number | undefined;
  let earlySignal: NodeJS.Signals | undefined;
  let tracker: EscapeeTracker | undefined;
  const escapedGroups = new Set<number>();

  const signalAll = (signal: NodeJS.Signals): void => {
    if (pgid === undefined) {
      // SIGKILL must win over an earlier, gentler request.
      if (earlySignal !== 'SIGKILL') earlySignal = signal;
      return;
    }
    options.kill(pgid, signal);
    if (tracker) {
      tracker.scan();
      for (const info of tracker.alive()) {
        options.killPid(info.pid, signal);
        if (info.pgid === info.pid) options.kill(info.pgid, signal);
      }
    }
  };

  const ended = (async (): Promise<ExitReason> => {
    const resolved = resolveCommand(program, component.workingDir, options.env.PATH);
    if (!resolved.ok) return {kind: 'spawn-failed', message: resolved.error.message};
    const child = options.spawn({file: resolved.value, args, cwd: component.workingDir, env: options.env});
    const capture = captureOutput({
      stdout: child.stdout,
      stderr: child.stderr,
      maxLineBytes: options.maxLineBytes,
      consumer: options.consumer,
      gate: options.gate,
      timers,
      observeLine: options.observeLine,
      stallAfterExitMs: options.stallAfterExitMs,
    });
    const spawned = await child.spawned;
    if (!spawned.ok) {
      await capture.done;
      return {kind: 'spawn-failed', message: spawned.message};
    }
    pgid = spawned.pid;
    options.groups.add(pgid);
    tracker = options.createTracker?.(pgid);
    let cancelScan: (() => void) | undefined;
    const scan = (): void => {
      for (const info of tracker?.scan() ?? []) {
        if (info.pgid === info.pid && !escapedGroups.has(info.pgid)) {
          escapedGroups.add(info.pgid);
          options.groups.add(info.pgid);
        }
      }
      cancelScan = timers.setTimer(scan, options.scanIntervalMs);
    };
    if (tracker) scan();
    options.onSpawned(pgid);
    if (earlySignal !== undefined) signalAll(earlySignal);

    const exit = await child.exited;
    cancelScan?.();
    capture.childExited();
    // As in a container whose init ended: whatever the component left running dies with it.
    // Its output already in the pipes is still read below.
    signalAll('SIGKILL');
    const drained = await capture.done;
    if (drained.abandoned) {
      options.onNote(
        `stopped reading output: its pipes were still held open ${Math.round((options.stallAfterExitMs ?? 3000) / 1000)} s after exit by a process outside its group`,
        'warn',
      );
    }
    if (options.groupAlive !== undefined) await waitUntilGone([pgid, ...escapedGroups], options.groupAlive, timers);
    options.groups.remove(pgid);
    for (const group of escapedGroups) options.groups.remove(group);
    if (exit.code !== null) return {kind: 'exited', code: exit.code};
    return {kind: 'signaled', signal: exit.signal ?? 'SIGKILL'};
  })();

  return {signal: signalAll, ended};
}

/** Polls until no group has a live member, or gives up after GROUP_GONE_TIMEOUT_MS (the reaper and exit handler still cover them). */
async function waitUntilGone(groups: number[], alive: (pgid: number) => boolean, timers: Timers): Promise<void> {
  const deadline = timers.now() + GROUP_GONE_TIMEOUT_MS;
  while (groups.some(alive) && timers.now() < deadline) {
    await new Promise<void>((resolve) => timers.setTimer(resolve, GROUP_GONE_POLL_MS));
  }
}
