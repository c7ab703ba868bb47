/** Health checks: one probe per kind, the log-line check, and the monitor that runs them over time. */
export type {ExecCheck, HttpCheck, LogCheck, Probe, ProbeResult, TcpCheck} from './checks.js';
export {probeExec, type ExecProbeOptions} from './exec.js';
export {probeHttp} from './http.js';
export {probeTcp} from './tcp.js';
export {createLogLineCheck, stripAnsi, type LogLineCheck} from './log-line.js';
export {createProbe, type ProbeContext} from './probe.js';
export {
  createHealthMonitor,
  systemTimers,
  type HealthMonitor,
  type HealthMonitorOptions,
  type HealthTransition,
  type SetTimer,
} from './monitor.js';
