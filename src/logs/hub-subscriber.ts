/**
 * One subscriber of the hub: its bounded queue (oldest dropped past the bound, counted, and
 * announced by the hub with a marker), its delivery state and its drain waiters. The hub
 * (`hub.ts`) decides when to deliver; this only keeps the books.
 */
import type {LogEntry} from './entry.js';
import type {SubscribeOptions, Subscription} from './api.js';
import {formatCount} from './rate-limit.js';

/** `fields` of a drop marker: `flowctl: 'dropped'`, `count`, `subscriber`, and `components`. */
export const DROPPED_BY_COMPONENT_FIELD = 'components';

/**
 * The per-component counts of a drop marker, from its `components` field (JSON object of
 * component id → entries; `''` is flowctl's own notes). Empty for markers without it.
 */
export function droppedByComponent(fields: Readonly<Record<string, string>>): Map<string, number> {
  const counts = new Map<string, number>();
  const text = fields[DROPPED_BY_COMPONENT_FIELD];
  if (text === undefined) return counts;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return counts;
    for (const [id, count] of Object.entries(parsed)) if (typeof count === 'number' && count > 0) counts.set(id, count);
  } catch {
    // A marker from elsewhere (an older flowctl over the control plane): no breakdown.
  }
  return counts;
}

export type OnBatch = (batch: LogEntry[]) => void | Promise<void>;

/** An entry's size as the ring and the queues measure it (UTF-16 code units of raw and message). */
function entrySize(entry: LogEntry): number {
  return entry.raw.length + entry.message.length;
}

export class Subscriber implements Subscription {
  #queue: LogEntry[] = [];
  #head = 0;
  /** Characters of `raw` + `message` queued from `#head` on (what `maxQueueBytes` bounds). */
  #bytes = 0;
  /** Dropped since the last delivered batch: becomes the marker at the front of the next one. */
  missed = 0;
  /** `missed` per component id, so the marker can say whose lines went missing. */
  #missedBy = new Map<string, number>();
  #dropped = 0;
  #waiters: (() => void)[] = [];
  busy = false;
  closed = false;
  /** Lines hidden by the rate limit that this subscriber's filter would have shown, per component. */
  readonly hidden = new Map<string, number>();

  constructor(
    readonly options: SubscribeOptions,
    readonly maxQueue: number,
    readonly onBatch: OnBatch,
    private readonly onDrop: (count: number) => void,
    private readonly onClose: (subscriber: Subscriber) => void,
  ) {}

  get dropped(): number {
    return this.#dropped;
  }

  get pending(): number {
    return this.#queue.length - this.#head;
  }

  matches(entry: LogEntry): boolean {
    return this.options.filter === undefined || this.options.filter.matches(entry);
  }

  /** Queues what the filter keeps (everything with `unfiltered`), dropping the oldest past the bound. */
  enqueue(entries: readonly LogEntry[], unfiltered = false): void {
    const filter = unfiltered ? undefined : this.options.filter;
    let bytes = 0;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as LogEntry;
      if (filter !== undefined && !filter.matches(entry)) continue;
      this.#queue.push(entry);
      bytes += entrySize(entry);
    }
    this.#bytes += bytes;
    const overflow = this.pending - this.maxQueue;
    if (overflow > 0) {
      for (let i = this.#head; i < this.#head + overflow; i++) this.#bytes -= this.#dropOne(this.#queue[i] as LogEntry);
      this.#head += overflow;
      this.countDrop(overflow);
    }
    const maxBytes = this.options.maxQueueBytes;
    if (maxBytes !== undefined && this.#bytes > maxBytes) {
      let dropped = 0;
      while (this.#bytes > maxBytes && this.pending > 1) {
        this.#bytes -= this.#dropOne(this.#queue[this.#head] as LogEntry);
        this.#head++;
        dropped++;
      }
      if (dropped > 0) this.countDrop(dropped);
    }
    // Reclaim the dropped prefix now and then instead of shifting on every drop (O(1) amortised).
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Tallies a dropped entry per component; returns its size. */
  #dropOne(entry: LogEntry): number {
    const id = entry.componentId;
    this.#missedBy.set(id, (this.#missedBy.get(id) ?? 0) + 1);
    return entrySize(entry);
  }

  /**
   * The marker for what was missed since the last batch, and a fresh count: "console missed
   * 12 034 entries (too slow): a 8 000, b 4 034", with the counts per component in `fields`.
   */
  takeMissed(): {message: string; fields: Record<string, string>} {
    const count = this.missed;
    const name = this.options.name;
    const parts = [...this.#missedBy].map(([id, n]) => `${id || 'flowctl'} ${formatCount(n)}`);
    const by = parts.length > 0 ? `: ${parts.join(', ')}` : '';
    const message = `${name} missed ${formatCount(count)} ${count === 1 ? 'entry' : 'entries'} (too slow)${by}`;
    const fields = {flowctl: 'dropped', count: String(count), subscriber: name, [DROPPED_BY_COMPONENT_FIELD]: JSON.stringify(Object.fromEntries(this.#missedBy))};
    this.missed = 0;
    this.#missedBy = new Map();
    return {message, fields};
  }

  countDrop(count: number): void {
    this.missed += count;
    this.#dropped += count;
    this.onDrop(count);
  }

  /** Everything queued, oldest first; the caller prepends the marker when `missed > 0`. */
  take(): LogEntry[] {
    const batch = this.#head === 0 ? this.#queue : this.#queue.slice(this.#head);
    this.#queue = [];
    this.#head = 0;
    this.#bytes = 0;
    return batch;
  }

  /** Resolves once everything queued so far was delivered and the subscriber's last batch settled. */
  drained(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  get idle(): boolean {
    return this.closed || (!this.busy && this.pending === 0 && this.missed === 0);
  }

  /** Called by the hub whenever a delivery settled. */
  settleWaiters(): void {
    if (!this.idle || this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.#queue = [];
    this.#head = 0;
    this.#bytes = 0;
    this.onClose(this);
    this.settleWaiters();
  }
}
