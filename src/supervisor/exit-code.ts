/**
 * The exit code of `flowctl up` once every component ended, as `docker compose up` decides
 * it: with `--exit-code-from ID` that component's code (128 + n for a death by signal n);
 * otherwise 1 when any component failed, else 0.
 */
import {constants} from 'node:os';
import type {ComponentStatus} from './status.js';

export function pipelineExitCode(statuses: readonly ComponentStatus[], exitCodeFrom: string | undefined): number {
  if (exitCodeFrom !== undefined) {
    const status = statuses.find((s) => s.id === exitCodeFrom);
    if (status === undefined) return 1;
    return componentExitCode(status);
  }
  return statuses.some((s) => s.state === 'failed') ? 1 : 0;
}

/** One component's code: its own exit code, 128 + signal number, 1 if it never ran properly. */
export function componentExitCode(status: ComponentStatus): number {
  if (status.exitCode !== undefined) return status.exitCode;
  if (status.signal !== undefined) {
    const number = (constants.signals as Record<string, number | undefined>)[status.signal];
    return 128 + (number ?? 0);
  }
  return status.state === 'failed' ? 1 : 0;
}
