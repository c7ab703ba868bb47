/** The health check variants by kind, for probes that handle exactly one. */
import type {HealthCheck} from '../../config/model.js';
import type {Result} from '../../util/result.js';

export type HttpCheck = Extract<HealthCheck, {kind: 'http'}>;
export type TcpCheck = Extract<HealthCheck, {kind: 'tcp'}>;
export type ExecCheck = Extract<HealthCheck, {kind: 'exec'}>;
export type LogCheck = Extract<HealthCheck, {kind: 'log'}>;

/** One probe run: ok, or the failure in words ("HTTP 503", "connection refused (…)"). */
export type ProbeResult = Result<void, string>;

/** Runs one probe of any kind; aborting `signal` cancels it (and kills what it spawned). */
export type Probe = (check: HealthCheck, signal: AbortSignal) => Promise<ProbeResult>;
