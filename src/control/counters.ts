/**
 * What the control plane refused, by reason: nothing is rejected silently. Surfaced in
 * `PipelineStatus.rejected_requests` and through the server's notices.
 */
export type RejectionReason = 'unauthenticated' | 'malformed' | 'unknown-component' | 'oversized' | 'bad-filter';

export class RejectionCounters {
  readonly #counts = new Map<RejectionReason, number>();

  count(reason: RejectionReason, n = 1): void {
    this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + n);
  }

  get(reason: RejectionReason): number {
    return this.#counts.get(reason) ?? 0;
  }

  get total(): number {
    let sum = 0;
    for (const n of this.#counts.values()) sum += n;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }
}
