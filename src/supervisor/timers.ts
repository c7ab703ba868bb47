/**
 * Time as the supervisor sees it: injectable so state machines and policies run under a fake
 * clock in unit tests. `setTimer` returns its own cancel function (the shape the entry builder
 * and the health monitor take too).
 */
export interface Timers {
  /** Epoch milliseconds. */
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};
