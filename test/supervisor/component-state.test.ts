import {describe, expect, it} from 'vitest';
import {hasProcess, reasonOf, type ComponentState} from '../../src/supervisor/component-state.js';

describe('component state', () => {
  it('gives the reason a status row shows: what it waits for, what failed, why it is about to restart', () => {
    const cases: [ComponentState, string | undefined][] = [
      [{name: 'waiting', reason: 'waiting for source to be healthy'}, 'waiting for source to be healthy'],
      [{name: 'unhealthy', pid: 42, startedAt: 0, reason: 'GET /health: 503'}, 'GET /health: 503'],
      [{name: 'failed', reason: 'gave up after 5 restarts', exit: undefined}, 'gave up after 5 restarts'],
      [{name: 'backing-off', exit: {kind: 'exited', code: 3}, attempt: 1, until: 0, cancel: () => undefined}, 'exited with code 3'],
      [{name: 'running', pid: 42, startedAt: 0}, undefined],
      [{name: 'stopped', exit: undefined}, undefined],
    ];
    for (const [state, reason] of cases) expect(reasonOf(state)).toBe(reason);
  });

  it('knows which states may hold a live process', () => {
    expect(hasProcess({name: 'stopping', pid: undefined, signal: 'SIGTERM', since: 0})).toBe(true);
    expect(hasProcess({name: 'backing-off', exit: {kind: 'exited', code: 1}, attempt: 1, until: 0, cancel: () => undefined})).toBe(false);
  });
});
