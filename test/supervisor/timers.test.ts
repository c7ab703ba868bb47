/**
 * realTimers under vitest's fake clock (which, like Node, fires a delay over 2^31-1 ms after
 * 1 ms): a long wait must wait, however it reached the timer.
 */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {realTimers} from '../../src/supervisor/timers.js';

const HOUR = 3_600_000;

describe('realTimers.setTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('timer-overflow-waits: 1000 h fires after 1000 h, not at once (Node would fire it after 1 ms)', () => {
    const fired = vi.fn();
    realTimers.setTimer(fired, 1000 * HOUR);
    vi.advanceTimersByTime(1000);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000 * HOUR - 1001);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('cancelling a chained wait cancels it for good', () => {
    const fired = vi.fn();
    const cancel = realTimers.setTimer(fired, 30 * 24 * HOUR);
    vi.advanceTimersByTime(25 * 24 * HOUR); // past the first link of the chain
    cancel();
    vi.advanceTimersByTime(10 * 24 * HOUR);
    expect(fired).not.toHaveBeenCalled();
  });

  it('a negative or NaN delay fires on the next turn; a short one as asked', () => {
    const fired = vi.fn();
    realTimers.setTimer(fired, -5);
    realTimers.setTimer(fired, Number.NaN);
    realTimers.setTimer(fired, 50);
    vi.advanceTimersByTime(0);
    expect(fired).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(50);
    expect(fired).toHaveBeenCalledTimes(3);
  });
});
