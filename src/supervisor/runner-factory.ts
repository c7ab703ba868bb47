/**
 * The wiring of one component's runner: what the supervisor's options, or the real world
 * when a test did not inject it, give the runner (spawn, kill, timers, health monitors,
 * escapee tracking, its log file, the hub). Kept apart from the supervisor, which decides
 * when runners start and stop, not how they are built.
 */
import type {ResolvedComponent} from '../config/model.js';
import {ComponentRunner, type HealthHandle} from './component.js';
import {controlEntry} from './control-entry.js';
import {EscapeeTracker} from './descendants.js';
import {createLineConsumer} from './entry-consumer.js';
import {groupHasLiveMembers} from './group-liveness.js';
import {createComponentHealth} from './health-adapter.js';
import type {LogFileGate} from './log-file-gate.js';
import type {OrphanGuard} from './orphan-guard.js';
import {RemoteRunner} from './remote-runner.js';
import {findMarked} from './run-mark.js';
import {buildChildEnv, execaSpawn, killProcessGroup} from './spawn.js';
import type {SupervisorOptions} from './supervisor.js';
import type {Timers} from './timers.js';

export interface RunnerContext {
  options: SupervisorOptions;
  timers: Timers;
  guard: OrphanGuard;
  file: LogFileGate;
  /** The supervisor's run mark name (`run-mark.ts`), given to every child. */
  runMark: string;
  onChange: (what: 'state' | 'output') => void;
}

const noHealth: HealthHandle = {observe: () => undefined, stop: () => undefined};

/** The runner of `component`, the `index`-th of the pipeline (its default HEALTH_PORT is 18081 + index). */
export function createRunner(component: ResolvedComponent, index: number, context: RunnerContext): ComponentRunner {
  const {options, timers, guard} = context;
  const {pipeline, hub} = options;
  const trackEscapees = options.trackEscapees ?? process.platform === 'linux';
  const createHealth =
    options.createHealth ?? ((c: ResolvedComponent, hooks) => createComponentHealth(c, hooks, {timers, groups: guard}));
  return new ComponentRunner({
    component,
    env: buildChildEnv(component, options.parentEnv ?? process.env, {
      index,
      controlPlaneAddress: options.controlPlaneAddress,
      controlPlaneToken: options.controlPlaneToken,
      color: options.color === true,
      runMark: context.runMark,
    }),
    spawn: options.spawn ?? execaSpawn,
    kill: options.kill ?? killProcessGroup,
    killPid: options.killPid ?? killPid,
    // With real processes, a run ends only when its whole group is gone; injected kills (tests) do not wait.
    groupAlive: options.kill === undefined ? groupHasLiveMembers : undefined,
    timers,
    groups: guard,
    file: context.file,
    maxLineBytes: pipeline.logging.maxLineBytes,
    createConsumer: (restarts, deliver) => createLineConsumer(component, restarts, timers, deliver),
    publish: (entries) => hub.publish(entries),
    note: (message, level, restarts) => {
      hub.publish([controlEntry(component, message, level, restarts, timers.now())]);
    },
    createHealth: component.healthCheck ? (hooks) => createHealth(component, hooks) ?? noHealth : undefined,
    createTracker: trackEscapees ? (pgid) => new EscapeeTracker(pgid) : undefined,
    // The mark finds escapees with no window; the scans also catch one that dropped its environment.
    findMarked: trackEscapees ? () => findMarked(context.runMark, component.id) : undefined,
    scanIntervalMs: options.scanIntervalMs ?? 2000,
    stallAfterExitMs: options.stallAfterExitMs,
    onChange: context.onChange,
  });
}

/** The runner of a `remote: true` component: never spawned; follows its pushed logs from the hub. */
export function createRemoteRunner(component: ResolvedComponent, _index: number, context: RunnerContext): RemoteRunner {
  const {options, timers, guard} = context;
  const createHealth =
    options.createHealth ?? ((c: ResolvedComponent, hooks) => createComponentHealth(c, hooks, {timers, groups: guard}));
  return new RemoteRunner({
    component,
    hub: options.hub,
    file: context.file,
    createHealth: component.healthCheck ? (hooks) => createHealth(component, hooks) ?? noHealth : undefined,
    note: (message, level) => options.hub.publish([controlEntry(component, message, level, 0, timers.now())]),
    onChange: context.onChange,
  });
}

function killPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already, or no longer ours.
  }
}
