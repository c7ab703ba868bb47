/**
 * Health checks from what users write: flowctl's `health_check: /health` + `health_port`
 * (or a URL), the object form with exactly one of http / tcp / exec / log, and the legacy
 * `health_endpoint` of ttp-processor-demo files (a URL, or a path on `health_port`). Used by the rules (to report problems)
 * and by normalisation (to build the value), so both agree by construction.
 */
import {parseDuration} from '../util/duration.js';
import type {HealthCheck, HealthTiming} from './model.js';
import type {DocPath} from './locate.js';

export const HEALTH_DEFAULTS: HealthTiming = {intervalMs: 5000, timeoutMs: 2000, retries: 3, startPeriodMs: 0};
const KINDS = ['http', 'tcp', 'exec', 'log'] as const;

export interface HealthProblem {
  message: string;
  hint: string | undefined;
  /** Relative to the component. */
  at: DocPath;
}

export type HealthResult = {ok: true; check: HealthCheck | undefined} | {ok: false; problem: HealthProblem};

/**
 * What becomes of a legacy `health_endpoint`. flowctl ignored the key, so no value of it may
 * stop a file from loading: what cannot be used is ignored with a warning (legacy.ts).
 */
export type LegacyEndpoint =
  | {use: 'check'; url: string; rewrittenHost: string | undefined}
  | {use: 'overridden'}
  | {use: 'ignored'; reason: string};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The component's health check, or undefined when it has none. `componentIds` lets a legacy endpoint's docker hostname become 127.0.0.1. */
export function resolveHealthCheck(raw: Record<string, unknown>, componentIds: ReadonlySet<string>): HealthResult {
  const healthPort = typeof raw.health_port === 'number' ? raw.health_port : undefined;
  const spec = raw.health_check;
  if (typeof spec === 'string') {
    const url = httpUrl(spec, healthPort, ['health_check'], componentIds);
    return 'problem' in url ? {ok: false, problem: url.problem} : {ok: true, check: {kind: 'http', url: url.url, ...HEALTH_DEFAULTS}};
  }
  if (isRecord(spec)) return fromObject(spec, healthPort, componentIds);
  const legacy = legacyEndpoint(raw, componentIds);
  if (legacy?.use === 'check') return {ok: true, check: {kind: 'http', url: legacy.url, ...HEALTH_DEFAULTS}};
  return {ok: true, check: undefined};
}

function fromObject(spec: Record<string, unknown>, healthPort: number | undefined, componentIds: ReadonlySet<string>): HealthResult {
  const given = KINDS.filter((kind) => spec[kind] !== undefined);
  if (given.length !== 1) {
    return {
      ok: false,
      problem: {
        message: given.length === 0 ? '`health_check` needs one of http, tcp, exec or log' : `\`health_check\` has ${given.join(' and ')}: give exactly one`,
        hint: 'e.g. health_check: {http: /health} with health_port, {tcp: 50051}, {exec: "pg_isready"} or {log: "listening on"}',
        at: ['health_check'],
      },
    };
  }
  const timing: HealthTiming = {
    intervalMs: durationOr(spec.interval, HEALTH_DEFAULTS.intervalMs),
    timeoutMs: durationOr(spec.timeout, HEALTH_DEFAULTS.timeoutMs),
    retries: typeof spec.retries === 'number' ? spec.retries : HEALTH_DEFAULTS.retries,
    startPeriodMs: durationOr(spec.start_period, HEALTH_DEFAULTS.startPeriodMs),
  };
  const {http, tcp, exec, log} = spec;
  if (typeof http === 'string') {
    const url = httpUrl(http, healthPort, ['health_check', 'http'], componentIds);
    return 'problem' in url ? {ok: false, problem: url.problem} : {ok: true, check: {kind: 'http', url: url.url, ...timing}};
  }
  if (typeof tcp === 'number') return {ok: true, check: {kind: 'tcp', host: '127.0.0.1', port: tcp, ...timing}};
  if (typeof tcp === 'string') {
    const match = /^(.*):(\d{1,5})$/.exec(tcp.trim());
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) {
      return {ok: false, problem: {message: `\`tcp\` must be host:port or a port number; got \`${tcp}\``, hint: 'e.g. tcp: 127.0.0.1:50051 or tcp: 50051', at: ['health_check', 'tcp']}};
    }
    const host = match[1] ?? '';
    return {ok: true, check: {kind: 'tcp', host: host === '' || componentIds.has(host) ? '127.0.0.1' : host, port, ...timing}};
  }
  if (typeof exec === 'string') return {ok: true, check: {kind: 'exec', command: ['/bin/sh', '-c', exec], ...timing}};
  if (Array.isArray(exec)) return {ok: true, check: {kind: 'exec', command: exec.map(String), ...timing}};
  if (typeof log === 'string') {
    try {
      new RegExp(log);
    } catch (error) {
      return {ok: false, problem: {message: `\`log\` is not a valid regular expression: ${(error as Error).message}`, hint: 'escape special characters with \\', at: ['health_check', 'log']}};
    }
    return {ok: true, check: {kind: 'log', pattern: log, ...timing}};
  }
  return {ok: true, check: undefined}; // wrong types: the schema reports them
}

/** flowctl's `health_check` is a path served on `health_port`, or a full URL. */
function httpUrl(text: string, healthPort: number | undefined, at: DocPath, componentIds: ReadonlySet<string>): {url: string} | {problem: HealthProblem} {
  if (/^https?:\/\//.test(text)) {
    try {
      const url = new URL(text);
      // A component id as the host is a docker hostname; as a process it listens on 127.0.0.1
      // (as for health_endpoint; legacy.ts says so in a warning).
      if (componentIds.has(url.hostname)) url.hostname = '127.0.0.1';
      return {url: url.toString()};
    } catch {
      return {problem: {message: `\`${text}\` is not a valid URL`, hint: undefined, at}};
    }
  }
  if (text.startsWith('/')) {
    if (healthPort === undefined) {
      return {problem: {message: `health check path \`${text}\` needs a \`health_port\``, hint: 'add health_port: <port>, or write the full URL http://127.0.0.1:<port>' + text, at}};
    }
    return {url: `http://127.0.0.1:${healthPort}${text}`};
  }
  return {problem: {message: `health check \`${text}\` must be a path starting with / or an http(s):// URL`, hint: undefined, at}};
}

/**
 * The component's legacy `health_endpoint`, or undefined without one. ttp-processor-demo writes
 * docker hostnames (`http://stellar-live-source:8081/health`); as processes they listen on
 * 127.0.0.1. Other files write a path served on `health_port` (`/health`).
 */
export function legacyEndpoint(raw: Record<string, unknown>, componentIds: ReadonlySet<string>): LegacyEndpoint | undefined {
  const text = raw.health_endpoint;
  if (text === undefined) return undefined;
  if (raw.health_check !== undefined) return {use: 'overridden'};
  if (typeof text !== 'string') return {use: 'ignored', reason: 'it is not text'};
  if (text.startsWith('/')) {
    if (typeof raw.health_port !== 'number') return {use: 'ignored', reason: `the path \`${text}\` needs a \`health_port\` to be checked`};
    return {use: 'check', url: `http://127.0.0.1:${raw.health_port}${text}`, rewrittenHost: undefined};
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {use: 'ignored', reason: `\`${text}\` is neither an http(s):// URL nor a path`};
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return {use: 'ignored', reason: `\`${text}\` is not an http(s):// URL`};
  const rewrittenHost = componentIds.has(url.hostname) ? url.hostname : undefined;
  if (rewrittenHost !== undefined) url.hostname = '127.0.0.1';
  return {use: 'check', url: url.toString(), rewrittenHost};
}

function durationOr(value: unknown, fallback: number): number {
  if (typeof value !== 'string' && typeof value !== 'number') return fallback;
  return parseDuration(value) ?? fallback;
}

/** The docker hostname (a component id) the component's health check names, which is checked on 127.0.0.1 instead. */
export function dockerHostInCheck(raw: Record<string, unknown>, componentIds: ReadonlySet<string>): {host: string; at: DocPath} | undefined {
  const spec = raw.health_check;
  const candidates: [unknown, DocPath][] = isRecord(spec) ? [[spec.http, ['health_check', 'http']], [spec.tcp, ['health_check', 'tcp']]] : [[spec, ['health_check']]];
  for (const [value, at] of candidates) {
    if (typeof value !== 'string') continue;
    const host = /^https?:\/\//.test(value) ? safeHostname(value) : /^(.*):\d{1,5}$/.exec(value.trim())?.[1];
    if (host !== undefined && componentIds.has(host)) return {host, at};
  }
  return undefined;
}

function safeHostname(text: string): string | undefined {
  try {
    return new URL(text).hostname;
  } catch {
    return undefined;
  }
}
