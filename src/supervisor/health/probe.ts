/**
 * One `Probe` for a component, whatever its check's kind: what the supervisor hands to
 * `createHealthMonitor`. The context carries what only the supervisor knows (the component's
 * working_dir and env for exec checks, the log-line check its capture path feeds).
 */
import {unreachable} from '../../util/unreachable.js';
import {err} from '../../util/result.js';
import type {Probe} from './checks.js';
import {probeExec, type ExecProbeOptions} from './exec.js';
import {probeHttp} from './http.js';
import type {LogLineCheck} from './log-line.js';
import {probeTcp} from './tcp.js';

export interface ProbeContext extends ExecProbeOptions {
  /** Required for `log` checks: the instance the capture path calls `observe` on. */
  logLine?: LogLineCheck;
}

export function createProbe(context: ProbeContext = {}): Probe {
  return async (check, signal) => {
    switch (check.kind) {
      case 'http':
        return probeHttp(check, signal);
      case 'tcp':
        return probeTcp(check, signal);
      case 'exec':
        return probeExec(check, signal, context);
      case 'log':
        // A missing log-line check is a wiring bug, but a health reason is kinder than a crash.
        return context.logLine?.probe() ?? err('internal: the log health check is not connected to the output');
      default:
        return unreachable(check);
    }
  };
}
