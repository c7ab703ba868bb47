/**
 * The Node log interceptor: wraps console.log/info/warn/error/debug so that every call is
 * also sent to the control plane as a structured entry, while the original console still
 * prints it. Used by `node --import flowctl/register app.js` (see register.ts) or directly.
 */
import {format} from 'node:util';
import * as grpc from '@grpc/grpc-js';
import {bearer} from '../auth.js';
import {loadControlPlane} from '../proto.js';
import {toTimestamp} from '../wire.js';
import {Batcher, type Send} from './batcher.js';

type Method = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: Record<Method, {level: string; stream: 'stdout' | 'stderr'}> = {
  log: {level: 'info', stream: 'stdout'},
  info: {level: 'info', stream: 'stdout'},
  debug: {level: 'debug', stream: 'stdout'},
  warn: {level: 'warn', stream: 'stderr'},
  error: {level: 'error', stream: 'stderr'},
};

/** Longest message sent whole; longer ones are cut (and marked truncated) so the server accepts them. */
const MAX_MESSAGE_CHARS = 256 * 1024;

export interface InterceptorOptions {
  /** `host:port` of the control plane. */
  endpoint: string;
  componentId: string;
  token?: string | undefined;
  /** The console to wrap (default: the global one). */
  console?: Console;
  /** Injected transport (tests); default: PushLogs over gRPC. */
  send?: Send;
  flushIntervalMs?: number;
  maxQueue?: number;
}

export interface Interceptor {
  /** Sends what is queued now. */
  flush(): Promise<void>;
  /** Restores the original console methods and closes the connection. */
  uninstall(): void;
  readonly batcher: Batcher;
}

/** A `Send` over gRPC PushLogs: transient failures retry, refusals disable. */
export function grpcSend(endpoint: string, token: string | undefined): {send: Send; close(): void} {
  const {ControlPlaneClient} = loadControlPlane();
  const client = new ControlPlaneClient(endpoint, grpc.credentials.createInsecure());
  const send: Send = (batch) =>
    new Promise((resolve) => {
      const push = (client as unknown as Record<string, (req: unknown, md: grpc.Metadata, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null) => void) => void>).PushLogs!;
      push.call(client, {entries: batch}, bearer(new grpc.Metadata(), token), {deadline: Date.now() + 10_000}, (error) => {
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

export function installInterceptor(options: InterceptorOptions): Interceptor {
  const target = options.console ?? globalThis.console;
  const transport = options.send ? {send: options.send, close: () => undefined} : grpcSend(options.endpoint, options.token);
  const originals = new Map<Method, (...args: unknown[]) => void>();
  const batcher = new Batcher({
    send: transport.send,
    componentId: options.componentId,
    ...(options.flushIntervalMs !== undefined ? {flushIntervalMs: options.flushIntervalMs} : {}),
    ...(options.maxQueue !== undefined ? {maxQueue: options.maxQueue} : {}),
    onDisabled: (message) => originals.get('error')?.call(target, `flowctl: log streaming to ${options.endpoint} stopped: ${message}`),
  });
  for (const method of Object.keys(METHODS) as Method[]) {
    const original = target[method] as (...args: unknown[]) => void;
    originals.set(method, original);
    const {level, stream} = METHODS[method];
    target[method] = (...args: unknown[]) => {
      original.apply(target, args);
      let message = format(...args);
      const truncated = message.length > MAX_MESSAGE_CHARS;
      if (truncated) message = message.slice(0, MAX_MESSAGE_CHARS);
      batcher.add({componentId: options.componentId, level, stream, message, raw: '', truncated, timestamp: toTimestamp(Date.now()), fields: {}});
    };
  }
  // The app is done and nothing else keeps it alive: deliver what is left once.
  const onBeforeExit = (): void => {
    if (batcher.pending > 0 && !batcher.disabled) void batcher.flush();
  };
  process.on('beforeExit', onBeforeExit);
  return {
    flush: () => batcher.flush(),
    batcher,
    uninstall: () => {
      for (const [method, original] of originals) target[method] = original;
      process.off('beforeExit', onBeforeExit);
      batcher.stop();
      transport.close();
    },
  };
}
