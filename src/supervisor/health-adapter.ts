/**
 * A component's health check as its state machine drives it: the policies engineer's monitor
 * and probes, plus the log-line check fed from the capture path. A log-line match probes at
 * once, so a dependent waiting for `healthy` starts without waiting an interval.
 */
import type {ResolvedComponent} from '../config/model.js';
import type {HealthHandle, HealthHooks} from './component.js';
import {createLogLineCheck, type LogLineCheck} from './health/log-line.js';
import {createHealthMonitor} from './health/monitor.js';
import {createProbe} from './health/probe.js';
import type {GroupRegistry} from './process-run.js';
import type {Timers} from './timers.js';

export interface HealthContext {
  timers: Timers;
  /** Exec probes run in their own groups: the reaper covers them too. */
  groups: GroupRegistry;
}

/** Undefined when the component has no health check. */
export function createComponentHealth(
  component: ResolvedComponent,
  hooks: HealthHooks,
  context: HealthContext,
): HealthHandle | undefined {
  const check = component.healthCheck;
  if (check === undefined) return undefined;
  let logLine: LogLineCheck | undefined;
  if (check.kind === 'log') {
    const compiled = createLogLineCheck(check.pattern);
    if (!compiled.ok) {
      hooks.onChange('unhealthy', compiled.error);
      return {observe: () => undefined, stop: () => undefined};
    }
    logLine = compiled.value;
  }
  const probe = createProbe({
    cwd: component.workingDir,
    env: component.env,
    logLine,
    trackGroup: (pgid) => {
      context.groups.add(pgid);
      return () => context.groups.remove(pgid);
    },
  });
  let stopped = false;
  const monitor = createHealthMonitor({
    check,
    probe,
    now: () => context.timers.now(),
    setTimer: (fn, ms) => context.timers.setTimer(fn, ms),
    onChange: (state, reason) => {
      if (!stopped) hooks.onChange(state, state === 'healthy' ? undefined : reason);
    },
  });
  const unsubscribe = logLine?.onMatch(() => monitor.probeNow());
  monitor.start();
  return {
    observe: (line) => logLine?.observe(line),
    stop: () => {
      stopped = true;
      unsubscribe?.();
      monitor.stop();
    },
  };
}
