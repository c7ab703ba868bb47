import {describe, expect, it} from 'vitest';
import type {RestartPolicy} from '../../src/config/model.js';
import {
  backoffDelayMs,
  decideRestart,
  describeExit,
  isFailure,
  type ExitReason,
  type RestartDecision,
} from '../../src/supervisor/restart-policy.js';

const backoff = {initialMs: 1000, maxMs: 30_000, multiplier: 2, resetAfterMs: 60_000};
const policy = (name: RestartPolicy['policy'], maxRestarts?: number): RestartPolicy => ({
  policy: name,
  maxRestarts,
  backoff,
});

const ok0: ExitReason = {kind: 'exited', code: 0};
const code1: ExitReason = {kind: 'exited', code: 1};
const killed: ExitReason = {kind: 'signaled', signal: 'SIGKILL'};
const enoent: ExitReason = {kind: 'spawn-failed', message: 'spawn nope ENOENT'};
const short = {attempts: 0, runDurationMs: 100};

describe('decideRestart: which exits restart under which policy', () => {
  const restartFirst: RestartDecision = {restart: true, delayMs: 1000, attempt: 1, maxAttempts: undefined};
  const rows: [RestartPolicy['policy'], ExitReason, RestartDecision][] = [
    ['no', ok0, {restart: false, final: 'completed', reason: 'exited with code 0'}],
    ['no', code1, {restart: false, final: 'failed', reason: 'exited with code 1'}],
    ['no', killed, {restart: false, final: 'failed', reason: 'killed by SIGKILL'}],
    ['no', enoent, {restart: false, final: 'failed', reason: 'failed to start: spawn nope ENOENT'}],
    ['on-failure', ok0, {restart: false, final: 'completed', reason: 'exited with code 0'}],
    ['on-failure', code1, restartFirst],
    ['on-failure', killed, restartFirst],
    ['on-failure', enoent, restartFirst],
    ['always', ok0, restartFirst],
    ['always', code1, restartFirst],
    ['always', killed, restartFirst],
    ['always', enoent, restartFirst],
    ['unless-stopped', ok0, restartFirst],
    ['unless-stopped', code1, restartFirst],
    ['unless-stopped', killed, restartFirst],
  ];
  it.each(rows)('%s after %j', (name, exit, expected) => {
    expect(decideRestart(policy(name), exit, short, false).decision).toEqual(expected);
  });
});

describe('decideRestart: a user stop never restarts', () => {
  it.each(['no', 'on-failure', 'always', 'unless-stopped'] as const)('%s', (name) => {
    for (const exit of [ok0, code1, {kind: 'signaled', signal: 'SIGTERM'} as const]) {
      const result = decideRestart(policy(name, 5), exit, {attempts: 2, runDurationMs: 10}, true);
      expect(result.decision).toEqual({restart: false, final: 'stopped', reason: 'stopped by user'});
      expect(result.attempts).toBe(2);
    }
  });
});

describe('decideRestart: backoff and attempts', () => {
  const rows: {attempts: number; run: number; delay: number; attempt: number}[] = [
    {attempts: 0, run: 10, delay: 1000, attempt: 1},
    {attempts: 1, run: 10, delay: 2000, attempt: 2},
    {attempts: 2, run: 10, delay: 4000, attempt: 3},
    {attempts: 4, run: 10, delay: 16_000, attempt: 5},
    {attempts: 5, run: 10, delay: 30_000, attempt: 6}, // 32 s capped at max 30 s
    {attempts: 60, run: 10, delay: 30_000, attempt: 61},
    {attempts: 3000, run: 10, delay: 30_000, attempt: 3001}, // 2^2999 is Infinity: still capped
    {attempts: 4, run: 59_999, delay: 16_000, attempt: 5}, // just short of reset_after
    {attempts: 4, run: 60_000, delay: 1000, attempt: 1}, // a stable run resets the streak
    {attempts: 4, run: 3_600_000, delay: 1000, attempt: 1},
  ];
  it.each(rows)('after $attempts restarts and a $run ms run: attempt $attempt in $delay ms', (row) => {
    const result = decideRestart(policy('always'), code1, {attempts: row.attempts, runDurationMs: row.run}, false);
    expect(result.decision).toEqual({restart: true, delayMs: row.delay, attempt: row.attempt, maxAttempts: undefined});
    expect(result.attempts).toBe(row.attempt);
  });

  it('reports the maximum for "attempt 3 of 5"', () => {
    const result = decideRestart(policy('on-failure', 5), code1, {attempts: 2, runDurationMs: 10}, false);
    expect(result.decision).toEqual({restart: true, delayMs: 4000, attempt: 3, maxAttempts: 5});
  });

  it('a reset_after of 0 disables the reset instead of resetting every run', () => {
    const p: RestartPolicy = {policy: 'on-failure', maxRestarts: 2, backoff: {...backoff, resetAfterMs: 0}};
    const result = decideRestart(p, code1, {attempts: 2, runDurationMs: 0}, false);
    expect(result.decision).toEqual({restart: false, final: 'failed', reason: 'gave up after 2 restarts'});
  });

  it('rounds fractional delays and keeps a multiplier of 1 constant', () => {
    expect(backoffDelayMs({...backoff, initialMs: 250, multiplier: 1.5}, 2)).toBe(375);
    expect(backoffDelayMs({...backoff, initialMs: 333, multiplier: 1.5}, 2)).toBe(500);
    expect(backoffDelayMs({...backoff, multiplier: 1}, 40)).toBe(1000);
  });
});

describe('decideRestart: giving up', () => {
  it('fails after max restarts with "gave up after 5 restarts"', () => {
    const result = decideRestart(policy('on-failure', 5), code1, {attempts: 5, runDurationMs: 10}, false);
    expect(result).toEqual({
      decision: {restart: false, final: 'failed', reason: 'gave up after 5 restarts'},
      attempts: 5,
    });
  });

  it('says "1 restart" in the singular', () => {
    const result = decideRestart(policy('always', 1), killed, {attempts: 1, runDurationMs: 10}, false);
    expect(result.decision).toEqual({restart: false, final: 'failed', reason: 'gave up after 1 restart'});
  });

  it('with max 0 never restarts and names the exit instead of "gave up after 0 restarts"', () => {
    const result = decideRestart(policy('on-failure', 0), code1, short, false);
    expect(result.decision).toEqual({restart: false, final: 'failed', reason: 'exited with code 1'});
  });

  it('always-max-exit0-not-failed: a clean exit under always or unless-stopped at the limit gave up and is failed, like on-failure at its limit', () => {
    for (const name of ['always', 'unless-stopped'] as const) {
      const result = decideRestart(policy(name, 3), ok0, {attempts: 3, runDurationMs: 10}, false);
      expect(result.decision).toEqual({restart: false, final: 'failed', reason: 'gave up after 3 restarts'});
    }
  });

  it('a clean exit under always with max 0 completed (no restart was ever allowed)', () => {
    const result = decideRestart(policy('always', 0), ok0, short, false);
    expect(result.decision).toEqual({restart: false, final: 'completed', reason: 'exited with code 0'});
  });

  it('a stable run before the last crash earns a fresh budget', () => {
    const result = decideRestart(policy('on-failure', 5), code1, {attempts: 5, runDurationMs: 120_000}, false);
    expect(result).toEqual({decision: {restart: true, delayMs: 1000, attempt: 1, maxAttempts: 5}, attempts: 1});
  });

  it('returns the reset count when it does not restart', () => {
    const result = decideRestart(policy('no'), code1, {attempts: 4, runDurationMs: 120_000}, false);
    expect(result.attempts).toBe(0);
  });

  it('walks a whole crash loop to the limit', () => {
    const p = policy('on-failure', 3);
    let attempts = 0;
    const delays: number[] = [];
    for (;;) {
      const result = decideRestart(p, code1, {attempts, runDurationMs: 5}, false);
      attempts = result.attempts;
      if (!result.decision.restart) {
        expect(result.decision).toEqual({restart: false, final: 'failed', reason: 'gave up after 3 restarts'});
        break;
      }
      delays.push(result.decision.delayMs);
    }
    expect(delays).toEqual([1000, 2000, 4000]);
  });
});

describe('describeExit / isFailure', () => {
  it.each([
    [ok0, 'exited with code 0', false],
    [code1, 'exited with code 1', true],
    [{kind: 'exited', code: 137} as const, 'exited with code 137', true],
    [killed, 'killed by SIGKILL', true],
    [enoent, 'failed to start: spawn nope ENOENT', true],
  ])('%j', (exit, text, failure) => {
    expect(describeExit(exit)).toBe(text);
    expect(isFailure(exit)).toBe(failure);
  });
});
