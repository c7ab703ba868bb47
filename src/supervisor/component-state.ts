/**
 * The lifecycle of one component, as a tagged union: each state carries exactly the data
 * that exists in it (a pid only while a process lives, a timer only while backing off).
 *
 *                       deps not met
 *   (new) ──────────► waiting ───────────────┐ a dependency failed / port in use
 *     │ deps met         │ deps met          ▼
 *     └──────────► starting ◄────────── failed ◄──────────────────────┐
 *                    │  │ spawn error: exits 126/127 → restart policy │ gave up / exit ≠ 0
 *           'spawn'  │  └───────────────────────────────┐             │ and no restart
 *                    ▼                                  ▼             │
 *                 running ◄──► healthy ◄──► unhealthy ─── exit ──► (decision) ──► exited (code 0, done)
 *                    │            │            │                      │
 *                    │ stop()     │            │                      │ restart policy
 *                    ▼            ▼            ▼                      ▼
 *                 stopping ── pipes drained, exit seen ──► stopped   backing-off ── delay ──► starting
 *
 * `stop()` reaches `stopped` from every state (waiting and backing-off directly, a live
 * process through `stopping`). `start()` leaves exited, stopped and failed for `starting`
 * (or `waiting`). "exit" always means: the direct child exited AND both of its pipes ended,
 * so the burst a component printed just before dying is in the file first.
 */
import {describeExit, type ExitReason} from './restart-policy.js';
import {unreachable} from '../util/unreachable.js';
import type {ComponentStateName} from './status.js';

export type ComponentState =
  | {name: 'waiting'; reason: string}
  /** The OS is creating the process; no pid known to be running yet. */
  | {name: 'starting'; startedAt: number}
  | {name: 'running'; pid: number; startedAt: number}
  | {name: 'healthy'; pid: number; startedAt: number}
  | {name: 'unhealthy'; pid: number; startedAt: number; reason: string}
  /** Ended by itself with code 0 and will not run again; done. */
  | {name: 'exited'; exit: ExitReason}
  | {name: 'backing-off'; exit: ExitReason; attempt: number; until: number; cancel: () => void}
  /** A stop is in progress; `pid` is undefined while the process is still being created. */
  | {name: 'stopping'; pid: number | undefined; signal: NodeJS.Signals; since: number}
  | {name: 'stopped'; exit: ExitReason | undefined}
  | {name: 'failed'; reason: string; exit: ExitReason | undefined};

/** The name shown in status rows; compile-checked to match `ComponentStateName`. */
export function stateName(state: ComponentState): ComponentStateName {
  return state.name;
}

/** Is there (or may there be) a live process? */
export function hasProcess(state: ComponentState): boolean {
  switch (state.name) {
    case 'starting':
    case 'running':
    case 'healthy':
    case 'unhealthy':
    case 'stopping':
      return true;
    case 'waiting':
    case 'exited':
    case 'backing-off':
    case 'stopped':
    case 'failed':
      return false;
  }
}

/** Ended for good unless someone calls `start()`/`restart()`: nothing will happen by itself. */
export function isSettled(state: ComponentState): boolean {
  return state.name === 'exited' || state.name === 'stopped' || state.name === 'failed';
}

/** Code and signal for the status row. */
export function exitFields(exit: ExitReason | undefined): {exitCode: number | undefined; signal: string | undefined} {
  if (exit === undefined) return {exitCode: undefined, signal: undefined};
  switch (exit.kind) {
    case 'exited':
      return {exitCode: exit.code, signal: undefined};
    case 'signaled':
      return {exitCode: undefined, signal: exit.signal};
    case 'spawn-failed':
      return {exitCode: undefined, signal: undefined};
  }
}

/** Why a component is in its state, for status rows: what it waits for, what failed, why it restarts. */
export function reasonOf(state: ComponentState): string | undefined {
  switch (state.name) {
    case 'waiting':
    case 'unhealthy':
    case 'failed':
      return state.reason;
    case 'backing-off':
      return describeExit(state.exit);
    case 'starting':
    case 'running':
    case 'healthy':
    case 'exited':
    case 'stopping':
    case 'stopped':
      return undefined;
    default:
      return unreachable(state);
  }
}

/**
 * Where a run's end settles when no restart follows, and the control entry for that transition.
 * `exited` needs none: the exit's own entry ("exited with code 0") names it. `failed` says why
 * only when the exit's entry does not already ("gave up after 3 restarts").
 */
export function settledAfterExit(
  final: 'completed' | 'failed' | 'stopped',
  reason: string,
  exit: ExitReason,
): {state: ComponentState; note: {message: string; level: 'info' | 'error'} | undefined} {
  switch (final) {
    case 'completed':
      return {state: {name: 'exited', exit}, note: undefined};
    case 'failed':
      return {state: {name: 'failed', reason, exit}, note: {message: reason === describeExit(exit) ? 'failed' : `failed: ${reason}`, level: 'error'}};
    case 'stopped':
      return {state: {name: 'stopped', exit}, note: {message: 'stopped', level: 'info'}};
    default:
      return unreachable(final);
  }
}
