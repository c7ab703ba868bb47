/**
 * The legacy `flowctl.ControlPlane` calls (withObsrvr/flowctl), as the existing Go and Node
 * components make them when ENABLE_FLOWCTL=true: registration and heartbeats feed the shared
 * registry; the pipeline-run calls describe this run (and accept runs others create).
 */
import * as grpc from '@grpc/grpc-js';
import type {ServiceContext} from './context.js';
import {fail, unary} from './handlers.js';
import type {RegisteredService} from './registry.js';
import {fromTimestamp, toTimestamp} from './wire.js';
import type {WireServiceHeartbeat, WireServiceInfo, WireTimestamp} from './wire-types.js';

const SERVICE_TYPES: Record<string, string> = {
  SERVICE_TYPE_SOURCE: 'source',
  SERVICE_TYPE_PROCESSOR: 'processor',
  SERVICE_TYPE_SINK: 'sink',
  SERVICE_TYPE_PIPELINE: 'pipeline',
};
const WIRE_SERVICE_TYPES: Record<string, string> = Object.fromEntries(Object.entries(SERVICE_TYPES).map(([k, v]) => [v, k]));

interface PipelineRun {
  runId: string;
  pipelineId: string;
  pipelineName: string;
  status: string;
  startTime: WireTimestamp | null;
  endTime: WireTimestamp | null;
  configYaml: string;
  metrics: unknown;
  error: string;
  componentIds: string[];
}

function serviceStatus(ctx: ServiceContext, service: RegisteredService): Record<string, unknown> {
  return {
    serviceId: service.serviceId,
    serviceType: WIRE_SERVICE_TYPES[service.type] ?? 'SERVICE_TYPE_UNSPECIFIED',
    isHealthy: ctx.registry.healthOf(service) === 'healthy',
    lastHeartbeat: service.lastHeartbeat === undefined ? null : toTimestamp(service.lastHeartbeat),
    metrics: service.numericMetrics,
    componentId: service.componentId,
  };
}

export function legacyHandlers(ctx: ServiceContext, onBug: (error: unknown) => void): grpc.UntypedServiceImplementation {
  const runs = new Map<string, PipelineRun>();
  const current: PipelineRun = {
    runId: ctx.hub.runId,
    pipelineId: ctx.pipeline.name,
    pipelineName: ctx.pipeline.name,
    status: 'RUN_STATUS_RUNNING',
    startTime: toTimestamp(ctx.startedAt),
    endTime: null,
    configYaml: '',
    metrics: null,
    error: '',
    componentIds: ctx.pipeline.components.map((c) => c.id),
  };
  runs.set(current.runId, current);
  const findRun = (id: string): PipelineRun | undefined => {
    const exact = runs.get(id);
    if (exact) return exact;
    const prefixed = [...runs.values()].filter((r) => r.runId.startsWith(id));
    return id !== '' && prefixed.length === 1 ? prefixed[0] : undefined;
  };
  const noRun = (id: string) => fail(grpc.status.NOT_FOUND, `no pipeline run "${id}"`);

  return {
    Register: unary<WireServiceInfo, unknown>((info) => {
      const service = ctx.registry.register({
        serviceId: info.serviceId,
        componentId: info.componentId,
        type: SERVICE_TYPES[info.serviceType] ?? '',
        inputEventTypes: info.inputEventTypes,
        outputEventTypes: info.outputEventTypes,
        endpoint: info.healthEndpoint,
        metadata: info.metadata,
      });
      return {serviceId: service.serviceId, topicNames: [], connectionInfo: {}};
    }, onBug),
    Heartbeat: unary<WireServiceHeartbeat, unknown>((beat) => {
      if (beat.serviceId === '') {
        ctx.rejections.count('malformed');
        return fail(grpc.status.INVALID_ARGUMENT, 'a heartbeat needs service_id');
      }
      const metrics = Object.fromEntries(Object.entries(beat.metrics).map(([k, v]) => [k, String(v)]));
      ctx.registry.heartbeat(beat.serviceId, {metrics, numeric: beat.metrics});
      return {};
    }, onBug),
    GetServiceStatus: unary<WireServiceInfo, unknown>((info) => {
      const service = ctx.registry.get(info.serviceId) ?? ctx.registry.byComponent(info.componentId || info.serviceId);
      return service ? serviceStatus(ctx, service) : fail(grpc.status.NOT_FOUND, `service "${info.serviceId}" is not registered`);
    }, onBug),
    ListServices: unary<unknown, unknown>(() => ({services: ctx.registry.list().map((s) => serviceStatus(ctx, s))}), onBug),
    CreatePipelineRun: unary<{runId: string; pipelineName: string; configYaml: string; componentIds: string[]}, unknown>((req) => {
      const runId = req.runId || `run-${ctx.now()}`;
      const run: PipelineRun = {
        ...current,
        runId,
        pipelineId: req.pipelineName,
        pipelineName: req.pipelineName,
        status: 'RUN_STATUS_STARTING',
        startTime: toTimestamp(ctx.now()),
        configYaml: req.configYaml,
        componentIds: req.componentIds,
      };
      runs.set(runId, run);
      return run;
    }, onBug),
    UpdatePipelineRun: unary<{runId: string; status: string; metrics: unknown; error: string}, unknown>((req) => {
      const run = findRun(req.runId);
      if (!run) return noRun(req.runId);
      if (req.status !== 'RUN_STATUS_UNKNOWN') run.status = req.status;
      if (req.metrics) run.metrics = req.metrics;
      if (req.error) run.error = req.error;
      if (['RUN_STATUS_COMPLETED', 'RUN_STATUS_FAILED', 'RUN_STATUS_STOPPED'].includes(run.status)) run.endTime ??= toTimestamp(ctx.now());
      return run;
    }, onBug),
    GetPipelineRun: unary<{runId: string}, unknown>(({runId}) => findRun(runId) ?? noRun(runId), onBug),
    ListPipelineRuns: unary<{pipelineName: string; status: string; limit: number}, unknown>((req) => {
      let list = [...runs.values()].filter(
        (r) => (req.pipelineName === '' || r.pipelineName === req.pipelineName) && (req.status === 'RUN_STATUS_UNKNOWN' || r.status === req.status),
      );
      list.sort((a, b) => (fromTimestamp(b.startTime) ?? 0) - (fromTimestamp(a.startTime) ?? 0));
      if (req.limit > 0) list = list.slice(0, req.limit);
      return {runs: list};
    }, onBug),
    StopPipelineRun: unary<{runId: string}, unknown>(({runId}) => {
      const run = findRun(runId);
      if (!run) return noRun(runId);
      run.status = 'RUN_STATUS_STOPPED';
      run.endTime = toTimestamp(ctx.now());
      // Stopping this run stops the pipeline, as `flowctl pipelines stop` does.
      if (run === current) setImmediate(() => void ctx.control.shutdown().catch(onBug));
      return run;
    }, onBug),
  };
}
