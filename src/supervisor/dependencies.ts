/**
 * The `depends_on` gate: may a component start now, must it wait, or will it never start
 * because a dependency is gone for good. Pure: the supervisor passes what it knows about each
 * dependency and re-evaluates whenever a dependency's status changes.
 *
 * Conditions (docker compose's `service_started` / `service_healthy` /
 * `service_completed_successfully`):
 * - `started`: the dependency is running or beyond (healthy, unhealthy, backing off, exited
 *   cleanly, or exited and about to restart).
 * - `healthy`: its health check passed. A dependency WITHOUT a health check cannot pass one;
 *   docker refuses such a file, we treat the condition as `started` instead (a pipeline file
 *   written for flowctl often says `healthy` for components that never declared a check) and
 *   say so in the reasons.
 * - `completed_successfully`: it exited with code 0 and will not restart.
 * A `remote` dependency (not run by flowctl) counts as running from the pipeline's start.
 * Blocked: the dependency failed, ended unsuccessfully, ended before it could satisfy the
 * condition, or was stopped, and will not restart.
 */
import type {Dependency, DependencyCondition} from '../config/model.js';
import {unreachable} from '../util/unreachable.js';
import type {ComponentStateName, ComponentStatus, HealthState} from './status.js';

/** What the gate needs to know about one dependency. */
export interface DependencyView {
  state: ComponentStateName;
  /** `'none'` when it has no health check. */
  health: HealthState;
  hasHealthCheck: boolean;
  exitCode: number | undefined;
  signal: string | undefined;
  /** The supervisor will run it again (restart policy, or a restart in progress). */
  willRestart: boolean;
  /** The supervisor's words for a failure ("gave up after 5 restarts"), if any. */
  reason: string | undefined;
}

export type GateResult =
  | {kind: 'go'; note?: string}
  | {kind: 'wait'; reason: string}
  | {kind: 'blocked'; reason: string};

/** Build a view from a status snapshot plus the two facts the status does not carry. */
export function dependencyViewOf(
  status: Pick<ComponentStatus, 'state' | 'health' | 'exitCode' | 'signal' | 'reason'>,
  facts: {hasHealthCheck: boolean; willRestart: boolean},
): DependencyView {
  return {
    state: status.state,
    health: status.health,
    exitCode: status.exitCode,
    signal: status.signal,
    reason: status.reason,
    ...facts,
  };
}

/**
 * Gate a component on all its dependencies. Any blocked dependency blocks (all blocked reasons
 * are joined); otherwise any waiting one makes it wait (all waiting reasons joined); otherwise go.
 * `statusOf` returning undefined (an id the supervisor does not know) blocks, naming the id.
 */
export function evaluateDependencies(
  deps: Dependency[],
  statusOf: (id: string) => DependencyView | undefined,
): GateResult {
  const blocked: string[] = [];
  const waiting: string[] = [];
  const notes: string[] = [];
  for (const dep of deps) {
    const view = statusOf(dep.id);
    const result: GateResult =
      view === undefined ? {kind: 'blocked', reason: `depends on unknown component ${dep.id}; not starting`} : evaluateDependency(dep, view);
    if (result.kind === 'blocked') blocked.push(result.reason);
    else if (result.kind === 'wait') waiting.push(result.reason);
    else if (result.note !== undefined) notes.push(result.note);
  }
  if (blocked.length > 0) return {kind: 'blocked', reason: blocked.join('; ')};
  if (waiting.length > 0) return {kind: 'wait', reason: waiting.join('; ')};
  return notes.length > 0 ? {kind: 'go', note: notes.join('; ')} : {kind: 'go'};
}

/** The gate for a single dependency. */
export function evaluateDependency(dep: Dependency, view: DependencyView): GateResult {
  const condition = effectiveCondition(dep.condition, view);
  const noCheck = condition !== dep.condition;
  const note = noCheck ? `${dep.id} has no health check, so "healthy" means started` : undefined;
  const waitFor = (what: string): GateResult => ({
    kind: 'wait',
    reason: `waiting for ${dep.id} to ${what}${noCheck ? ` (it has no health check, so "healthy" means started)` : ''}`,
  });
  const goOn: GateResult = note === undefined ? {kind: 'go'} : {kind: 'go', note};
  const block = (what: string): GateResult => ({kind: 'blocked', reason: `${dep.id} ${what}; not starting`});

  switch (view.state) {
    case 'waiting':
    case 'starting':
      return waitFor(goal(condition));
    case 'running':
    case 'healthy':
    case 'unhealthy':
      return whileRunning(condition, view, goOn, waitFor);
    case 'backing-off':
      // It ran and runs again soon: started is satisfied, the others wait for the next run.
      return condition === 'started' ? goOn : waitFor(`${goal(condition)} (restarting after it ${ended(view)})`);
    case 'exited':
      if (view.willRestart) {
        return condition === 'started' ? goOn : waitFor(`${goal(condition)} (restarting after it ${ended(view)})`);
      }
      if (view.exitCode !== 0) return block(`failed (${ended(view)})`);
      if (condition === 'healthy') return block(`exited with code 0 before becoming healthy`);
      return goOn;
    case 'stopping':
      return view.willRestart ? waitFor(goal(condition)) : block('is stopping');
    case 'stopped':
      return view.willRestart ? waitFor(goal(condition)) : block('was stopped');
    case 'failed':
      return view.willRestart ? waitFor(goal(condition)) : block(`failed (${view.reason ?? ended(view)})`);
    case 'remote':
      // Not run by flowctl: "started" from the pipeline's start, "healthy" by its health check;
      // it is never seen to end (the loader refuses completed_successfully on it).
      return condition === 'completed_successfully' ? block('is remote: flowctl never sees it complete') : whileRunning(condition, view, goOn, waitFor);
    default:
      return unreachable(view.state);
  }
}

function whileRunning(
  condition: DependencyCondition,
  view: DependencyView,
  goOn: GateResult,
  waitFor: (what: string) => GateResult,
): GateResult {
  switch (condition) {
    case 'started':
      return goOn;
    case 'healthy':
      if (view.health === 'healthy' || view.state === 'healthy') return goOn;
      if (view.health === 'unhealthy' || view.state === 'unhealthy') {
        return waitFor(`be healthy (now unhealthy${view.reason === undefined ? '' : `: ${view.reason}`})`);
      }
      return waitFor('be healthy');
    case 'completed_successfully':
      return waitFor('complete successfully');
    default:
      return unreachable(condition);
  }
}

function effectiveCondition(condition: DependencyCondition, view: DependencyView): DependencyCondition {
  return condition === 'healthy' && !view.hasHealthCheck ? 'started' : condition;
}

function goal(condition: DependencyCondition): string {
  switch (condition) {
    case 'started':
      return 'start';
    case 'healthy':
      return 'be healthy';
    case 'completed_successfully':
      return 'complete successfully';
    default:
      return unreachable(condition);
  }
}

/** "exited with code 1", "was killed by SIGKILL", or the supervisor's reason. */
function ended(view: DependencyView): string {
  if (view.exitCode !== undefined) return `exited with code ${view.exitCode}`;
  if (view.signal !== undefined) return `was killed by ${view.signal}`;
  return view.reason ?? 'ended';
}
