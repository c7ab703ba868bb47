/**
 * One probe's time budget: a signal that aborts when the caller aborts or when `timeoutMs` has
 * passed, and a way to tell which of the two it was (the reason differs: "timed out after 2 s"
 * is the user's business, "cancelled" is the supervisor stopping the monitor).
 */
import {formatDuration} from '../../util/duration.js';

export interface Deadline {
  readonly signal: AbortSignal;
  /** The reason to report after `signal` aborted. */
  reason(): string;
  /** Clears the timer and the listener on the caller's signal; call when the probe settled. */
  dispose(): void;
}

export function createDeadline(parent: AbortSignal, timeoutMs: number): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onParentAbort = () => controller.abort();
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  // The probe must not keep flowctl alive on its own: stopping the monitor aborts it anyway.
  timer.unref();
  if (parent.aborted) controller.abort();
  else parent.addEventListener('abort', onParentAbort, {once: true});
  return {
    signal: controller.signal,
    reason: () => (timedOut ? timeoutReason(timeoutMs) : 'cancelled'),
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}

/** "timed out after 2 s" — shared with the monitor's own deadline so both read the same. */
export function timeoutReason(timeoutMs: number): string {
  return `timed out after ${formatDuration(timeoutMs)}`;
}

/** Network errors in words: "connection refused (127.0.0.1:8081)". */
export function describeNetworkError(error: unknown, target: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (${target})`;
    case 'ECONNRESET':
      return `connection reset (${target})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${target})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host unreachable (${target})`;
    case 'ETIMEDOUT':
      return `connection timed out (${target})`;
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return `${message} (${target})`;
    }
  }
}
