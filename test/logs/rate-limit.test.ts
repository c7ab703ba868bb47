import {describe, expect, it} from 'vitest';
import {ComponentRateLimiter, formatCount, SUMMARY_WINDOW_MS} from '../../src/logs/rate-limit.js';

describe('ComponentRateLimiter', () => {
  it('admits the burst at once, then the sustained rate', () => {
    const limiter = new ComponentRateLimiter({linesPerSecond: 10, burst: 3});
    const t = 5_000;
    expect([1, 2, 3, 4].map(() => limiter.admit('a', t))).toEqual([true, true, true, false]);
    expect(limiter.admit('a', t + 99)).toBe(false); // 0.99 token
    expect(limiter.admit('a', t + 100)).toBe(true); // 1 token after 100 ms at 10/s
    expect(limiter.admit('a', t + 100)).toBe(false);
  });

  it('never refills above the burst', () => {
    const limiter = new ComponentRateLimiter({linesPerSecond: 1000, burst: 2});
    limiter.admit('a', 0);
    const admitted = [1, 2, 3].map(() => limiter.admit('a', 60_000));
    expect(admitted).toEqual([true, true, false]);
  });

  it('keeps one bucket per component', () => {
    const limiter = new ComponentRateLimiter({linesPerSecond: 1, burst: 1});
    expect(limiter.admit('a', 0)).toBe(true);
    expect(limiter.admit('a', 0)).toBe(false);
    expect(limiter.admit('b', 0)).toBe(true);
  });

  it('closes a summary window a second after the first hidden line, with the exact count', () => {
    const limiter = new ComponentRateLimiter({linesPerSecond: 1, burst: 1});
    limiter.admit('a', 0);
    for (let i = 0; i < 7; i++) limiter.admit('a', 10);
    expect(limiter.nextWindowEnd()).toBe(10 + SUMMARY_WINDOW_MS);
    expect(limiter.closeWindows(10 + SUMMARY_WINDOW_MS - 1)).toEqual([]);
    expect(limiter.closeWindows(10 + SUMMARY_WINDOW_MS)).toEqual([{componentId: 'a', hidden: 7}]);
    expect(limiter.closeWindows(5_000)).toEqual([]);
    expect(limiter.nextWindowEnd()).toBeUndefined();
  });

  it('refuses a nonsensical limit as a bug', () => {
    expect(() => new ComponentRateLimiter({linesPerSecond: 0, burst: 1})).toThrow(/invalid rate limit/);
    expect(() => new ComponentRateLimiter({linesPerSecond: 5, burst: 0})).toThrow(/invalid rate limit/);
  });
});

describe('formatCount', () => {
  it('groups thousands with spaces', () => {
    expect([0, 999, 1000, 1204, 5000, 1234567].map(formatCount)).toEqual(['0', '999', '1 000', '1 204', '5 000', '1 234 567']);
  });
});
