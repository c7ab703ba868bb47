/**
 * PushLogs over gRPC for the interceptor (and its exit-time sender): gzip-compressed, with
 * the token and TLS of the control plane, failures sorted into retry / drop / disable.
 */
import * as grpc from '@grpc/grpc-js';
import {bearer} from '../auth.js';
import {loadControlPlane} from '../proto.js';
import {dialCredentials, type TlsSetting} from '../tls-dial.js';
import type {Send} from './batcher.js';

export interface PushTarget {
  /** `host:port` of the control plane. */
  endpoint: string;
  token?: string | undefined;
  tls?: TlsSetting;
}

/** How long a push may take while the app runs (the exit paths pass shorter deadlines). */
const PUSH_DEADLINE_MS = 10_000;

/** grpc-js's number for gzip (`compressionAlgorithms.gzip`). */
const GZIP = 2;

type PushMethod = (req: unknown, md: grpc.Metadata, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null) => void) => void;

/** A `Send` over gRPC PushLogs: transient failures retry, refusals drop or disable. */
export function grpcSend(target: PushTarget): {send: Send; close(): void} {
  const {ControlPlaneClient} = loadControlPlane();
  const dial = dialCredentials(target.endpoint, target.tls);
  // Log lines compress well (a batch of similar lines: ~5–10×): pushes are gzip'd.
  const client = new ControlPlaneClient(target.endpoint, dial.credentials, {...dial.options, 'grpc.default_compression_algorithm': GZIP});
  const push = (client as unknown as Record<string, PushMethod>).PushLogs!;
  const send: Send = (batch, options) =>
    new Promise((resolve) => {
      const deadline = options?.deadline ?? Date.now() + PUSH_DEADLINE_MS;
      push.call(client, {entries: batch}, bearer(new grpc.Metadata(), target.token), {deadline}, (error) => {
        if (!error) return resolve({ok: true});
        resolve({ok: false, action: actionFor(error.code), message: `${grpc.status[error.code]}: ${error.details}`});
      });
    });
  return {send, close: () => client.close()};
}

function actionFor(code: grpc.status): 'retry' | 'drop' | 'disable' {
  switch (code) {
    case grpc.status.RESOURCE_EXHAUSTED:
    case grpc.status.INVALID_ARGUMENT:
      return 'drop';
    case grpc.status.UNAUTHENTICATED:
    case grpc.status.PERMISSION_DENIED:
    case grpc.status.NOT_FOUND:
    case grpc.status.UNIMPLEMENTED:
      return 'disable';
    default:
      return 'retry';
  }
}
