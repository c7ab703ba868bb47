/**
 * Runs a pipeline like `docker compose up`: starts components in dependency order, keeps them
 * alive by their restart policies, captures every line into `logs/<id>.log` and the hub, and
 * stops everything in reverse dependency order, leaving no process behind.
 */
import type {ResolvedComponent, ResolvedPipeline} from '../config/model.js';
import type {LogHub} from '../logs/api.js';
import type {Level} from '../logs/entry.js';
import {openComponentLog} from '../logs/files.js';
import {err, ok, type Result} from '../util/result.js';
import {ComponentRunner, type HealthHandle, type HealthHooks} from './component.js';
import {controlEntry, type PendingEntry} from './control-entry.js';
import {dependencyViewOf, evaluateDependencies} from './dependencies.js';
import {pipelineExitCode} from './exit-code.js';
import type {FlowGate} from './capture.js';
import {LogFileGate} from './log-file-gate.js';
import {OrphanGuard} from './orphan-guard.js';
import {findPortConflicts, portsNeededBy} from './ports.js';
import type {KillFn, SpawnFn} from './spawn.js';
import {createRemoteRunner, createRunner} from './runner-factory.js';
import {newRunMarkName} from './run-mark.js';
import {notRunByFlowctl, RemoteRunner} from './remote-runner.js';
import type {ComponentStatus, PipelineControl} from './status.js';
import {stopInReverseOrder} from './stop-order.js';
import {realTimers, type Timers} from './timers.js';

export interface SupervisorOptions {
  pipeline: ResolvedPipeline;
  hub: LogHub;
  /** Folder for `<id>.log` (the CLI's `--log-dir`); default `pipeline.logging.dir`. */
  logDir?: string;
  /** `host:port` given to children as FLOWCTL_ENDPOINT. */
  controlPlaneAddress?: string;
  /** The control plane's token, when it requires one: children get it as FLOWCTL_TOKEN. */
  controlPlaneToken?: string;
  /** The viewer shows colours: children get FORCE_COLOR=1. */
  color?: boolean;
  /** Stop everything as soon as any component ended for good (`--abort-on-exit`). */
  abortOnExit?: boolean;
  /** That component's exit code becomes the pipeline's (`--exit-code-from`). */
  exitCodeFrom?: string;
  /** Injected world, for tests. */
  timers?: Timers;
  spawn?: SpawnFn;
  kill?: KillFn;
  killPid?: (pid: number, signal: NodeJS.Signals) => void;
  parentEnv?: NodeJS.ProcessEnv;
  /** Start the reaper process (default true); `graceMs` for drivers and tests. */
  reaper?: boolean | {graceMs?: number};
  /** Follow descendants that leave the process group (default: on Linux). */
  trackEscapees?: boolean;
  scanIntervalMs?: number;
  /** Refuse to start a component whose ports are taken (default true). */
  checkPorts?: boolean;
  /** Replaces the health monitors (tests). */
  createHealth?: (component: ResolvedComponent, hooks: HealthHooks) => HealthHandle | undefined;
  /** After a child exited, silence tolerated on pipes an escaped process still holds. */
  stallAfterExitMs?: number;
  /**
   * Holds every component's pipes while it is behind, as a slow log file does (the
   * history writer's backlog gate), so what cannot be saved yet waits in the children.
   */
  backpressure?: FlowGate;
}

type Phase = 'idle' | 'running' | 'shutting-down' | 'done';

type Runner = ComponentRunner | RemoteRunner;

export class Supervisor implements PipelineControl {
  readonly pipelineName: string;
  /** Resolves once every component ended and none will restart; files are closed by then. */
  readonly done: Promise<{exitCode: number}>;
  readonly #options: SupervisorOptions;
  readonly #timers: Timers;
  readonly #runners = new Map<string, Runner>();
  readonly #files = new Map<string, LogFileGate>();
  readonly #guard: OrphanGuard;
  /** In every child's environment: finds all of them, however they escaped (`run-mark.ts`). */
  readonly #runMark = newRunMarkName();
  readonly #listeners = new Set<() => void>();
  /** Components waiting for their dependencies before their next start. */
  readonly #pending = new Set<string>();
  readonly #restarting = new Set<string>();
  #phase: Phase = 'idle';
  #scheduleQueued = false;
  #shutdown: Promise<void> | undefined;
  #finishing: Promise<void> | undefined;
  #resolveDone!: (value: {exitCode: number}) => void;

  constructor(options: SupervisorOptions) {
    this.#options = options;
    this.pipelineName = options.pipeline.name;
    this.#timers = options.timers ?? realTimers;
    const reaper = typeof options.reaper === 'object' ? options.reaper : {};
    this.#guard = new OrphanGuard({reaperGraceMs: reaper.graceMs, runMark: this.#runMark});
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  /**
   * `start()`: launches the pipeline; resolves once the reaper runs, the log files are open and
   * the components whose dependencies allow it were spawned (the others start as their
   * conditions hold). `start(id)`: starts one ended component again (after its dependencies).
   */
  start(): Promise<void>;
  start(id: string): Promise<Result<void, string>>;
  async start(id?: string): Promise<Result<void, string> | void> {
    if (id === undefined) return this.#startPipeline();
    const runner = this.#localRunnerFor(id);
    if (!runner.ok) return runner;
    if (this.#phase !== 'running') return err(this.#notRunning());
    if (!runner.value.settled) return err(`${id} is already ${runner.value.state.name}`);
    this.#pending.add(id);
    this.#schedule();
    return ok(undefined);
  }

  async #startPipeline(): Promise<void> {
    if (this.#phase !== 'idle') return;
    this.#phase = 'running';
    const {pipeline} = this.#options;
    if (this.#options.reaper !== false) {
      const started = await this.#guard.startReaper();
      if (!started.ok) this.#pipelineNote(`${started.error}; processes may survive if flowctl is killed with SIGKILL`, 'warn');
      if (this.#phase !== 'running') return;
    }
    const problems = new Map<string, string>();
    const logDir = this.#options.logDir ?? pipeline.logging.dir;
    pipeline.components.forEach((component, index) => {
      const opened = openComponentLog(logDir, component.id, pipeline.logging.rotation);
      if (!opened.ok) problems.set(component.id, `cannot start: ${opened.error}`);
      this.#files.set(component.id, new LogFileGate(opened.ok ? opened.value : undefined, this.#options.backpressure));
      if (opened.ok) {
        opened.value.onError((message) => this.#componentNote(component, message, 'error'));
      }
      this.#runners.set(component.id, this.#createRunner(component, index));
    });
    if (this.#options.checkPorts !== false) {
      const checks = await Promise.all(
        // A remote component's ports are its host's: flowctl does not bind them.
        pipeline.components.filter((c) => c.remote !== true).map(async (c) => [c.id, await findPortConflicts(c.id, portsNeededBy(c))] as const),
      );
      for (const [id, conflicts] of checks) {
        if (conflicts.length > 0 && !problems.has(id)) problems.set(id, `cannot start: ${conflicts.join('; ')}`);
      }
    }
    for (const id of this.#order()) {
      const runner = this.#runners.get(id);
      const problem = problems.get(id);
      if (problem !== undefined) runner?.fail(problem);
      // Nothing to wait for: flowctl does not start it, its logs may arrive at once.
      if (runner instanceof RemoteRunner) runner.start();
      else if (problem === undefined) this.#pending.add(id);
    }
    if (this.#phase !== 'running') return;
    this.#schedule();
    this.#checkEnded();
  }

  status(): ComponentStatus[] {
    return this.#order().flatMap((id) => {
      const runner = this.#runners.get(id);
      return runner ? [runner.status()] : [];
    });
  }

  onStatusChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async restart(id: string): Promise<Result<void, string>> {
    const runner = this.#localRunnerFor(id);
    if (!runner.ok) return runner;
    if (this.#phase !== 'running') return err(this.#notRunning());
    // Keeps the pipeline from counting as ended while the component is down in between.
    this.#restarting.add(id);
    this.#pending.delete(id);
    await runner.value.stop();
    this.#restarting.delete(id);
    if (this.#phase !== 'running') return err(this.#notRunning());
    this.#pending.add(id);
    this.#schedule();
    return ok(undefined);
  }

  async stop(id: string): Promise<Result<void, string>> {
    const runner = this.#localRunnerFor(id);
    if (!runner.ok) return runner;
    this.#pending.delete(id);
    await runner.value.stop();
    return ok(undefined);
  }

  /**
   * Stops the whole pipeline: components that never started are dropped, the others are
   * stopped in reverse dependency order (stop signal to the group, grace period, SIGKILL).
   * `force` SIGKILLs every group at once, also when a graceful shutdown is under way (the
   * second Ctrl+C). Idempotent; resolves when every child is gone and the files are closed.
   */
  shutdown(options: {force?: boolean} = {}): Promise<void> {
    const force = options.force === true;
    if (this.#phase === 'idle') {
      this.#phase = 'done';
      this.#shutdown = this.#finish();
      return this.#shutdown;
    }
    if (this.#phase === 'running') this.#phase = 'shutting-down';
    if (force) for (const runner of this.#runners.values()) void runner.stop({force: true});
    this.#shutdown ??= (async () => {
      this.#pending.clear();
      for (const runner of this.#runners.values()) if (runner.state.name === 'waiting') void runner.stop();
      await stopInReverseOrder(this.#options.pipeline.components, (id) => this.#runners.get(id)?.stop({force}) ?? Promise.resolve());
      await this.#finish();
    })();
    return this.#shutdown;
  }

  /** SIGKILL every group still alive from a synchronous `process.on('exit')` (the CLI installs it). */
  installExitHandler(): void {
    this.#guard.installExitHandler();
  }

  removeExitHandler(): void {
    this.#guard.removeExitHandler();
  }

  /** Process groups the exit handler and the reaper would kill now (components, escapees, probes). */
  get trackedGroups(): ReadonlySet<number> {
    return this.#guard.groups;
  }

  /** Pid of the reaper process, if it runs (tests check it exits). */
  get reaperPid(): number | undefined {
    return this.#guard.reaperPid;
  }

  #createRunner(component: ResolvedComponent, index: number): Runner {
    return (component.remote === true ? createRemoteRunner : createRunner)(component, index, {
      options: this.#options,
      timers: this.#timers,
      guard: this.#guard,
      file: this.#files.get(component.id) ?? new LogFileGate(undefined, this.#options.backpressure),
      runMark: this.#runMark,
      onChange: (what) => this.#changed(what),
    });
  }

  #changed(what: 'state' | 'output'): void {
    for (const listener of this.#listeners) listener();
    if (what === 'state') this.#schedule();
  }

  /** Re-evaluates waiting components after any transition (once per tick, never re-entrant). */
  #schedule(): void {
    if (this.#scheduleQueued) return;
    this.#scheduleQueued = true;
    queueMicrotask(() => {
      this.#scheduleQueued = false;
      if (this.#phase === 'running') this.#gatePending();
      this.#checkEnded();
    });
  }

  #gatePending(): void {
    for (const id of this.#order()) {
      if (!this.#pending.has(id)) continue;
      const runner = this.#runners.get(id);
      const component = this.#options.pipeline.components.find((c) => c.id === id);
      if (!runner || !component) continue;
      const gate = evaluateDependencies(component.dependsOn, (depId) => {
        const dep = this.#runners.get(depId);
        const depComponent = this.#options.pipeline.components.find((c) => c.id === depId);
        if (!dep || !depComponent) return undefined;
        return dependencyViewOf(dep.status(), {
          hasHealthCheck: depComponent.healthCheck !== undefined,
          willRestart: dep.willRestart || this.#restarting.has(depId) || this.#pending.has(depId),
        });
      });
      switch (gate.kind) {
        case 'go':
          this.#pending.delete(id);
          if (gate.note !== undefined) this.#componentNote(component, gate.note, 'info');
          runner.start();
          break;
        case 'wait':
          runner.wait(gate.reason);
          break;
        case 'blocked':
          this.#pending.delete(id);
          runner.fail(gate.reason);
          break;
      }
    }
  }

  /** Like `docker compose up`: ends once everything ended and nothing will run again. */
  #checkEnded(): void {
    if (this.#phase !== 'running') return;
    const runners = [...this.#runners.values()];
    if (this.#options.abortOnExit === true && runners.some((r) => r.settled && !this.#restarting.has(r.id))) {
      this.#pipelineNote('a component ended; stopping the pipeline (--abort-on-exit)', 'info');
      void this.shutdown();
      return;
    }
    // Remote components never end by themselves: the pipeline ends with its local ones (and,
    // with none, only when stopped).
    const local = runners.filter((r) => r instanceof ComponentRunner);
    if (this.#pending.size > 0 || this.#restarting.size > 0 || local.length === 0 || !local.every((r) => r.settled)) return;
    this.#phase = 'shutting-down';
    this.#shutdown = this.#finish();
  }

  #finish(): Promise<void> {
    this.#finishing ??= (async () => {
      // Pushed lines still queued for a remote component's file go in before it closes.
      await Promise.all([...this.#runners.values()].map((r) => (r instanceof RemoteRunner ? r.stop() : undefined)));
      await Promise.all([...this.#files.values()].map((file) => file.close()));
      this.#guard.release();
      this.#phase = 'done';
      this.#resolveDone({exitCode: pipelineExitCode(this.status(), this.#options.exitCodeFrom)});
      for (const listener of this.#listeners) listener();
    })();
    return this.#finishing;
  }

  #order(): string[] {
    return this.#options.pipeline.startOrder;
  }

  /** The runner of a component flowctl runs: restart, stop and start are refused for a remote one. */
  #localRunnerFor(id: string): Result<ComponentRunner, string> {
    const runner = this.#runnerFor(id);
    if (!runner.ok) return runner;
    return runner.value instanceof ComponentRunner ? ok(runner.value) : err(notRunByFlowctl(id));
  }

  #runnerFor(id: string): Result<Runner, string> {
    const runner = this.#runners.get(id);
    if (runner) return ok(runner);
    if (this.#phase === 'idle') return err('the pipeline has not been started');
    return err(`no component ${JSON.stringify(id)} in pipeline ${this.pipelineName}; known: ${this.#order().join(', ')}`);
  }

  #notRunning(): string {
    return this.#phase === 'idle' ? 'the pipeline has not been started' : 'the pipeline is shutting down or has ended';
  }

  #componentNote(component: ResolvedComponent, message: string, level: Level): void {
    this.#options.hub.publish([controlEntry(component, message, level, 0, this.#timers.now())]);
  }

  #pipelineNote(message: string, level: Level): void {
    const entry: PendingEntry = controlEntry({id: '', kind: 'source'}, message, level, 0, this.#timers.now());
    this.#options.hub.publish([{...entry, componentType: ''}]);
  }
}
