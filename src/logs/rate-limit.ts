/**
 * Per-component token buckets for the live views (the design doc's "prevent log flooding").
 *
 * Pure policy: the caller passes the clock reading, so a fake clock drives it in tests.
 * The hub decides what to do with a refusal (hide the line from rate-limited subscribers,
 * count it, and later show one summary entry per component per second); files and the
 * store never consult this.
 */

export interface RateLimit {
  /** Sustained lines per second shown per component. */
  linesPerSecond: number;
  /** Lines a component may print at once before the sustained rate applies. */
  burst: number;
}

/** How long a summary window stays open after the first hidden line of a component. */
export const SUMMARY_WINDOW_MS = 1000;

interface Bucket {
  tokens: number;
  refilledAt: number;
  /** When the first hidden line of the current summary window arrived; undefined = none hidden. */
  windowStart: number | undefined;
  /** Lines hidden in the current window. */
  hidden: number;
}

/** A closed summary window: `hidden` lines of `componentId` were not shown. */
export interface ClosedWindow {
  componentId: string;
  hidden: number;
}

export class ComponentRateLimiter {
  readonly limit: RateLimit;
  readonly #buckets = new Map<string, Bucket>();
  /** Components with an open summary window, for cheap scans when none are open. */
  readonly #open = new Set<string>();

  constructor(limit: RateLimit) {
    if (!(limit.linesPerSecond > 0) || !(limit.burst >= 1)) {
      throw new Error(`Internal error: invalid rate limit ${JSON.stringify(limit)}`);
    }
    this.limit = limit;
  }

  /** True when a line of `componentId` arriving at `now` may be shown; false = hide it (and count it). */
  admit(componentId: string, now: number): boolean {
    let bucket = this.#buckets.get(componentId);
    if (bucket === undefined) {
      bucket = {tokens: this.limit.burst, refilledAt: now, windowStart: undefined, hidden: 0};
      this.#buckets.set(componentId, bucket);
    } else if (now > bucket.refilledAt) {
      const refill = ((now - bucket.refilledAt) * this.limit.linesPerSecond) / 1000;
      bucket.tokens = Math.min(this.limit.burst, bucket.tokens + refill);
      bucket.refilledAt = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    if (bucket.windowStart === undefined) {
      bucket.windowStart = now;
      this.#open.add(componentId);
    }
    bucket.hidden += 1;
    return false;
  }

  /** Windows that have been open for at least a second at `now`, oldest first; they are reset. */
  closeWindows(now: number): ClosedWindow[] {
    if (this.#open.size === 0) return [];
    const closed: ClosedWindow[] = [];
    for (const componentId of this.#open) {
      const bucket = this.#buckets.get(componentId);
      if (bucket?.windowStart === undefined) continue;
      if (now - bucket.windowStart < SUMMARY_WINDOW_MS) continue;
      closed.push({componentId, hidden: bucket.hidden});
      bucket.windowStart = undefined;
      bucket.hidden = 0;
      this.#open.delete(componentId);
    }
    return closed;
  }

  /** When the earliest open window closes (epoch ms), or undefined when none is open. */
  nextWindowEnd(): number | undefined {
    let earliest: number | undefined;
    for (const componentId of this.#open) {
      const start = this.#buckets.get(componentId)?.windowStart;
      if (start !== undefined && (earliest === undefined || start < earliest)) earliest = start;
    }
    return earliest === undefined ? undefined : earliest + SUMMARY_WINDOW_MS;
  }
}

/** `1204` → `1 204`: counts in user-facing notes, grouped so big numbers read at a glance. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
