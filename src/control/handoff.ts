/**
 * A one-slot handoff between a push source (a hub subscription's `onBatch`) and a pull
 * consumer (an async iterator writing to a gRPC stream). `offer` returns a promise that
 * settles when the consumer took the batch: the hub holds back further batches meanwhile
 * and queues (bounded, drops counted) — so a slow reader is answered in bigger batches
 * rather than making the publisher wait.
 */
export class BatchHandoff<T> {
  #pending: {batch: T[]; taken: () => void}[] = [];
  #waiter: ((value: T[] | undefined) => void) | undefined;
  #ended = false;

  /** Hands a batch over; resolves once the consumer took it (or the handoff ended). */
  offer(batch: T[]): Promise<void> {
    if (this.#ended) return Promise.resolve();
    return new Promise<void>((taken) => {
      const waiter = this.#waiter;
      if (waiter) {
        this.#waiter = undefined;
        waiter(batch);
        taken();
        return;
      }
      this.#pending.push({batch, taken});
    });
  }

  /** Next batch, or `undefined` once ended and drained. */
  take(): Promise<T[] | undefined> {
    const next = this.#pending.shift();
    if (next) {
      next.taken();
      return Promise.resolve(next.batch);
    }
    if (this.#ended) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.#waiter = resolve));
  }

  /** Everything offered so far without waiting (used to drain the seam buffer). */
  drain(): T[][] {
    const batches = this.#pending.map((p) => {
      p.taken();
      return p.batch;
    });
    this.#pending = [];
    return batches;
  }

  /** No more batches: a waiting consumer gets `undefined`, pending offers settle. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.(undefined);
    // Pending batches stay takeable; their producers are released once taken or on drain.
  }
}
