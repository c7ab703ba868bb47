/**
 * Whether a component that just ended runs again, and after how long: a pure decision the
 * supervisor asks after every exit. No clock, no timers, no processes here, so every rule is a
 * table row in the tests.
 *
 * Semantics follow docker compose's `restart:`:
 * - `no`: never restarts. Exit 0 is `completed`, anything else `failed`.
 * - `on-failure`: restarts after a non-zero exit, a death by signal or a failed spawn; exit 0 is
 *   `completed`.
 * - `always`: restarts after any exit, including exit 0.
 * - `unless-stopped`: docker's difference from `always` is about the daemon restarting; a process
 *   supervisor has no daemon, so here it behaves exactly like `always`. Both never restart a
 *   component the user stopped (`stoppedByUser`), which is the part of `unless-stopped` that
 *   matters here.
 *
 * Backoff is exponential, `initialMs * multiplier^(attempt-1)` capped at `maxMs`. A run that
 * lasted at least `resetAfterMs` first resets the attempt count to 0 (a component that ran
 * stably for a while and then crashed starts over from the short delay and the full budget).
 * A `resetAfterMs` of 0 or less disables the reset: otherwise every run would reset and
 * `maxRestarts` could never be reached.
 */
import type {RestartPolicy} from '../config/model.js';
import {unreachable} from '../util/unreachable.js';

/** How a run ended, as the supervisor saw it. */
export type ExitReason =
  | {kind: 'exited'; code: number}
  | {kind: 'signaled'; signal: string}
  | {kind: 'spawn-failed'; message: string};

/**
 * `restart: true`: run again after `delayMs`; `attempt` counts restarts in the current streak,
 * from 1 (for "restarting in 2 s, attempt 3 of 5").
 * `restart: false`: the component is over. `completed` for a clean end, `failed` for a failure
 * or for running out of restarts (also after a clean exit under `always`), `stopped` when the
 * user stopped it.
 */
export type RestartDecision =
  | {restart: true; delayMs: number; attempt: number; maxAttempts: number | undefined}
  | {restart: false; final: 'completed' | 'failed' | 'stopped'; reason: string};

/** What happened before this exit: restarts so far in the streak, and how long the run lasted. */
export interface RestartHistory {
  attempts: number;
  runDurationMs: number;
}

/** "exited with code 1", "killed by SIGKILL", "failed to start: spawn foo ENOENT". */
export function describeExit(exit: ExitReason): string {
  switch (exit.kind) {
    case 'exited':
      return `exited with code ${exit.code}`;
    case 'signaled':
      return `killed by ${exit.signal}`;
    case 'spawn-failed':
      return `failed to start: ${exit.message}`;
    default:
      return unreachable(exit);
  }
}

/** True when the run ended badly: non-zero exit, death by signal, or no process at all. */
export function isFailure(exit: ExitReason): boolean {
  return !(exit.kind === 'exited' && exit.code === 0);
}

/** `initialMs * multiplier^(attempt-1)`, capped at `maxMs`, in whole milliseconds. */
export function backoffDelayMs(backoff: RestartPolicy['backoff'], attempt: number): number {
  const raw = backoff.initialMs * Math.pow(backoff.multiplier, Math.max(0, attempt - 1));
  // Math.min also tames Infinity from a long streak with a large multiplier.
  return Math.max(0, Math.round(Math.min(backoff.maxMs, raw)));
}

/**
 * Decide what happens after a run ended. Returns the decision and the attempt count to keep for
 * the next exit (after the reset rule, and incremented when restarting).
 */
export function decideRestart(
  policy: RestartPolicy,
  exit: ExitReason,
  history: RestartHistory,
  stoppedByUser: boolean,
): {decision: RestartDecision; attempts: number} {
  const {resetAfterMs} = policy.backoff;
  const attempts = resetAfterMs > 0 && history.runDurationMs >= resetAfterMs ? 0 : history.attempts;
  const failed = isFailure(exit);
  const end = (final: 'completed' | 'failed' | 'stopped', reason: string) => ({
    decision: {restart: false as const, final, reason},
    attempts,
  });

  if (stoppedByUser) return end('stopped', 'stopped by user');
  if (!wantsRestart(policy.policy, failed)) return end(failed ? 'failed' : 'completed', describeExit(exit));

  const max = policy.maxRestarts;
  if (max !== undefined && attempts >= max) {
    // With no restart allowed at all the exit speaks for itself: a clean one completed.
    if (max === 0) return end(failed ? 'failed' : 'completed', describeExit(exit));
    // Out of restarts, also after a clean exit under `always`: the component was meant to
    // keep running and no longer does, so it is failed, like on-failure at its limit.
    return end('failed', `gave up after ${plural(max, 'restart')}`);
  }
  const attempt = attempts + 1;
  return {
    decision: {restart: true, delayMs: backoffDelayMs(policy.backoff, attempt), attempt, maxAttempts: max},
    attempts: attempt,
  };
}

function wantsRestart(policy: RestartPolicy['policy'], failed: boolean): boolean {
  switch (policy) {
    case 'no':
      return false;
    case 'on-failure':
      return failed;
    case 'always':
    case 'unless-stopped':
      return true;
    default:
      return unreachable(policy);
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
