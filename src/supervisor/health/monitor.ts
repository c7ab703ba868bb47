/**
 * Runs a health check over time, like docker's HEALTHCHECK:
 * - the first probe runs right at `start()` (docker waits one interval; we do not, so a dependent
 *   waiting for `healthy` starts as soon as the component answers), then `intervalMs` after the
 *   previous probe finished;
 * - a probe that takes longer than `timeoutMs` is aborted and counts as a failure;
 * - failures while `startPeriodMs` has not passed since `start()` do not count, unless the check
 *   already passed once (then the component is started and every failure counts);
 * - `retries` consecutive counted failures make it unhealthy (at least one);
 * - one success makes it healthy.
 * Only transitions are reported. Clock and timers are injected so all of this is tested with a
 * fake clock; `systemTimers` is the real pair.
 */
import type {HealthCheck} from '../../config/model.js';
import {err} from '../../util/result.js';
import type {Probe, ProbeResult} from './checks.js';
import {timeoutReason} from './deadline.js';

/** Schedules `callback` after `ms`; returns a cancel function. */
export type SetTimer = (callback: () => void, ms: number) => () => void;

export type HealthTransition = 'healthy' | 'unhealthy';

export interface HealthMonitorOptions {
  check: HealthCheck;
  probe: Probe;
  now: () => number;
  setTimer: SetTimer;
  /** A transition, with the reason: the last failure ("HTTP 503") or "health check passed". */
  onChange: (state: HealthTransition, reason: string) => void;
}

export interface HealthMonitor {
  /** Start probing; measures the start period from now. Calling it twice is a no-op. */
  start(): void;
  /** Stop probing and abort a probe in flight; no `onChange` after this. */
  stop(): void;
  /** Probe now rather than at the next interval (the log line just matched). No-op while a probe runs. */
  probeNow(): void;
  readonly state: 'unknown' | HealthTransition;
  /** The last failure in words, even one that did not count (start period). */
  readonly lastFailure: string | undefined;
}

export const systemTimers: {now: () => number; setTimer: SetTimer} = {
  now: () => Date.now(),
  setTimer: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    timer.unref(); // the children keep flowctl alive, not its health timers
    return () => clearTimeout(timer);
  },
};

export function createHealthMonitor(options: HealthMonitorOptions): HealthMonitor {
  const {check, probe, now, setTimer, onChange} = options;
  const threshold = Math.max(1, check.retries);
  let state: 'unknown' | HealthTransition = 'unknown';
  let phase: 'idle' | 'running' | 'stopped' = 'idle';
  let startedAt = 0;
  let passedOnce = false;
  let failures = 0;
  let lastFailure: string | undefined;
  let cancelNext: (() => void) | undefined;
  let inFlight: {controller: AbortController; cancelTimeout: () => void} | undefined;

  const schedule = (ms: number) => {
    cancelNext?.();
    cancelNext = setTimer(runProbe, ms);
  };

  const transition = (next: HealthTransition, reason: string) => {
    if (state === next) return;
    state = next;
    onChange(next, reason);
  };

  const record = (result: ProbeResult, probeStartedAt: number) => {
    if (result.ok) {
      passedOnce = true;
      failures = 0;
      transition('healthy', 'health check passed');
      return;
    }
    lastFailure = result.error;
    if (!passedOnce && probeStartedAt - startedAt < check.startPeriodMs) return;
    failures += 1;
    if (failures >= threshold) transition('unhealthy', result.error);
  };

  function runProbe(): void {
    cancelNext?.(); // probeNow() runs ahead of the scheduled probe: that one is replaced
    cancelNext = undefined;
    if (phase !== 'running' || inFlight !== undefined) return;
    const controller = new AbortController();
    const probeStartedAt = now();
    let settled = false;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      inFlight?.cancelTimeout();
      inFlight = undefined;
      if (phase !== 'running') return;
      record(result, probeStartedAt);
      if (phase === 'running') schedule(check.intervalMs); // onChange may have stopped us
    };
    const cancelTimeout = setTimer(() => {
      finish(err(timeoutReason(check.timeoutMs)));
      controller.abort(); // after finish: the probe's own "cancelled" answer is then ignored
    }, check.timeoutMs);
    inFlight = {controller, cancelTimeout};
    probe(check, controller.signal).then(finish, (error: unknown) =>
      finish(err(`health probe crashed: ${error instanceof Error ? error.message : String(error)}`)),
    );
  }

  return {
    start() {
      if (phase !== 'idle') return;
      phase = 'running';
      startedAt = now();
      schedule(0);
    },
    stop() {
      phase = 'stopped';
      cancelNext?.();
      cancelNext = undefined;
      if (inFlight !== undefined) {
        inFlight.cancelTimeout();
        inFlight.controller.abort();
        inFlight = undefined;
      }
    },
    probeNow() {
      if (phase !== 'running' || inFlight !== undefined) return;
      runProbe();
    },
    get state() {
      return state;
    },
    get lastFailure() {
      return lastFailure;
    },
  };
}
