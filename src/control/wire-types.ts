/**
 * TypeScript shapes of the messages as @grpc/proto-loader hands them over with
 * `LOADER_OPTIONS` (camelCase, longs as numbers, enums as names, defaults filled in).
 * Hand-written from `schemas/control_plane.proto`; `test/control/proto.test.ts` checks
 * that every field named here exists in the loaded descriptors.
 */

/** google.protobuf.Timestamp; `null` when unset (message fields are not defaulted). */
export interface WireTimestamp {
  seconds: number;
  nanos: number;
}

export interface WireLogEntry {
  componentId: string;
  componentType: string;
  timestamp: WireTimestamp | null;
  level: string;
  message: string;
  fields: Record<string, string>;
  seq: number;
  stream: string;
  receivedAt: WireTimestamp | null;
  runId: string;
  restart: number;
  raw: string;
  truncated: boolean;
}

export interface WireLogBatch {
  entries: WireLogEntry[];
}

export interface WireStreamLogsRequest {
  componentIds: string[];
  levels: string[];
  since: WireTimestamp | null;
  follow: boolean;
  until: WireTimestamp | null;
  include: string[];
  exclude: string[];
  fields: Record<string, string>;
  /** Absent = all of the history; 0 = none of it (proto3 `optional`: explicit presence). */
  tail?: number;
  run: string;
  minLevel: string;
  sinceText: string;
  untilText: string;
  /** 0 = no bound. */
  beforeSeq: number;
  /** 0 = no bound. */
  afterSeq: number;
  /** 0 = all. */
  head: number;
  /** With `follow`: every live line, not what the pipeline's rate limit lets through. */
  noRateLimit: boolean;
}

export interface WireComponentState {
  id: string;
  kind: string;
  state: string;
  pid: number;
  startedAt: WireTimestamp | null;
  restarts: number;
  health: string;
  exitCode: number;
  signal: string;
  reason: string;
  lines: number;
  warnings: number;
  errors: number;
  lastHeartbeat: WireTimestamp | null;
  metrics: Record<string, string>;
  registered: boolean;
  /** `logging.level`; '' = none (every level shown). */
  logLevel: string;
}

export interface WirePipelineStatus {
  pipelineName: string;
  pipelineFile: string;
  runId: string;
  pid: number;
  startedAt: WireTimestamp | null;
  components: WireComponentState[];
  droppedEntries: number;
  rejectedRequests: number;
}

export interface WireComponentRequest {
  componentId: string;
}

export interface WireStopPipelineRequest {
  force: boolean;
}

export interface WireActionResult {
  message: string;
}

export interface WirePushResult {
  accepted: number;
}

/** Legacy `flowctl.ServiceInfo`. */
export interface WireServiceInfo {
  serviceId: string;
  serviceType: string;
  inputEventTypes: string[];
  outputEventTypes: string[];
  healthEndpoint: string;
  maxInflight: number;
  metadata: Record<string, string>;
  componentId: string;
}

/** Legacy `flowctl.ServiceHeartbeat`. */
export interface WireServiceHeartbeat {
  serviceId: string;
  timestamp: WireTimestamp | null;
  metrics: Record<string, number>;
}

/** `flowctl.v1.ComponentInfo`. */
export interface WireComponentInfo {
  id: string;
  name: string;
  description: string;
  version: string;
  type: string;
  inputEventTypes: string[];
  outputEventTypes: string[];
  endpoint: string;
  metadata: Record<string, string>;
}

/** `flowctl.v1.RegisterRequest`. */
export interface WireRegisterRequest {
  component: WireComponentInfo | null;
  componentId: string;
}

/** `flowctl.v1.HeartbeatRequest`. */
export interface WireV1Heartbeat {
  serviceId: string;
  status: string;
  metrics: Record<string, string>;
}
