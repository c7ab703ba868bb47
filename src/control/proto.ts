/**
 * Loads the control-plane protos at run time (@grpc/proto-loader): `schemas/` is the one
 * source of truth, shipped in the package next to `dist/`. camelCase field names make a
 * wire `LogEntry` line up with `src/logs/entry.ts`.
 */
import {fileURLToPath} from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {decodeLogBatch, encodeLogBatch, matchesLogBatchLayout} from './log-batch-codec.js';
import type {WireLogBatch} from './wire-types.js';

/** `schemas/` of this package: two levels up from both `src/control/` and `dist/control/`. */
export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** Options shared by the server, flowctl's clients and the tests' legacy clients. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  // Absent fields arrive as their defaults, so handlers never see `undefined` scalars.
  defaults: true,
  oneofs: true,
  includeDirs: [SCHEMA_DIR, `${SCHEMA_DIR}legacy`],
};

export interface ControlPlaneDefinitions {
  packageDefinition: protoLoader.PackageDefinition;
  /** `flowctl.ControlPlane`: legacy calls + logs + pipeline control. */
  controlPlane: grpc.ServiceDefinition;
  /** `flowctl.v1.ControlPlaneService`: the flowctl-sdk registration calls. */
  v1: grpc.ServiceDefinition;
  /** Client constructor for `flowctl.ControlPlane`. */
  ControlPlaneClient: grpc.ServiceClientConstructor;
  /** Client constructor for `flowctl.v1.ControlPlaneService`. */
  V1Client: grpc.ServiceClientConstructor;
}

let cached: ControlPlaneDefinitions | undefined;

/** Parses the protos once per process. Throws only if the package is broken (missing schemas). */
export function loadControlPlane(): ControlPlaneDefinitions {
  if (cached) return cached;
  const packageDefinition = protoLoader.loadSync(
    ['control_plane.proto', 'flowctl/v1/control_plane.proto'],
    LOADER_OPTIONS,
  );
  useFastLogBatchCodec(packageDefinition);
  const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as {
    flowctl: {ControlPlane: grpc.ServiceClientConstructor; v1: {ControlPlaneService: grpc.ServiceClientConstructor}};
  };
  cached = {
    packageDefinition,
    controlPlane: loaded.flowctl.ControlPlane.service,
    v1: loaded.flowctl.v1.ControlPlaneService.service,
    ControlPlaneClient: loaded.flowctl.ControlPlane,
    V1Client: loaded.flowctl.v1.ControlPlaneService,
  };
  return cached;
}

/**
 * GetLogBatches (the `logs -f` stream) encodes and decodes with the hand-written codec of
 * `log-batch-codec.ts` when the descriptors are the layout it knows; pushes (PushLogs,
 * untrusted input) keep the generic one. Encoding falls back per batch on an odd value.
 */
function useFastLogBatchCodec(definition: protoLoader.PackageDefinition): void {
  const method = (definition['flowctl.ControlPlane'] as grpc.ServiceDefinition | undefined)?.GetLogBatches;
  const fieldsOf = (name: string): {name: string; number: number; type: string}[] =>
    ((definition[name] as {type?: {field?: {name: string; number: number; type: string}[]}} | undefined)?.type?.field ?? []);
  if (method === undefined || !matchesLogBatchLayout(fieldsOf('flowctl.LogEntry'), fieldsOf('flowctl.LogBatch'))) return;
  const generic = method.responseSerialize;
  method.responseSerialize = (batch: WireLogBatch) => encodeLogBatch(batch) ?? generic(batch);
  method.responseDeserialize = (bytes: Buffer) => decodeLogBatch(bytes);
}
