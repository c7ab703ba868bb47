import {describe, expect, it} from 'vitest';
import type {DependencyCondition} from '../../src/config/model.js';
import {
  dependencyViewOf,
  evaluateDependencies,
  evaluateDependency,
  type DependencyView,
  type GateResult,
} from '../../src/supervisor/dependencies.js';

const ID = 'ttp-processor';
const view = (over: Partial<DependencyView>): DependencyView => ({
  state: 'running',
  health: 'unknown',
  hasHealthCheck: true,
  exitCode: undefined,
  signal: undefined,
  willRestart: false,
  reason: undefined,
  ...over,
});
const go: GateResult = {kind: 'go'};
const wait = (reason: string): GateResult => ({kind: 'wait', reason});
const blocked = (reason: string): GateResult => ({kind: 'blocked', reason});

type Row = [string, DependencyCondition, Partial<DependencyView>, GateResult];

const rows: Row[] = [
  // remote (not run by flowctl): started at once, healthy by its check, never completes
  ['remote dep', 'started', {state: 'remote', health: 'none', hasHealthCheck: false}, go],
  ['remote dep, check not passed yet', 'healthy', {state: 'remote', health: 'unknown'}, wait('waiting for ttp-processor to be healthy')],
  ['remote dep, check passed', 'healthy', {state: 'remote', health: 'healthy'}, go],
  ['remote dep without a check', 'healthy', {state: 'remote', health: 'none', hasHealthCheck: false}, {kind: 'go', note: 'ttp-processor has no health check, so "healthy" means started'}],
  ['remote dep to complete', 'completed_successfully', {state: 'remote'}, blocked('ttp-processor is remote: flowctl never sees it complete; not starting')],
  // started
  ['waiting dep', 'started', {state: 'waiting'}, wait('waiting for ttp-processor to start')],
  ['starting dep', 'started', {state: 'starting'}, wait('waiting for ttp-processor to start')],
  ['running dep', 'started', {state: 'running'}, go],
  ['healthy dep', 'started', {state: 'healthy', health: 'healthy'}, go],
  ['unhealthy dep', 'started', {state: 'unhealthy', health: 'unhealthy'}, go],
  ['dep backing off', 'started', {state: 'backing-off', exitCode: 1, willRestart: true}, go],
  ['dep exited, restarting', 'started', {state: 'exited', exitCode: 1, willRestart: true}, go],
  ['dep exited 0 for good', 'started', {state: 'exited', exitCode: 0}, go],
  ['dep exited 1 for good', 'started', {state: 'exited', exitCode: 1}, blocked('ttp-processor failed (exited with code 1); not starting')],
  ['dep killed for good', 'started', {state: 'exited', signal: 'SIGKILL'}, blocked('ttp-processor failed (was killed by SIGKILL); not starting')],
  ['dep failed', 'started', {state: 'failed', exitCode: 1, reason: 'gave up after 5 restarts'}, blocked('ttp-processor failed (gave up after 5 restarts); not starting')],
  ['dep failed, no reason', 'started', {state: 'failed', exitCode: 1}, blocked('ttp-processor failed (exited with code 1); not starting')],
  ['dep failed to spawn', 'started', {state: 'failed', reason: 'failed to start: spawn x ENOENT'}, blocked('ttp-processor failed (failed to start: spawn x ENOENT); not starting')],
  ['dep stopped', 'started', {state: 'stopped', signal: 'SIGTERM'}, blocked('ttp-processor was stopped; not starting')],
  ['dep stopping', 'started', {state: 'stopping'}, blocked('ttp-processor is stopping; not starting')],
  ['dep stopping to restart', 'started', {state: 'stopping', willRestart: true}, wait('waiting for ttp-processor to start')],
  ['dep stopped, restart pending', 'started', {state: 'stopped', willRestart: true}, wait('waiting for ttp-processor to start')],
  // healthy
  ['waiting dep', 'healthy', {state: 'waiting'}, wait('waiting for ttp-processor to be healthy')],
  ['running, health unknown', 'healthy', {state: 'running', health: 'unknown'}, wait('waiting for ttp-processor to be healthy')],
  ['healthy', 'healthy', {state: 'healthy', health: 'healthy'}, go],
  ['health field healthy', 'healthy', {state: 'running', health: 'healthy'}, go],
  ['unhealthy with reason', 'healthy', {state: 'unhealthy', health: 'unhealthy', reason: 'HTTP 503'}, wait('waiting for ttp-processor to be healthy (now unhealthy: HTTP 503)')],
  ['unhealthy without reason', 'healthy', {state: 'unhealthy', health: 'unhealthy'}, wait('waiting for ttp-processor to be healthy (now unhealthy)')],
  ['backing off', 'healthy', {state: 'backing-off', exitCode: 2, willRestart: true}, wait('waiting for ttp-processor to be healthy (restarting after it exited with code 2)')],
  ['exited 0 before healthy', 'healthy', {state: 'exited', exitCode: 0}, blocked('ttp-processor exited with code 0 before becoming healthy; not starting')],
  ['exited 3', 'healthy', {state: 'exited', exitCode: 3}, blocked('ttp-processor failed (exited with code 3); not starting')],
  ['failed', 'healthy', {state: 'failed', exitCode: 1}, blocked('ttp-processor failed (exited with code 1); not starting')],
  // healthy, but the dependency has no health check: treated as started
  ['no check, waiting', 'healthy', {state: 'waiting', hasHealthCheck: false, health: 'none'}, wait('waiting for ttp-processor to start (it has no health check, so "healthy" means started)')],
  ['no check, running', 'healthy', {state: 'running', hasHealthCheck: false, health: 'none'}, {kind: 'go', note: 'ttp-processor has no health check, so "healthy" means started'}],
  ['no check, failed', 'healthy', {state: 'failed', hasHealthCheck: false, health: 'none', exitCode: 1}, blocked('ttp-processor failed (exited with code 1); not starting')],
  // completed_successfully
  ['waiting dep', 'completed_successfully', {state: 'waiting'}, wait('waiting for ttp-processor to complete successfully')],
  ['running dep', 'completed_successfully', {state: 'running'}, wait('waiting for ttp-processor to complete successfully')],
  ['healthy dep', 'completed_successfully', {state: 'healthy', health: 'healthy'}, wait('waiting for ttp-processor to complete successfully')],
  ['exited 0 for good', 'completed_successfully', {state: 'exited', exitCode: 0}, go],
  ['exited 0, will restart (always)', 'completed_successfully', {state: 'exited', exitCode: 0, willRestart: true}, wait('waiting for ttp-processor to complete successfully (restarting after it exited with code 0)')],
  ['exited 1 for good', 'completed_successfully', {state: 'exited', exitCode: 1}, blocked('ttp-processor failed (exited with code 1); not starting')],
  ['backing off', 'completed_successfully', {state: 'backing-off', exitCode: 1, willRestart: true}, wait('waiting for ttp-processor to complete successfully (restarting after it exited with code 1)')],
  ['stopped', 'completed_successfully', {state: 'stopped'}, blocked('ttp-processor was stopped; not starting')],
  ['failed', 'completed_successfully', {state: 'failed', reason: 'gave up after 2 restarts'}, blocked('ttp-processor failed (gave up after 2 restarts); not starting')],
];

describe('evaluateDependency', () => {
  it.each(rows)('%s, condition %s', (_name, condition, over, expected) => {
    expect(evaluateDependency({id: ID, condition}, view(over))).toEqual(expected);
  });
});

describe('evaluateDependencies', () => {
  const views: Record<string, DependencyView> = {
    up: view({state: 'running'}),
    ready: view({state: 'healthy', health: 'healthy'}),
    booting: view({state: 'starting'}),
    probing: view({state: 'running', health: 'unknown'}),
    dead: view({state: 'failed', exitCode: 1}),
    gone: view({state: 'stopped'}),
    plain: view({state: 'running', hasHealthCheck: false, health: 'none'}),
  };
  const statusOf = (id: string) => views[id];

  it('goes with no dependencies at all', () => {
    expect(evaluateDependencies([], statusOf)).toEqual(go);
  });

  it('goes when every condition holds', () => {
    const deps = [
      {id: 'up', condition: 'started' as const},
      {id: 'ready', condition: 'healthy' as const},
    ];
    expect(evaluateDependencies(deps, statusOf)).toEqual(go);
  });

  it('waits and names every dependency it waits for', () => {
    const deps = [
      {id: 'up', condition: 'started' as const},
      {id: 'booting', condition: 'started' as const},
      {id: 'probing', condition: 'healthy' as const},
    ];
    expect(evaluateDependencies(deps, statusOf)).toEqual(
      wait('waiting for booting to start; waiting for probing to be healthy'),
    );
  });

  it('blocked beats waiting, and every blocker is named', () => {
    const deps = [
      {id: 'booting', condition: 'started' as const},
      {id: 'dead', condition: 'started' as const},
      {id: 'gone', condition: 'healthy' as const},
    ];
    expect(evaluateDependencies(deps, statusOf)).toEqual(
      blocked('dead failed (exited with code 1); not starting; gone was stopped; not starting'),
    );
  });

  it('blocks on an id the supervisor does not know', () => {
    expect(evaluateDependencies([{id: 'ghost', condition: 'started'}], statusOf)).toEqual(
      blocked('depends on unknown component ghost; not starting'),
    );
  });

  it('carries the "no health check" note on go', () => {
    expect(evaluateDependencies([{id: 'plain', condition: 'healthy'}], statusOf)).toEqual({
      kind: 'go',
      note: 'plain has no health check, so "healthy" means started',
    });
  });
});

describe('dependencyViewOf', () => {
  it('copies the status fields and adds the facts', () => {
    const status = {state: 'exited' as const, health: 'none' as const, exitCode: 0, signal: undefined, reason: undefined};
    expect(dependencyViewOf(status, {hasHealthCheck: false, willRestart: true})).toEqual({
      ...status,
      hasHealthCheck: false,
      willRestart: true,
    });
  });
});
