import {describe, expect, it} from 'vitest';
import {componentExitCode, pipelineExitCode} from '../../src/supervisor/exit-code.js';
import type {ComponentStatus} from '../../src/supervisor/status.js';

const status = (id: string, fields: Partial<ComponentStatus>): ComponentStatus => ({
  id, kind: 'processor', state: 'exited', pid: undefined, startedAt: undefined, restarts: 0, health: 'none',
  exitCode: undefined, signal: undefined, reason: undefined, lines: 0, warnings: 0, errors: 0, heartbeat: undefined, ...fields,
});

describe('pipelineExitCode', () => {
  it('is 1 when any component failed, else 0; --exit-code-from takes that component’s code', () => {
    expect(pipelineExitCode([status('a', {exitCode: 0}), status('b', {state: 'stopped'})], undefined)).toBe(0);
    expect(pipelineExitCode([status('a', {exitCode: 0}), status('b', {state: 'failed'})], undefined)).toBe(1);
    expect(pipelineExitCode([status('a', {exitCode: 3, state: 'failed'}), status('b', {state: 'failed'})], 'a')).toBe(3);
    expect(pipelineExitCode([status('a', {exitCode: 0})], 'missing')).toBe(1);
  });

  it('maps a death by signal to 128 + n and a start failure to 1', () => {
    expect(componentExitCode(status('a', {signal: 'SIGKILL', state: 'failed'}))).toBe(137);
    expect(componentExitCode(status('a', {signal: 'SIGTERM', state: 'stopped'}))).toBe(143);
    expect(componentExitCode(status('a', {state: 'failed'}))).toBe(1);
  });
});
