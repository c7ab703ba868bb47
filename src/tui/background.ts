/**
 * Work a key starts that outlives the key press (an export): each gets an abort signal, and
 * quitting cancels all of it and waits for it to clean up (an export removes its `.part`
 * file), so leaving the UI never leaves half-written files behind.
 */
export class BackgroundWork {
  readonly #running = new Map<Promise<void>, AbortController>();

  /** Pieces of work still running. */
  get size(): number {
    return this.#running.size;
  }

  /** Runs `work`; it should stop soon after `signal` aborts. It must not reject (report failures itself). */
  start(work: (signal: AbortSignal) => Promise<void>): void {
    const controller = new AbortController();
    const done: Promise<void> = work(controller.signal).finally(() => this.#running.delete(done));
    this.#running.set(done, controller);
  }

  /** Aborts everything running; resolves once each piece has finished (cleaned up). */
  async cancelAll(): Promise<void> {
    const pending = [...this.#running];
    for (const [, controller] of pending) controller.abort();
    await Promise.allSettled(pending.map(([done]) => done));
  }
}
