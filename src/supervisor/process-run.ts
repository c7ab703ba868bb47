/**
 * One run of a component's process, from spawn to "gone": spawn it in its own group, capture
 * its output, keep the reaper informed, follow descendants that left the group, and report
 * the exit only once the output is drained. The state machine (`component.ts`) decides what
 * the run means; this module only makes it happen.
 */
import type {ResolvedComponent} from '../config/model.js';
import type {Level} from '../logs/entry.js';
import {captureOutput, type FlowGate, type LineConsumer} from './capture.js';
import type {EscapeeTracker, ProcInfo} from './descendants.js';
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
  /**
   * The live processes carrying this component's run mark (`run-mark.ts`): its descendants,
   * also those that left the group and lost their parent between two scans. Undefined: none.
   */
  findMarked?: () => ProcInfo[];
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
  /** Sends `signal` to the group, every known escapee and every marked process; remembered until the spawn if early. */
  signal(signal: NodeJS.Signals): void;
  /** The exit, once the pipes are drained and the group and the marked processes are gone. */
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
    // Each process is signalled once: a second SIGTERM means "now" to many programs.
    const signalledGroups = new Set([pgid]);
    const signalledPids = new Set<number>();
    const signalOne = (info: ProcInfo): void => {
      if (signalledGroups.has(info.pgid) || signalledPids.has(info.pid)) return;
      signalledPids.add(info.pid);
      options.killPid(info.pid, signal);
    };
    if (tracker) {
      tracker.scan();
      for (const info of tracker.alive()) {
        // An escapee that leads its own group: the group signal reaches it and what it forked.
        if (info.pgid === info.pid && !signalledGroups.has(info.pgid)) {
          options.kill(info.pgid, signal);
          signalledGroups.add(info.pgid);
        } else {
          signalOne(info);
        }
      }
    }
    for (const info of options.findMarked?.() ?? []) signalOne(info);
  };

  /** SIGKILLs marked stragglers again (they may have forked); true while anything of the run is left. */
  const killLeftovers = (groups: number[]): boolean => {
    const marked = options.findMarked?.() ?? [];
    for (const info of marked) options.killPid(info.pid, 'SIGKILL');
    return marked.length > 0 || (options.groupAlive !== undefined && groups.some(options.groupAlive));
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
    const groups = [pgid, ...escapedGroups];
    await waitUntilGone(() => killLeftovers(groups), timers);
    options.groups.remove(pgid);
    for (const group of escapedGroups) options.groups.remove(group);
    if (exit.code !== null) return {kind: 'exited', code: exit.code};
    return {kind: 'signaled', signal: exit.signal ?? 'SIGKILL'};
  })();

  return {signal: signalAll, ended};
}

/** Polls until nothing is left, or gives up after GROUP_GONE_TIMEOUT_MS (the reaper and exit handler still cover them). */
async function waitUntilGone(anythingLeft: () => boolean, timers: Timers): Promise<void> {
  const deadline = timers.now() + GROUP_GONE_TIMEOUT_MS;
  while (anythingLeft() && timers.now() < deadline) {
    await new Promise<void>((resolve) => timers.setTimer(resolve, GROUP_GONE_POLL_MS));
  }
}
