/**
 * Time as the supervisor sees it: injectable so state machines and policies run under a fake
 * clock in unit tests. `setTimer` returns its own cancel function (the shape the entry builder
 * and the health monitor take too).
 */
import {MAX_TIMER_MS} from '../util/duration.js';

export interface Timers {
  /** Epoch milliseconds. */
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    let handle: NodeJS.Timeout;
    // Node fires a delay over 2^31-1 ms after 1 ms (TimeoutOverflowWarning): a long wait is
    // chained through full-length timers instead. A negative or NaN delay means "now".
    const arm = (remaining: number): void => {
      handle = remaining > MAX_TIMER_MS ? setTimeout(() => arm(remaining - MAX_TIMER_MS), MAX_TIMER_MS) : setTimeout(fn, remaining);
    };
    arm(Number.isNaN(ms) ? 0 : Math.max(0, ms));
    return () => clearTimeout(handle);
  },
};
