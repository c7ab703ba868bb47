/**
 * The main-thread side of the history writer: queues appends to `writer-worker.js`, bounds
 * what is in flight (a stalled disk must cost history, never memory without bound or the
 * pipes), and turns the worker's replies into promises. Everything dropped is counted.
 */
import {Worker} from 'node:worker_threads';
import type {LogEntry} from '../entry.js';
import {err, ok, type Result} from '../../util/result.js';

export interface WriterOptions {
  path: string;
  retentionMs: number;
  /** How often expired rows are deleted. */
  retentionIntervalMs: number;
  /** SQLite busy timeout: small, so a locked file is reported instead of waited on. */
  busyTimeoutMs: number;
  /** Entries appended but not yet committed, past which appends are dropped and counted. */
  maxQueue: number;
  /** The worker must say ready or failed within this time. */
  openTimeoutMs: number;
}

type FromWorker =
  | {type: 'ready'}
  | {type: 'openFailed'; message: string}
  | {type: 'committed'; entries: number}
  | {type: 'flushed'; id: number}
  | {type: 'error'; message: string; lost: number}
  | {type: 'closed'};

// Resolved relative to this module, so it finds the .js worker in src/ (vitest) and dist/ alike.
const WORKER_URL = new URL('./writer-worker.js', import.meta.url);

export class StoreWriter {
  #outbox: LogEntry[] = [];
  #postScheduled = false;
  /** Entries posted to the worker and not yet committed (or failed). */
  #inFlight = 0;
  #dropped = 0;
  #nextFlushId = 0;
  readonly #flushes = new Map<number, () => void>();
  readonly #errorListeners = new Set<(message: string) => void>();
  #dead = false;
  #closing: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly maxQueue: number,
  ) {
    worker.on('message', (message: FromWorker) => this.#onMessage(message));
    worker.on('error', (error) => this.#die(`the history writer failed: ${error.message}`));
    worker.on('exit', () => this.#die(undefined));
  }

  /** Starts the worker and waits until it has the database open (or could not). */
  static start(options: WriterOptions): Promise<Result<StoreWriter, string>> {
    const {maxQueue, openTimeoutMs, ...workerData} = options;
    let worker: Worker;
    try {
      worker = new Worker(WORKER_URL, {workerData});
    } catch (error) {
      return Promise.resolve(err(error instanceof Error ? error.message : String(error)));
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        settle(err(`it did not open within ${openTimeoutMs} ms`));
        void worker.terminate();
      }, openTimeoutMs);
      const settle = (result: Result<StoreWriter, string>): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(result);
      };
      const onMessage = (message: FromWorker): void => {
        if (message.type === 'ready') settle(ok(new StoreWriter(worker, maxQueue)));
        else if (message.type === 'openFailed') settle(err(message.message));
      };
      const onError = (error: Error): void => settle(err(error.message));
      worker.on('message', onMessage);
      worker.on('error', onError);
    });
  }

  get dropped(): number {
    return this.#dropped;
  }

  onError(listener: (message: string) => void): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  append(entries: readonly LogEntry[]): void {
    if (entries.length === 0) return;
    const room = this.#dead || this.#closing !== undefined ? 0 : this.maxQueue - this.#inFlight - this.#outbox.length;
    const kept = room >= entries.length ? entries : entries.slice(0, Math.max(0, room));
    this.#dropped += entries.length - kept.length;
    if (kept.length === 0) return;
    for (const entry of kept) this.#outbox.push(entry);
    if (this.#postScheduled) return;
    this.#postScheduled = true;
    // One structured clone per tick instead of one per append call.
    queueMicrotask(() => this.#post());
  }

  beginRun(runId: string, meta: {pipeline: string; startedAt: number}): void {
    this.#send({type: 'beginRun', runId, ...meta});
  }

  endRun(runId: string, at: number): void {
    this.#send({type: 'endRun', runId, at});
  }

  /** Resolves once everything appended before the call is committed (or the writer is gone). */
  flush(): Promise<void> {
    if (this.#dead) return Promise.resolve();
    const id = this.#nextFlushId++;
    return new Promise((resolve) => {
      this.#flushes.set(id, resolve);
      this.#send({type: 'flush', id});
    });
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      if (this.#dead) return resolve();
      this.worker.once('exit', () => resolve());
      this.#send({type: 'close'});
    });
    return this.#closing;
  }

  #post(): void {
    this.#postScheduled = false;
    if (this.#outbox.length === 0) return;
    const entries = this.#outbox;
    this.#outbox = [];
    this.#inFlight += entries.length;
    this.worker.postMessage({type: 'append', entries});
  }

  /** Control messages keep their order relative to appends: pending appends go first. */
  #send(message: {type: string} & Record<string, unknown>): void {
    if (this.#dead) return;
    this.#post();
    this.worker.postMessage(message);
  }

  #onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'committed':
        this.#inFlight -= message.entries;
        return;
      case 'error':
        this.#inFlight -= message.lost;
        this.#dropped += message.lost;
        this.#report(message.message);
        return;
      case 'flushed':
        this.#flushes.get(message.id)?.();
        this.#flushes.delete(message.id);
        return;
      case 'ready':
      case 'openFailed':
      case 'closed':
        return;
    }
  }

  /** The worker is gone: nothing more will be committed; count what was in flight and release waiters. */
  #die(message: string | undefined): void {
    if (this.#dead) return;
    this.#dead = true;
    const lost = this.#inFlight + this.#outbox.length;
    this.#dropped += lost;
    this.#inFlight = 0;
    this.#outbox = [];
    if (message !== undefined) this.#report(lost > 0 ? `${message} (${lost} entries not saved)` : message);
    for (const resolve of this.#flushes.values()) resolve();
    this.#flushes.clear();
  }

  #report(message: string): void {
    for (const listener of [...this.#errorListeners]) listener(message);
  }
}
