/**
 * `node --import flowctl/register app.js`: streams the app's console output to flowctl's
 * control plane when `ENABLE_FLOWCTL=true` (as flowctl's components decide), to
 * `FLOWCTL_ENDPOINT` (default localhost:8080), as component `FLOWCTL_COMPONENT_ID`
 * (else `COMPONENT_ID`, else `FLOWCTL_SERVICE_ID`), with `FLOWCTL_TOKEN` if set, over TLS
 * trusting the PEM CA file `FLOWCTL_TLS_CA` when set.
 *
 * Does nothing when `FLOWCTL_CAPTURED=1`: a local `flowctl up` already captures this
 * process's stdout/stderr, and sending the same lines again would show every line twice.
 */
import {readPem} from '../pem.js';
import {installInterceptor, type Interceptor} from './interceptor.js';

export interface RegisterDecision {
  install: boolean;
  /** Why not, for the record (not printed: the app's output is not ours to clutter). */
  reason?: string;
  endpoint?: string;
  componentId?: string;
  token?: string | undefined;
  /** PEM CA file: dial with TLS. */
  tlsCa?: string | undefined;
}

/** Decides from the environment whether (and how) to intercept. */
export function decide(env: NodeJS.ProcessEnv): RegisterDecision {
  if ((env.ENABLE_FLOWCTL ?? '').toLowerCase() !== 'true') return {install: false, reason: 'ENABLE_FLOWCTL is not true'};
  if (env.FLOWCTL_CAPTURED === '1') return {install: false, reason: 'FLOWCTL_CAPTURED=1: flowctl already captures this process'};
  const componentId = env.FLOWCTL_COMPONENT_ID || env.COMPONENT_ID || env.FLOWCTL_SERVICE_ID;
  if (!componentId) return {install: false, reason: 'no FLOWCTL_COMPONENT_ID (or COMPONENT_ID) to send entries as'};
  return {install: true, endpoint: env.FLOWCTL_ENDPOINT || 'localhost:8080', componentId, token: env.FLOWCTL_TOKEN, tlsCa: env.FLOWCTL_TLS_CA || undefined};
}

function install(decision: RegisterDecision): Interceptor | undefined {
  if (!decision.install || decision.endpoint === undefined || decision.componentId === undefined) return undefined;
  let tls: {ca: Buffer} | undefined;
  if (decision.tlsCa !== undefined) {
    const ca = readPem(decision.tlsCa, 'FLOWCTL_TLS_CA');
    if (!ca.ok) {
      // The app runs on unaffected; its lines still reach its console.
      process.stderr.write(`flowctl: log streaming to ${decision.endpoint} not started: ${ca.error}\n`);
      return undefined;
    }
    tls = {ca: ca.value};
  }
  return installInterceptor({endpoint: decision.endpoint, componentId: decision.componentId, token: decision.token, tls});
}

/** The installed interceptor, when the environment asked for one. */
export const interceptor: Interceptor | undefined = install(decide(process.env));
