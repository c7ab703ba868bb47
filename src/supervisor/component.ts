/**
 * The state machine of one component (states and diagram in `component-state.ts`). Every
 * transition becomes a `control` entry through `note()`, so the lifecycle reads inline with
 * the component's output, and updates the status row the viewers poll.
 */
import type {ResolvedComponent} from '../config/model.js';
import type {Level} from '../logs/entry.js';
import {levelRank} from '../logs/entry.js';
import {fileLineOf} from '../logs/files.js';
import {formatDuration} from '../util/duration.js';
import {unreachable} from '../util/unreachable.js';
import type {LineConsumer} from './capture.js';
import {exitFields, isSettled, reasonOf, settledAfterExit, type ComponentState} from './component-state.js';
import type {EscapeeTracker, ProcInfo} from './descendants.js';
import type {LogFileGate} from './log-file-gate.js';
import {startProcessRun, type GroupRegistry, type ProcessRun} from './process-run.js';
import {decideRestart, describeExit, type ExitReason} from './restart-policy.js';
import type {KillFn, SpawnFn} from './spawn.js';
import type {ComponentStatus, HealthState} from './status.js';
import type {Timers} from './timers.js';
import type {PendingEntry} from './control-entry.js';

/** A running health check, as the runner drives it. */
export interface HealthHandle {
  /** The log-line check looks at every line; the others ignore it. */
  observe(line: string): void;
  stop(): void;
}

export interface HealthHooks {
  onChange(health: 'healthy' | 'unhealthy', reason: string | undefined): void;
}

export interface RunnerDeps {
  component: ResolvedComponent;
  env: Record<string, string>;
  spawn: SpawnFn;
  kill: KillFn;
  killPid: (pid: number, signal: NodeJS.Signals) => void;
  /** See ProcessRunOptions.groupAlive. */
  groupAlive?: (pgid: number) => boolean;
  timers: Timers;
  groups: GroupRegistry;
  file: LogFileGate;
  maxLineBytes: number;
  /** A fresh entry builder for a run; `restarts` numbers the entries. */
  createConsumer: (restarts: () => number, deliver: (entries: PendingEntry[]) => void) => LineConsumer;
  /** Writes entries to the file's readers: the hub (assigns seq). */
  publish: (entries: PendingEntry[]) => void;
  /** A control entry for this component. */
  note: (message: string, level: Level, restarts: number) => void;
  createHealth: ((hooks: HealthHooks) => HealthHandle) | undefined;
  createTracker: ((pgid: number) => EscapeeTracker) | undefined;
  /** See ProcessRunOptions.findMarked. */
  findMarked?: () => ProcInfo[];
  scanIntervalMs: number;
  stallAfterExitMs?: number;
  /** Called after every status change: a transition, or new output (line counts). */
  onChange: (what: 'state' | 'output') => void;
}

export class ComponentRunner {
  readonly #deps: RunnerDeps;
  #state: ComponentState = {name: 'waiting', reason: 'not started yet'};
  #run: ProcessRun | undefined;
  #health: HealthHandle | undefined;
  #healthState: HealthState;
  #attempts = 0;
  #restarts = 0;
  #counts = {lines: 0, warnings: 0, errors: 0};
  #cancelGrace: (() => void) | undefined;
  #settledWaiters: (() => void)[] = [];

  constructor(deps: RunnerDeps) {
    this.#deps = deps;
    this.#healthState = deps.component.healthCheck ? 'unknown' : 'none';
  }

  get id(): string {
    return this.#deps.component.id;
  }

  get state(): ComponentState {
    return this.#state;
  }

  /** It will run again by itself (backing off before a restart). */
  get willRestart(): boolean {
    return this.#state.name === 'backing-off';
  }

  get settled(): boolean {
    return isSettled(this.#state);
  }

  status(): ComponentStatus {
    const s = this.#state;
    const exit = s.name === 'exited' || s.name === 'backing-off' || s.name === 'stopped' || s.name === 'failed' ? s.exit : undefined;
    const pid = s.name === 'running' || s.name === 'healthy' || s.name === 'unhealthy' || s.name === 'stopping' ? s.pid : undefined;
    const startedAt = s.name === 'running' || s.name === 'healthy' || s.name === 'unhealthy' || s.name === 'starting' ? s.startedAt : undefined;
    return {
      id: this.id,
      kind: this.#deps.component.kind,
      state: s.name,
      pid,
      startedAt,
      restarts: this.#restarts,
      health: this.#healthState,
      ...exitFields(exit),
      reason: reasonOf(this.#state),
      ...this.#counts,
      heartbeat: undefined,
    };
  }

  /** Not started because a dependency is not ready; repeated reasons are noted once. */
  wait(reason: string): void {
    if (this.#state.name === 'waiting' && this.#state.reason === reason) return;
    this.#set({name: 'waiting', reason});
    this.#note(reason, 'info');
  }

  /** Will not start at all (a dependency failed, a port is taken). */
  fail(reason: string): void {
    if (!(this.#state.name === 'waiting' || isSettled(this.#state))) return;
    this.#set({name: 'failed', reason, exit: undefined});
    this.#note(reason, 'error');
    this.#settle();
  }

  /** Launches a run now; the caller checked dependencies. A fresh start resets the restart budget. */
  start(): void {
    if (!(this.#state.name === 'waiting' || isSettled(this.#state))) return;
    this.#attempts = 0;
    this.#launch();
  }

  /** Stops (no restart follows); resolves once it is settled. `force` skips the grace period. */
  stop(options: {force?: boolean} = {}): Promise<void> {
    const s = this.#state;
    switch (s.name) {
      case 'waiting':
        this.#set({name: 'stopped', exit: undefined});
        this.#note('stopped before it started', 'info');
        this.#settle();
        break;
      case 'backing-off':
        s.cancel();
        this.#set({name: 'stopped', exit: s.exit});
        this.#note('stopped (restart cancelled)', 'info');
        this.#settle();
        break;
      case 'starting':
      case 'running':
      case 'healthy':
      case 'unhealthy':
        this.#beginStop(s.name === 'starting' ? undefined : s.pid, options.force === true);
        break;
      case 'stopping':
        if (options.force === true && s.signal !== 'SIGKILL') this.#escalate(false);
        break;
      case 'exited':
      case 'stopped':
      case 'failed':
        break;
      default:
        unreachable(s);
    }
    return this.whenSettled();
  }

  whenSettled(): Promise<void> {
    if (isSettled(this.#state)) return Promise.resolve();
    return new Promise((resolve) => this.#settledWaiters.push(resolve));
  }

  #beginStop(pid: number | undefined, force: boolean): void {
    const {stopSignal, stopGracePeriodMs} = this.#deps.component;
    const signal = force ? 'SIGKILL' : stopSignal;
    this.#stopHealth();
    this.#set({name: 'stopping', pid, signal, since: this.#deps.timers.now()});
    this.#note(force ? 'killing (SIGKILL)' : `stopping (${signal})`, 'info');
    this.#run?.signal(signal);
    if (!force) this.#cancelGrace = this.#deps.timers.setTimer(() => this.#escalate(true), stopGracePeriodMs);
  }

  #escalate(afterGrace: boolean): void {
    const s = this.#state;
    if (s.name !== 'stopping') return;
    this.#cancelGrace?.();
    this.#cancelGrace = undefined;
    const grace = formatDuration(this.#deps.component.stopGracePeriodMs);
    this.#note(afterGrace ? `did not stop within ${grace}; sending SIGKILL` : 'killing (SIGKILL)', afterGrace ? 'warn' : 'info');
    this.#set({...s, signal: 'SIGKILL'});
    this.#run?.signal('SIGKILL');
  }

  #launch(): void {
    const deps = this.#deps;
    const startedAt = deps.timers.now();
    this.#set({name: 'starting', startedAt});
    this.#note('starting', 'info');
    this.#healthState = deps.component.healthCheck ? 'unknown' : 'none';
    const consumer = deps.createConsumer(() => this.#restarts, (entries) => this.#deliver(entries));
    const run = startProcessRun({
      component: deps.component,
      env: deps.env,
      spawn: deps.spawn,
      kill: deps.kill,
      killPid: deps.killPid,
      groupAlive: deps.groupAlive,
      timers: deps.timers,
      consumer,
      gate: deps.file,
      groups: deps.groups,
      maxLineBytes: deps.maxLineBytes,
      createTracker: deps.createTracker,
      findMarked: deps.findMarked,
      scanIntervalMs: deps.scanIntervalMs,
      stallAfterExitMs: deps.stallAfterExitMs,
      // Health sees lines after the builder, so "healthy" never precedes the line that made it so.
      observeLine: undefined,
      onSpawned: (pid) => this.#spawned(pid, startedAt),
      onNote: (message, level) => this.#note(message, level),
    });
    this.#run = run;
    void run.ended.then((exit) => this.#ended(run, exit, startedAt));
  }

  #spawned(pid: number, startedAt: number): void {
    const s = this.#state;
    if (s.name === 'stopping') {
      this.#set({...s, pid});
      return;
    }
    this.#set({name: 'running', pid, startedAt});
    this.#note(`started, pid ${pid}`, 'info');
    this.#health = this.#deps.createHealth?.({onChange: (health, reason) => this.#healthChanged(health, reason)});
  }

  #healthChanged(health: 'healthy' | 'unhealthy', reason: string | undefined): void {
    const s = this.#state;
    if (s.name !== 'running' && s.name !== 'healthy' && s.name !== 'unhealthy') return;
    this.#healthState = health;
    if (health === 'healthy') {
      this.#set({name: 'healthy', pid: s.pid, startedAt: s.startedAt});
      this.#note('healthy', 'info');
    } else {
      const why = reason ?? 'health check failed';
      this.#set({name: 'unhealthy', pid: s.pid, startedAt: s.startedAt, reason: why});
      this.#note(`unhealthy: ${why}`, 'warn');
    }
  }

  #ended(run: ProcessRun, exit: ExitReason, startedAt: number): void {
    if (run !== this.#run) return;
    this.#run = undefined;
    this.#stopHealth();
    this.#cancelGrace?.();
    this.#cancelGrace = undefined;
    const stopping = this.#state.name === 'stopping';
    this.#note(exit.kind === 'spawn-failed' ? `cannot start: ${exit.message}` : describeExit(exit), exitLevel(exit, stopping));
    if (stopping) {
      this.#set({name: 'stopped', exit});
      this.#note('stopped', 'info');
      this.#settle();
      return;
    }
    const history = {attempts: this.#attempts, runDurationMs: this.#deps.timers.now() - startedAt};
    const {decision, attempts} = decideRestart(this.#deps.component.restart, exit, history, false);
    this.#attempts = attempts;
    if (decision.restart) {
      const of = decision.maxAttempts === undefined ? '' : ` of ${decision.maxAttempts}`;
      const cancel = this.#deps.timers.setTimer(() => {
        if (this.#state.name !== 'backing-off') return;
        this.#restarts++;
        this.#launch();
      }, decision.delayMs);
      const until = this.#deps.timers.now() + decision.delayMs;
      this.#set({name: 'backing-off', exit, attempt: decision.attempt, until, cancel});
      this.#note(`restarting in ${formatDuration(decision.delayMs)}, attempt ${decision.attempt}${of}`, 'info');
      return;
    }
    const settled = settledAfterExit(decision.final, decision.reason, exit);
    this.#set(settled.state);
    if (settled.note) this.#note(settled.note.message, settled.note.level);
    this.#settle();
  }

  #deliver(entries: PendingEntry[]): void {
    if (entries.length === 0) return;
    let text = '';
    for (const entry of entries) {
      text += `${fileLineOf(entry)}\n`;
      const rank = levelRank(entry.level);
      if (entry.level === 'warn') this.#counts.warnings++;
      else if (rank >= levelRank('error') && entry.level !== 'unknown') this.#counts.errors++;
    }
    this.#counts.lines += entries.length;
    this.#deps.file.write(text);
    this.#deps.publish(entries);
    const health = this.#health;
    if (health) for (const entry of entries) for (const line of entry.raw.split('\n')) health.observe(line);
    this.#deps.onChange('output');
  }

  #stopHealth(): void {
    this.#health?.stop();
    this.#health = undefined;
  }

  #note(message: string, level: Level): void {
    this.#deps.note(message, level, this.#restarts);
  }

  #set(state: ComponentState): void {
    this.#state = state;
    this.#deps.onChange('state');
  }

  #settle(): void {
    const waiters = this.#settledWaiters;
    this.#settledWaiters = [];
    for (const resolve of waiters) resolve();
    this.#deps.onChange('state');
  }
}

function exitLevel(exit: ExitReason, stopping: boolean): Level {
  if (stopping) return 'info';
  return exit.kind === 'exited' && exit.code === 0 ? 'info' : 'error';
}
