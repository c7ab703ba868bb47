/** A handle on one running pipeline: its logs, its status, and actions on it. */
import {ControlCallError, ControlClient} from '../control/client.js';
import type {TlsSetting} from '../control/tls-dial.js';
import type {LogEntry} from '../logs/entry.js';
import {compileFilter} from '../logs/filter.js';
import type {Result} from '../util/result.js';
import {toFilterSpec, toFlowctlError, toPipelineStatus} from './convert.js';
import {FlowctlError} from './errors.js';
import type {LogOptions, PipelineStatus} from './types.js';

/** How to reach the control plane; resolved lazily so `getPipeline()` itself never fails. */
export type Locate = () => {address: string; token: string | undefined; tls: TlsSetting; name: string};

export class Pipeline {
  readonly #locate: Locate;
  #client: ControlClient | undefined;
  #name: string | undefined;

  /** @internal Use `Client.getPipeline()`. */
  constructor(locate: Locate, name?: string) {
    this.#locate = locate;
    this.#name = name;
  }

  /** The pipeline's name (once known: after the first call when it was not given). */
  get name(): string | undefined {
    return this.#name;
  }

  #connect(): ControlClient {
    if (this.#client) return this.#client;
    const target = this.#locate();
    this.#name = target.name;
    this.#client = new ControlClient({address: target.address, token: target.token, tls: target.tls});
    return this.#client;
  }

  /**
   * Log entries matching `options`, oldest first: the history, then (with `follow`) new
   * entries as they are printed. Ends when the history is done (no follow), when the loop
   * breaks, when `options.signal` aborts, or when the pipeline stops.
   *
   * @throws FlowctlError (`bad-filter` before anything is sent; `not-running`, `unreachable`, … while iterating)
   */
  streamLogs(options: LogOptions = {}): AsyncIterable<LogEntry> {
    const spec = toFilterSpec(options);
    const compiled = compileFilter(spec);
    if (!compiled.ok) throw new FlowctlError('bad-filter', `${compiled.error.term}: ${compiled.error.message}`, compiled.error.term);
    // Fix relative bounds now, on this machine's clock.
    if (compiled.value.sinceMs !== undefined) spec.since = compiled.value.sinceMs;
    if (compiled.value.untilMs !== undefined) spec.until = compiled.value.untilMs;
    const follow = options.follow === true;
    const run = options.run ?? '';
    const signal = options.signal;
    const connect = () => this.#connect();
    return {
      async *[Symbol.asyncIterator]() {
        if (signal?.aborted) return;
        const stream = connect().readLogs({spec, follow, run});
        const abort = (): void => stream.cancel();
        signal?.addEventListener('abort', abort, {once: true});
        try {
          for await (const batch of stream) yield* batch;
        } catch (error) {
          if (error instanceof ControlCallError) throw toFlowctlError({code: error.code, message: error.message});
          throw error;
        } finally {
          signal?.removeEventListener('abort', abort);
          stream.cancel();
        }
      },
    };
  }

  /**
   * The matching history as an array (no follow).
   * @throws FlowctlError
   */
  async getLogs(options: Omit<LogOptions, 'follow' | 'signal'> = {}): Promise<LogEntry[]> {
    const entries: LogEntry[] = [];
    for await (const entry of this.streamLogs({...options, follow: false})) entries.push(entry);
    return entries;
  }

  /**
   * Components with state, pid, restarts, health, line counts and heartbeat metrics.
   * @throws FlowctlError
   */
  async status(): Promise<PipelineStatus> {
    return toPipelineStatus(unwrap(await this.#connect().status()));
  }

  /** Restarts one component. @throws FlowctlError (`not-found`, `refused`, …) */
  async restart(componentId: string): Promise<void> {
    unwrap(await this.#connect().component('restart', componentId));
  }

  /** Stops one component; it stays stopped until `start`. @throws FlowctlError */
  async stop(componentId: string): Promise<void> {
    unwrap(await this.#connect().component('stop', componentId));
  }

  /** Starts a stopped component. @throws FlowctlError */
  async start(componentId: string): Promise<void> {
    unwrap(await this.#connect().component('start', componentId));
  }

  /**
   * Stops the whole pipeline (graceful, reverse dependency order; `force` kills at once).
   * Resolves once the stop has begun.
   * @throws FlowctlError
   */
  async down(options: {force?: boolean} = {}): Promise<void> {
    unwrap(await this.#connect().stopPipeline(options.force === true));
  }

  /** Closes the connection (iterations in progress end). */
  close(): void {
    this.#client?.close();
    this.#client = undefined;
  }
}

function unwrap<T>(result: Result<T, {code: number; message: string}>): T {
  if (!result.ok) throw toFlowctlError(result.error);
  return result.value;
}
