/**
 * The control plane inside `flowctl up`: one gRPC server serving `flowctl.ControlPlane`
 * (legacy calls + logs + pipeline control) and `flowctl.v1.ControlPlaneService`.
 */
import {readFile} from 'node:fs/promises';
import {resolve as resolvePath} from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type {LogHub} from '../logs/api.js';
import type {ResolvedPipeline} from '../config/model.js';
import type {PipelineControl} from '../supervisor/status.js';
import {err, ok, type Result} from '../util/result.js';
import {generateToken, isLoopbackHost} from './auth.js';
import type {ServiceContext} from './context.js';
import {RejectionCounters} from './counters.js';
import {authenticated, countingDefinition, countOversized} from './guard.js';
import {routeGrpcLog} from './grpc-log.js';
import type {HistoryStore} from './history-store.js';
import {legacyHandlers} from './legacy-service.js';
import {logHandlers} from './log-service.js';
import {pipelineHandlers} from './pipeline-service.js';
import {loadControlPlane} from './proto.js';
import {ComponentRegistry} from './registry.js';
import {v1Handlers} from './v1-service.js';
import type {WireStreamLogsRequest} from './wire-types.js';

export const DEFAULT_CONTROL_HOST = '127.0.0.1';
export const DEFAULT_CONTROL_PORT = 8080;
/** Largest message accepted (a pushed batch). Larger ones are refused by gRPC with RESOURCE_EXHAUSTED, and counted. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface ControlServerOptions {
  hub: LogHub;
  store?: HistoryStore | undefined;
  control: PipelineControl;
  pipeline: ResolvedPipeline;
  /** Default 127.0.0.1. Anything but loopback requires a token (generated when not given). */
  host?: string;
  /** Default 8080; 0 = any free port. A taken port falls back to a free one, with a notice. */
  port?: number;
  /** Required of every client when set (and always off loopback). */
  token?: string;
  /** PEM file paths, as flowctl's `--tls-cert` / `--tls-key`. */
  tls?: {cert: string; key: string};
  /** Shared with the supervisor/TUI to show heartbeat metrics; created when absent. */
  registry?: ComponentRegistry;
  maxMessageBytes?: number;
  /** Largest pushed entry (message + raw + fields). Default: twice `logging.maxLineBytes` + 64 KiB. */
  maxEntryBytes?: number;
  now?: () => number;
}

export interface ControlServer {
  /** `host:port` as clients dial it (FLOWCTL_ENDPOINT). */
  address: string;
  host: string;
  port: number;
  /** '' when no token is required (loopback without `token`). */
  token: string;
  tls: boolean;
  /** Absolute path of `--tls-cert` ('' without TLS), for the state file. */
  tlsCert: string;
  registry: ComponentRegistry;
  rejections: RejectionCounters;
  /** Ends followers cleanly, then stops the server (forcing after a grace period). */
  close(): Promise<void>;
  /** Operator notices (port fallback, rejected pushes); earlier ones are replayed to a new listener. */
  onNotice(listener: (message: string) => void): void;
}

export async function startControlServer(options: ControlServerOptions): Promise<Result<ControlServer, string>> {
  const host = options.host ?? DEFAULT_CONTROL_HOST;
  const wantedPort = options.port ?? DEFAULT_CONTROL_PORT;
  if (!Number.isInteger(wantedPort) || wantedPort < 0 || wantedPort > 65535) {
    return err(`control-plane port ${wantedPort} is not a port: use 0 (any free port) or 1–65535`);
  }
  const loopback = isLoopbackHost(host);
  const token = options.token ?? (loopback ? undefined : generateToken());

  let credentials = grpc.ServerCredentials.createInsecure();
  if (options.tls) {
    const pem = await readPem(options.tls);
    if (!pem.ok) return pem;
    credentials = grpc.ServerCredentials.createSsl(null, [{cert_chain: pem.value.cert, private_key: pem.value.key}], false);
  }

  const notices = new Notices();
  routeGrpcLog((message) => notices.emit(`control plane: gRPC: ${message}`));
  const rejections = new RejectionCounters();
  const registry = options.registry ?? new ComponentRegistry(options.now ? {now: options.now} : {});
  const closers = new Set<() => void>();
  const now = options.now ?? Date.now;
  const ctx: ServiceContext = {
    hub: options.hub,
    store: options.store,
    control: options.control,
    pipeline: options.pipeline,
    registry,
    rejections,
    limits: {maxEntryBytes: options.maxEntryBytes ?? options.pipeline.logging.maxLineBytes * 2 + 64 * 1024},
    notice: (message) => notices.emit(message),
    now,
    startedAt: now(),
    track: (close) => {
      closers.add(close);
      return () => closers.delete(close);
    },
  };
  const onBug = (error: unknown): void =>
    notices.emit(`control plane: internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);

  const defs = loadControlPlane();
  const maxMessage = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const server = new grpc.Server({
    'grpc.max_receive_message_length': maxMessage,
    'grpc.max_send_message_length': -1,
    interceptors: [countOversized(rejections)],
  });
  const controlPlane = countingDefinition(defs.controlPlane, rejections);
  const v1 = countingDefinition(defs.v1, rejections);
  const decodeRequest = (bytes: Buffer): WireStreamLogsRequest =>
    defs.controlPlane.GetLogs!.requestDeserialize(bytes) as WireStreamLogsRequest;
  server.addService(
    controlPlane,
    authenticated(controlPlane, {...legacyHandlers(ctx, onBug), ...logHandlers(ctx, decodeRequest, onBug), ...pipelineHandlers(ctx, onBug)}, token, rejections),
  );
  server.addService(v1, authenticated(v1, v1Handlers(ctx, onBug), token, rejections));

  let port = await bind(server, host, wantedPort, credentials);
  if (!port.ok && wantedPort !== 0 && /in use|EADDRINUSE/i.test(port.error)) {
    const fallback = await bind(server, host, 0, credentials);
    if (fallback.ok) notices.emit(`control plane: port ${wantedPort} is in use; listening on ${formatAddress(host, fallback.value)} instead`);
    port = fallback;
  }
  if (!port.ok) return err(`control plane could not listen on ${formatAddress(host, wantedPort)}: ${port.error}`);
  const boundPort = port.value;

  let closing: Promise<void> | undefined;
  return ok({
    address: formatAddress(host, boundPort),
    host,
    port: boundPort,
    token: token ?? '',
    tls: options.tls !== undefined,
    tlsCert: options.tls ? resolvePath(options.tls.cert) : '',
    registry,
    rejections,
    onNotice: (listener) => notices.listen(listener),
    close: () => (closing ??= shutdown(server, closers)),
  });
}

async function shutdown(server: grpc.Server, closers: Set<() => void>): Promise<void> {
  for (const close of [...closers]) close();
  await new Promise<void>((resolve) => {
    // Followers were ended above; anything still open after the grace period is cut.
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 2000);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function bind(server: grpc.Server, host: string, port: number, credentials: grpc.ServerCredentials): Promise<Result<number, string>> {
  return new Promise((resolve) => {
    server.bindAsync(formatAddress(host, port), credentials, (error, bound) => {
      resolve(error ? err(error.message) : ok(bound));
    });
  });
}

/** `host:port`, with brackets for IPv6 literals. */
export function formatAddress(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

async function readPem(tls: {cert: string; key: string}): Promise<Result<{cert: Buffer; key: Buffer}, string>> {
  try {
    return ok({cert: await readFile(tls.cert), key: await readFile(tls.key)});
  } catch (error) {
    return err(`--tls-cert/--tls-key: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Notices raised before anyone listens are kept and replayed (the port fallback happens during start). */
class Notices {
  readonly #backlog: string[] = [];
  readonly #listeners: ((message: string) => void)[] = [];

  emit(message: string): void {
    if (this.#listeners.length === 0) this.#backlog.push(message);
    for (const listener of this.#listeners) listener(message);
  }

  listen(listener: (message: string) => void): void {
    this.#listeners.push(listener);
    for (const message of this.#backlog.splice(0)) listener(message);
  }
}
