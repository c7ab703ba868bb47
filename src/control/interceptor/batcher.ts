/**
 * Queues log entries and sends them in batches, retrying while the control plane is
 * unreachable. Bounded: past `maxQueue` the oldest entries are dropped, counted, and a
 * marker entry says how many. Timers are unref'd so an app that is done exits.
 */
import type {WireLogEntry} from '../wire-types.js';

/**
 * `retry`: unreachable for now, keep the entries; `drop`: this batch was refused (too big),
 * count it and go on; `disable`: every batch would be refused (bad token, unknown component).
 */
export type SendOutcome = {ok: true} | {ok: false; action: 'retry' | 'drop' | 'disable'; message: string};
/** `deadline` (epoch ms): give up by then (the final flush at exit has a budget). */
export type Send = (batch: Partial<WireLogEntry>[], options?: {deadline?: number}) => Promise<SendOutcome>;

export interface BatcherOptions {
  send: Send;
  componentId: string;
  flushIntervalMs?: number;
  maxBatch?: number;
  maxQueue?: number;
  /** Told once when sending is given up for good (bad token, unknown component). */
  onDisabled?: (message: string) => void;
  now?: () => number;
}

export class Batcher {
  readonly #options: Required<Omit<BatcherOptions, 'onDisabled'>> & {onDisabled: ((message: string) => void) | undefined};
  #queue: Partial<WireLogEntry>[] = [];
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #backoffMs = 0;
  #disabled = false;
  #missed = 0;
  sent = 0;
  dropped = 0;

  constructor(options: BatcherOptions) {
    this.#options = {
      flushIntervalMs: 50,
      maxBatch: 500,
      maxQueue: 10_000,
      now: Date.now,
      ...options,
      onDisabled: options.onDisabled,
    };
  }

  get disabled(): boolean {
    return this.#disabled;
  }

  get pending(): number {
    return this.#queue.length;
  }

  add(entry: Partial<WireLogEntry>): void {
    if (this.#disabled) return;
    this.#queue.push(entry);
    const overflow = this.#queue.length - this.#options.maxQueue;
    if (overflow > 0) {
      this.#queue.splice(0, overflow);
      this.dropped += overflow;
      this.#missed += overflow;
    }
    this.#schedule(this.#backoffMs || this.#options.flushIntervalMs);
  }

  #schedule(delayMs: number): void {
    if (this.#timer || this.#inFlight) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, delayMs);
    this.#timer.unref();
  }

  /** Sends what is queued (one batch after another); resolves when the queue is empty or sending failed. */
  flush(): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#inFlight = this.#drain().finally(() => {
      this.#inFlight = undefined;
      if (this.#queue.length > 0 && !this.#disabled) this.#schedule(this.#backoffMs || this.#options.flushIntervalMs);
    });
    return this.#inFlight;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && !this.#disabled) {
      const batch = this.#nextBatch();
      const outcome = await this.#options.send(batch);
      if (outcome.ok) {
        this.#settle(batch, 'sent');
        this.#backoffMs = 0;
        continue;
      }
      if (outcome.action === 'retry') {
        // Unreachable for now: keep the entries, back off (250 ms doubling to 5 s).
        this.#backoffMs = Math.min(5000, this.#backoffMs === 0 ? 250 : this.#backoffMs * 2);
        return;
      }
      if (outcome.action === 'drop') {
        this.#settle(batch, 'dropped');
        continue;
      }
      this.#disabled = true;
      this.dropped += this.#queue.length;
      this.#queue = [];
      this.#options.onDisabled?.(outcome.message);
      return;
    }
  }

  /** The next batch to send: up to `maxBatch` queued entries, after the marker of earlier drops. */
  #nextBatch(): Partial<WireLogEntry>[] {
    const batch = this.#queue.slice(0, this.#options.maxBatch);
    if (this.#missed > 0) batch.unshift(this.#marker());
    return batch;
  }

  /** The batch from `#nextBatch` was delivered, or refused for good (then counted as missed). */
  #settle(batch: Partial<WireLogEntry>[], how: 'sent' | 'dropped'): void {
    const real = batch.length - (this.#missed > 0 ? 1 : 0);
    this.#queue.splice(0, real);
    if (how === 'sent') {
      this.#missed = 0;
      this.sent += real;
    } else {
      this.dropped += real;
      this.#missed += real;
    }
  }

  #marker(): Partial<WireLogEntry> {
    const message = `flowctl log interceptor dropped ${this.#missed} entries (the control plane was unreachable and the queue was full)`;
    return {componentId: this.#options.componentId, level: 'warn', message, raw: message, stream: 'stderr', fields: {flowctl: 'dropped', count: String(this.#missed)}};
  }

  /**
   * The app is done: one attempt at what is queued, each batch sent once, all of it within
   * `budgetMs`. What could not be sent leaves the queue and is returned as counted losses,
   * so the caller can say so once and the process can exit (no backoff loop keeps it alive).
   */
  async finalFlush(budgetMs: number): Promise<{lost: number; reason: string}> {
    if (this.#inFlight) await this.#inFlight;
    this.stop();
    const deadline = this.#options.now() + budgetMs;
    let reason = '';
    while (this.#queue.length > 0 && !this.#disabled && this.#options.now() < deadline) {
      const batch = this.#nextBatch();
      const outcome = await this.#options.send(batch, {deadline});
      if (outcome.ok) {
        this.#settle(batch, 'sent');
        continue;
      }
      reason = outcome.message;
      if (outcome.action !== 'drop') break;
      this.#settle(batch, 'dropped');
    }
    const lost = this.#queue.length;
    if (lost > 0 && reason === '') reason = `no answer within ${budgetMs} ms`;
    this.#queue = [];
    this.dropped += lost;
    return {lost, reason};
  }

  /**
   * Everything queued, as one batch (with the marker for earlier drops), taken out of the
   * queue: for the synchronous send at `exit`, whose outcome the caller reports.
   */
  takeAll(): Partial<WireLogEntry>[] {
    this.stop();
    if (this.#disabled || this.#queue.length === 0) return [];
    const batch = this.#missed > 0 ? [this.#marker(), ...this.#queue] : this.#queue;
    this.#queue = [];
    this.#missed = 0;
    return batch;
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
