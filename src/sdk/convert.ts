/** Wire shapes and call errors → the SDK's public shapes. */
import * as grpc from '@grpc/grpc-js';
import type {FilterSpec} from '../logs/api.js';
import type {CallError} from '../control/client.js';
import {fromTimestamp} from '../control/wire.js';
import type {WirePipelineStatus} from '../control/wire-types.js';
import {FlowctlError} from './errors.js';
import type {LogOptions, PipelineStatus} from './types.js';

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

export function toFilterSpec(options: LogOptions): FilterSpec {
  const spec: FilterSpec = {};
  const bound = (value: number | Date | string | undefined) => (value instanceof Date ? value.getTime() : value);
  if (options.components?.length) spec.components = options.components;
  if (options.levels?.length) spec.levels = options.levels;
  if (options.minLevel) spec.minLevel = options.minLevel;
  const since = bound(options.since);
  if (since !== undefined) spec.since = since;
  const until = bound(options.until);
  if (until !== undefined) spec.until = until;
  if (options.grep?.length) spec.include = options.grep;
  if (options.exclude?.length) spec.exclude = options.exclude;
  if (options.fields && Object.keys(options.fields).length > 0) spec.fields = options.fields;
  if (options.tail !== undefined) spec.tail = options.tail;
  return spec;
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
