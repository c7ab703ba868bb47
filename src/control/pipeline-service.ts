/** Pipeline control from another terminal: status, restart/stop/start one component, stop all. */
import * as grpc from '@grpc/grpc-js';
import type {ComponentStatus} from '../supervisor/status.js';
import {componentList, type ServiceContext} from './context.js';
import {fail, unary, type StatusFailure} from './handlers.js';
import {toTimestamp} from './wire.js';
import type {
  WireActionResult,
  WireComponentRequest,
  WireComponentState,
  WirePipelineStatus,
  WireStopPipelineRequest,
} from './wire-types.js';

/** Component status merged with what the component told the control plane (heartbeats). */
export function componentState(ctx: ServiceContext, status: ComponentStatus): WireComponentState {
  const heartbeat = status.heartbeat ?? ctx.registry.heartbeatOf(status.id);
  return {
    id: status.id,
    kind: status.kind,
    state: status.state,
    pid: status.pid ?? 0,
    startedAt: status.startedAt === undefined ? null : toTimestamp(status.startedAt),
    restarts: status.restarts,
    health: status.health,
    exitCode: status.exitCode ?? -1,
    signal: status.signal ?? '',
    reason: status.reason ?? '',
    lines: status.lines,
    warnings: status.warnings,
    errors: status.errors,
    lastHeartbeat: heartbeat === undefined ? null : toTimestamp(heartbeat.at),
    metrics: heartbeat?.metrics ?? {},
    registered: ctx.registry.byComponent(status.id) !== undefined,
    logLevel: ctx.pipeline.components.find((c) => c.id === status.id)?.logging.level ?? '',
  };
}

export function pipelineStatus(ctx: ServiceContext): WirePipelineStatus {
  return {
    pipelineName: ctx.pipeline.name,
    pipelineFile: ctx.pipeline.file,
    runId: ctx.hub.runId,
    pid: process.pid,
    startedAt: toTimestamp(ctx.startedAt),
    components: ctx.control.status().map((s) => componentState(ctx, s)),
    droppedEntries: ctx.hub.droppedTotal,
    rejectedRequests: ctx.rejections.total,
  };
}

type Action = 'restart' | 'stop' | 'start';

function act(ctx: ServiceContext, action: Action): (request: WireComponentRequest) => Promise<WireActionResult | StatusFailure> {
  return async ({componentId}) => {
    if (!ctx.control.status().some((s) => s.id === componentId)) {
      ctx.rejections.count('unknown-component');
      return fail(grpc.status.NOT_FOUND, `no component "${componentId}" in pipeline "${ctx.pipeline.name}" (components: ${componentList(ctx)})`);
    }
    const result = await ctx.control[action](componentId);
    if (!result.ok) return fail(grpc.status.FAILED_PRECONDITION, result.error);
    const done = {restart: 'restarted', stop: 'stopped', start: 'started'}[action];
    return {message: `${componentId} ${done}`};
  };
}

export function pipelineHandlers(ctx: ServiceContext, onBug: (error: unknown) => void): grpc.UntypedServiceImplementation {
  return {
    GetPipelineStatus: unary<unknown, WirePipelineStatus>(() => pipelineStatus(ctx), onBug),
    RestartComponent: unary(act(ctx, 'restart'), onBug),
    StopComponent: unary(act(ctx, 'stop'), onBug),
    StartComponent: unary(act(ctx, 'start'), onBug),
    StopPipeline: unary<WireStopPipelineRequest, WireActionResult>(({force}) => {
      // Answer first: the shutdown ends with this server closing.
      setImmediate(() => void ctx.control.shutdown({force}).catch(onBug));
      ctx.notice(`control plane: stop of pipeline "${ctx.pipeline.name}" requested${force ? ' (force)' : ''}`);
      return {message: `stopping pipeline ${ctx.pipeline.name}`};
    }, onBug),
  };
}
