/**
 * flowctl's own client of the control plane (CLI, SDK, tests): typed calls, token and TLS
 * handled, failures as values. Log reads use the batched `GetLogBatches`.
 */
import * as grpc from '@grpc/grpc-js';
import type {LogEntry} from '../logs/entry.js';
import {err, ok, type Result} from '../util/result.js';
import {bearer} from './auth.js';
import {loadControlPlane} from './proto.js';
import type {PipelineState} from './state-file.js';
import {dialAddress} from './target.js';
import {dialCredentials, tlsForState, type TlsSetting} from './tls-dial.js';
import {HISTORY_EVICTED_KEY, HISTORY_TRAILER_KEY, queryToRequest, toTimestamp, wireToEntry, type LogsQuery} from './wire.js';
import type {WireActionResult, WireLogBatch, WireLogEntry, WirePipelineStatus, WirePushResult} from './wire-types.js';

export interface ConnectOptions {
  /** `host:port`. */
  address: string;
  /** Sent as `authorization: Bearer <token>` when non-empty. */
  token?: string | undefined;
  /** Dial with TLS: `true` trusts the system roots; see `tlsForState` for a pipeline's own certificate. */
  tls?: TlsSetting;
  /** Compress what this client sends with gzip (remote pushers). */
  gzip?: boolean;
}

/**
 * How to reach a running pipeline found through its state file. TLS trusts the certificate
 * `up` was given, or the CA of `--tls-ca` (`tlsCa`, already read), else of `FLOWCTL_TLS_CA`
 * when set (see tlsForState).
 */
export function connectOptionsFor(state: PipelineState, env: NodeJS.ProcessEnv, tlsCa?: Buffer): Result<ConnectOptions, string> {
  const tls = tlsForState(state, tlsCa ?? env.FLOWCTL_TLS_CA);
  if (!tls.ok) return tls;
  return ok({address: dialAddress(state), token: state.token, tls: tls.value});
}

/** A failed call in words, with the gRPC code for callers that branch on it. */
export interface CallError {
  code: grpc.status;
  message: string;
}

type Callback<T> = (error: grpc.ServiceError | null, value?: T) => void;
type UnaryMethod = (request: unknown, metadata: grpc.Metadata, options: grpc.CallOptions, callback: Callback<unknown>) => grpc.ClientUnaryCall;

/** Describes a gRPC failure the way a user can act on it. */
export function describeCallError(error: grpc.ServiceError | Error, address: string): CallError {
  const code = (error as grpc.ServiceError).code ?? grpc.status.UNKNOWN;
  const details = (error as grpc.ServiceError).details ?? error.message;
  if (code === grpc.status.UNAVAILABLE) {
    return {code, message: `cannot reach the control plane at ${address} (${details}); is the pipeline still running?`};
  }
  return {code, message: details};
}

export class ControlClient {
  readonly address: string;
  readonly #client: grpc.Client;
  readonly #token: string | undefined;

  constructor(options: ConnectOptions) {
    const defs = loadControlPlane();
    this.address = options.address;
    this.#token = options.token;
    const dial = dialCredentials(options.address, options.tls);
    this.#client = new defs.ControlPlaneClient(options.address, dial.credentials, {...channelOptions(options), ...dial.options});
  }

  #metadata(): grpc.Metadata {
    return bearer(new grpc.Metadata(), this.#token);
  }

  #unary<T>(method: string, request: unknown, deadlineMs = 10_000): Promise<Result<T, CallError>> {
    const fn = (this.#client as unknown as Record<string, UnaryMethod>)[method];
    if (!fn) throw new Error(`bug: no rpc ${method}`);
    return new Promise((resolve) => {
      fn.call(this.#client, request, this.#metadata(), {deadline: Date.now() + deadlineMs}, (error, value) => {
        resolve(error ? err(describeCallError(error, this.address)) : ok(value as T));
      });
    });
  }

  status(): Promise<Result<WirePipelineStatus, CallError>> {
    return this.#unary('GetPipelineStatus', {});
  }

  /** Restart, stop or start one component. A restart may wait for a graceful stop: allow a minute. */
  component(action: 'restart' | 'stop' | 'start', componentId: string): Promise<Result<string, CallError>> {
    const method = {restart: 'RestartComponent', stop: 'StopComponent', start: 'StartComponent'}[action];
    return this.#unary<WireActionResult>(method, {componentId}, 60_000).then((r) => (r.ok ? ok(r.value.message) : r));
  }

  stopPipeline(force = false): Promise<Result<string, CallError>> {
    return this.#unary<WireActionResult>('StopPipeline', {force}).then((r) => (r.ok ? ok(r.value.message) : r));
  }

  /** Pushes entries as a remote component would (server assigns seq and run). */
  push(entries: Partial<Omit<LogEntry, 'seq' | 'runId'>>[]): Promise<Result<number, CallError>> {
    const wire = entries.map((e) => ({
      componentId: e.componentId ?? '',
      level: e.level ?? '',
      message: e.message ?? '',
      raw: e.raw ?? '',
      stream: e.stream ?? '',
      fields: e.fields ?? {},
      truncated: e.truncated ?? false,
      ...(e.timestamp !== undefined ? {timestamp: toTimestamp(e.timestamp)} : {}),
    }));
    return this.#unary<WirePushResult>('PushLogs', {entries: wire}).then((r) => (r.ok ? ok(Number(r.value.accepted)) : r));
  }

  /**
   * History then (with `follow`) live entries, in batches. Iteration ends when the server
   * ends the stream (pipeline stopped) or `cancel()` is called; a failure is thrown as a
   * `ControlCallError` from the iterator.
   */
  readLogs(query: LogsQuery): LogStream {
    const call = this.#client.makeServerStreamRequest(
      '/flowctl.ControlPlane/GetLogBatches',
      (value: unknown) => loadControlPlane().controlPlane.GetLogBatches!.requestSerialize(value),
      (bytes: Buffer) => loadControlPlane().controlPlane.GetLogBatches!.responseDeserialize(bytes) as WireLogBatch,
      queryToRequest(query),
      this.#metadata(),
      {},
    );
    return new LogStream(call, this.address);
  }

  close(): void {
    this.#client.close();
  }
}

/** Bytes the server may send ahead of what this client has read (per stream and connection). */
export const FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;

/** The channel options of every control-plane client. */
export function channelOptions(options: Pick<ConnectOptions, 'gzip'>): grpc.ChannelOptions {
  return {
    'grpc.max_receive_message_length': -1,
    // HTTP/2's default receive window (64 KiB) is ~150 ms of a 10 000 lines/s follow: each
    // time this process is busy (rendering, a GC, start-up) the server stops sending until
    // our WINDOW_UPDATE reaches it, and its queue becomes everybody's latency. Measured on
    // workload D (`flowctl logs -f`): p99 1.2-2.6 s with the default, 0.23-0.34 s with this.
    'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
    ...(options.gzip ? {'grpc.default_compression_algorithm': 2} : {}),
  };
}

/** An async iterable over batches of a GetLogBatches call. */
export class LogStream implements AsyncIterable<LogEntry[]> {
  #cancelled = false;
  #partial = false;
  #evicted: number | undefined;
  constructor(
    private readonly call: grpc.ClientReadableStream<WireLogBatch>,
    private readonly address: string,
  ) {
    call.on('metadata', (header: grpc.Metadata) => {
      if (header.get(HISTORY_TRAILER_KEY)[0] !== 'partial') return;
      this.#partial = true;
      const evicted = Number(header.get(HISTORY_EVICTED_KEY)[0]);
      if (Number.isSafeInteger(evicted)) this.#evicted = evicted;
    });
    call.on('status', (status: grpc.StatusObject) => {
      this.#partial ||= status.metadata.get(HISTORY_TRAILER_KEY)[0] === 'partial';
    });
  }

  /**
   * The server answered from its ring alone after it evicted (no store), so entries older
   * than what arrived are only in the pipeline's log files. Known before the first batch
   * (leading metadata) from servers that send it, else once iteration ended (trailer).
   */
  get partial(): boolean {
    return this.#partial;
  }

  /** With `partial`: how many entries of the run the server's ring no longer holds. */
  get evicted(): number | undefined {
    return this.#evicted;
  }

  cancel(): void {
    this.#cancelled = true;
    this.call.cancel();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<LogEntry[]> {
    try {
      for await (const batch of this.call as AsyncIterable<WireLogBatch>) {
        yield batch.entries.map((e: WireLogEntry) => wireToEntry(e));
      }
    } catch (error) {
      if (this.#cancelled && (error as grpc.ServiceError).code === grpc.status.CANCELLED) return;
      throw new ControlCallError(describeCallError(error as grpc.ServiceError, this.address));
    } finally {
      if (!this.#cancelled) this.call.cancel();
    }
  }
}

/** Thrown by `LogStream` iteration (an iterator cannot return a Result). */
export class ControlCallError extends Error {
  readonly code: grpc.status;
  constructor(error: CallError) {
    super(error.message);
    this.name = 'ControlCallError';
    this.code = error.code;
  }
}
