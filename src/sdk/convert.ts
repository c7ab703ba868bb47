/** Wire shapes and call errors → the SDK's public shapes. */
import * as grpc from '@grpc/grpc-js';
import type {FilterSpec} from '../logs/api.js';
import type {CallError} from '../control/client.js';
import {fromTimestamp} from '../control/wire.js';
import type {WirePipelineStatus} from '../control/wire-types.js';
import {FlowctlError} from './errors.js';
import type {Level, LogOptions, PipelineStatus} from './types.js';

export function toPipelineStatus(wire: WirePipelineStatus): PipelineStatus {
  return {
    name: wire.pipelineName,
    file: wire.pipelineFile,
    runId: wire.runId,
    pid: wire.pid,
    startedAt: fromTimestamp(wire.startedAt),
    droppedEntries: Number(wire.droppedEntries),
    rejectedRequests: Number(wire.rejectedRequests),
    components: wire.components.map((c) => {
      const beat = fromTimestamp(c.lastHeartbeat);
      return {
        id: c.id,
        kind: c.kind,
        state: c.state,
        pid: c.pid > 0 ? c.pid : undefined,
        startedAt: fromTimestamp(c.startedAt),
        restarts: c.restarts,
        health: c.health,
        exitCode: c.exitCode >= 0 ? c.exitCode : undefined,
        signal: c.signal || undefined,
        reason: c.reason || undefined,
        lines: Number(c.lines),
        warnings: Number(c.warnings),
        errors: Number(c.errors),
        heartbeat: beat === undefined ? undefined : {at: beat, metrics: {...c.metrics}},
        registered: c.registered,
      };
    }),
  };
}

/**
 * The options as the filter's spec. A JavaScript caller may pass anything: a string where a
 * list is expected is taken as a list of one (`grep: 'zq'`), any other wrong type is a
 * `bad-filter` FlowctlError naming the option (it was a serializer failure, or a string
 * iterated per character into one regex per letter).
 * @throws FlowctlError
 */
export function toFilterSpec(options: LogOptions): FilterSpec {
  const spec: FilterSpec = {};
  const bound = (value: number | Date | string | undefined) => (value instanceof Date ? value.getTime() : value);
  const components = stringList(options.components, 'components');
  if (components.length > 0) spec.components = components;
  const levels = stringList(options.levels, 'levels');
  if (levels.length > 0) spec.levels = levels as Level[];
  if (options.minLevel) spec.minLevel = options.minLevel;
  const since = timeBound(bound(options.since), 'since');
  if (since !== undefined) spec.since = since;
  const until = timeBound(bound(options.until), 'until');
  if (until !== undefined) spec.until = until;
  const grep = stringList(options.grep, 'grep');
  if (grep.length > 0) spec.include = grep;
  const exclude = stringList(options.exclude, 'exclude');
  if (exclude.length > 0) spec.exclude = exclude;
  if (options.fields !== undefined) {
    const fields: unknown = options.fields;
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields) || Object.values(fields).some((v) => typeof v !== 'string')) {
      throw new FlowctlError('bad-filter', `fields: expected an object of strings ({request_id: '42'}), got ${describe(fields)}`, 'fields');
    }
    if (Object.keys(fields).length > 0) spec.fields = fields as Record<string, string>;
  }
  if (options.tail !== undefined) {
    if (typeof options.tail !== 'number') throw new FlowctlError('bad-filter', `tail: expected a number of entries, got ${describe(options.tail)}`, 'tail');
    spec.tail = options.tail;
  }
  return spec;
}

/** A string or an array of strings, as an array. */
function stringList(value: unknown, term: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new FlowctlError('bad-filter', `${term}: expected a string or an array of strings, got ${describe(value)}`, term);
}

function timeBound(value: unknown, term: string): number | string | undefined {
  if (value === undefined || typeof value === 'number' || typeof value === 'string') return value;
  throw new FlowctlError('bad-filter', `${term}: expected epoch ms, a Date or a string ("10m", RFC 3339), got ${describe(value)}`, term);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array holding ${value.map((v) => typeof v).join(', ')}`;
  return value === null ? 'null' : typeof value;
}

export function toFlowctlError(error: CallError): FlowctlError {
  switch (error.code) {
    case grpc.status.UNAVAILABLE:
    case grpc.status.DEADLINE_EXCEEDED:
      return new FlowctlError('unreachable', error.message);
    case grpc.status.UNAUTHENTICATED:
      return new FlowctlError('unauthenticated', error.message);
    case grpc.status.NOT_FOUND:
      return new FlowctlError('not-found', error.message);
    case grpc.status.INVALID_ARGUMENT:
      return new FlowctlError('bad-filter', error.message, error.message.split(':')[0]);
    case grpc.status.FAILED_PRECONDITION:
      return new FlowctlError('refused', error.message);
    default:
      return new FlowctlError('failed', error.message);
  }
}
