/**
 * `flowctl.v1.ControlPlaneService`: the registration calls of components built on
 * flowctl-sdk. Shares the registry with the legacy service. Semantics as flowctl's
 * `internal/api/control_plane.go`: service id = component_id || component.id ||
 * `<type>-<unix nanos>`; a registered component starts healthy; silence past the TTL is unhealthy.
 */
import * as grpc from '@grpc/grpc-js';
import type {ServiceContext} from './context.js';
import {fail, unary} from './handlers.js';
import type {RegisteredHealth, RegisteredService} from './registry.js';
import {toTimestamp} from './wire.js';
import type {WireRegisterRequest, WireV1Heartbeat} from './wire-types.js';

const TYPES: Record<string, string> = {
  COMPONENT_TYPE_SOURCE: 'source',
  COMPONENT_TYPE_PROCESSOR: 'processor',
  COMPONENT_TYPE_CONSUMER: 'consumer',
};
const WIRE_TYPES: Record<string, string> = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));
/** flowctl `sink` components are flowctl.v1 consumers. */
WIRE_TYPES.sink = 'COMPONENT_TYPE_CONSUMER';

const HEALTH: Record<string, RegisteredHealth> = {
  HEALTH_STATUS_STARTING: 'starting',
  HEALTH_STATUS_HEALTHY: 'healthy',
  HEALTH_STATUS_DEGRADED: 'degraded',
  HEALTH_STATUS_UNHEALTHY: 'unhealthy',
  HEALTH_STATUS_STOPPING: 'stopping',
};
const WIRE_HEALTH: Record<RegisteredHealth, string> = {
  starting: 'HEALTH_STATUS_STARTING',
  healthy: 'HEALTH_STATUS_HEALTHY',
  degraded: 'HEALTH_STATUS_DEGRADED',
  unhealthy: 'HEALTH_STATUS_UNHEALTHY',
  stopping: 'HEALTH_STATUS_STOPPING',
  unknown: 'HEALTH_STATUS_UNKNOWN',
};

function componentInfo(service: RegisteredService): Record<string, unknown> {
  return {
    id: service.serviceId,
    name: service.name,
    description: service.description,
    version: service.version,
    type: WIRE_TYPES[service.type] ?? 'COMPONENT_TYPE_UNSPECIFIED',
    inputEventTypes: service.inputEventTypes,
    outputEventTypes: service.outputEventTypes,
    endpoint: service.endpoint,
    metadata: service.metadata,
  };
}

function statusResponse(ctx: ServiceContext, service: RegisteredService): Record<string, unknown> {
  return {
    component: componentInfo(service),
    status: WIRE_HEALTH[ctx.registry.healthOf(service)],
    lastHeartbeat: toTimestamp(service.lastHeartbeat ?? service.lastSeen),
    metrics: service.metrics,
    registeredAt: toTimestamp(service.registeredAt),
  };
}

export function v1Handlers(ctx: ServiceContext, onBug: (error: unknown) => void): grpc.UntypedServiceImplementation {
  const notFound = (id: string) => fail(grpc.status.NOT_FOUND, `component "${id}" is not registered`);
  return {
    RegisterComponent: unary<WireRegisterRequest, unknown>((req) => {
      const info = req.component;
      const service = ctx.registry.register({
        componentId: req.componentId || info?.id || '',
        type: TYPES[info?.type ?? ''] ?? '',
        inputEventTypes: info?.inputEventTypes ?? [],
        outputEventTypes: info?.outputEventTypes ?? [],
        endpoint: info?.endpoint ?? '',
        metadata: info?.metadata ?? {},
        name: info?.name ?? '',
        description: info?.description ?? '',
        version: info?.version ?? '',
      });
      return {serviceId: service.serviceId, assignedTopics: [], connectionInfo: {}};
    }, onBug),
    UnregisterComponent: unary<{serviceId: string}, unknown>(({serviceId}) =>
      ctx.registry.unregister(serviceId) ? {} : notFound(serviceId), onBug),
    DiscoverComponents: unary<{type: string; eventTypes: string[]; metadataFilters: Record<string, string>}, unknown>((req) => {
      const wantType = TYPES[req.type];
      const components = ctx.registry
        .list()
        .filter((s) => wantType === undefined || s.type === wantType)
        .filter((s) => req.eventTypes.length === 0 || req.eventTypes.some((t) => s.inputEventTypes.includes(t) || s.outputEventTypes.includes(t)))
        .filter((s) => Object.entries(req.metadataFilters).every(([k, v]) => s.metadata[k] === v))
        .map(componentInfo);
      return {components};
    }, onBug),
    Heartbeat: unary<WireV1Heartbeat, unknown>((beat) => {
      if (beat.serviceId === '') {
        ctx.rejections.count('malformed');
        return fail(grpc.status.INVALID_ARGUMENT, 'a heartbeat needs service_id');
      }
      const reported = HEALTH[beat.status];
      ctx.registry.heartbeat(beat.serviceId, {metrics: beat.metrics, ...(reported ? {reported} : {})});
      return {};
    }, onBug),
    GetComponentStatus: unary<{serviceId: string}, unknown>(({serviceId}) => {
      const service = ctx.registry.get(serviceId) ?? ctx.registry.byComponent(serviceId);
      return service ? statusResponse(ctx, service) : notFound(serviceId);
    }, onBug),
    ListComponents: unary<{typeFilter: string; includeUnhealthy: boolean}, unknown>((req) => {
      const wantType = TYPES[req.typeFilter];
      const components = ctx.registry
        .list()
        .filter((s) => wantType === undefined || s.type === wantType)
        .filter((s) => req.includeUnhealthy || ctx.registry.healthOf(s) !== 'unhealthy')
        .map((s) => statusResponse(ctx, s));
      return {components};
    }, onBug),
  };
}
