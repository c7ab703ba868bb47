/**
 * The bounded in-memory window of recent entries that live views and `logs` read first.
 *
 * Bounded by entry count and by size. When over a bound it evicts from the component that
 * holds the most (entries for the count bound, characters for the size bound), oldest
 * first: every component keeps at least its fair share (capacity / components seen), so a
 * chatty component cannot push a quiet component's last errors out. Evicted entries are
 * still in the log files and the store; they are counted in `evicted`.
 *
 * Layout: one global array of slots in seq order (for seq-range queries by binary search)
 * and one FIFO of the same slots per component (for eviction). An evicted slot is marked
 * dead and skipped; dead slots are compacted away once they are the majority, so append is
 * O(1) amortised in the number of entries (choosing the lane to evict from scans the
 * components, which a pipeline has a handful of).
 *
 * Only the newest `youngEntries` stay entry objects; older ones are packed outside V8's
 * heap, per component, a few hundred at a time (`ring-pack.ts` says why), and decoded when
 * a query returns them: a query may return a different object for the same entry.
 */
import type {LogFilter, LogRing} from './api.js';
import type {LogEntry} from './entry.js';
import {EntryPacker, type PackedSegment} from './ring-pack.js';

export interface RingOptions {
  /** Default 10 000 (`logging.buffer_size`). */
  maxEntries?: number;
  /** Size cap in characters of `raw` + `message` (UTF-16 code units). Default 32 Mi. */
  maxBytes?: number;
  /** Entries kept as objects before they are packed (default `YOUNG_ENTRIES`). */
  youngEntries?: number;
  /** Young entries packed at a time (default `PACK_ENTRIES`). */
  packEntries?: number;
}

export const DEFAULT_RING_ENTRIES = 10_000;
export const DEFAULT_RING_BYTES = 32 * 1024 * 1024;

/** Below this many dead slots, compaction is not worth a copy. */
const COMPACT_MIN = 64;

/**
 * Entries younger than this stay objects: a few young-generation collections' worth under a
 * flood (one every ~6 000 lines of workload A), and far more than the live views (the newest
 * screenful) read, so they never decode a packed entry.
 */
export const YOUNG_ENTRIES = 2048;
/** Young entries packed at a time (all components together, each into segments of its own). */
export const PACK_ENTRIES = 512;

interface Slot {
  readonly seq: number;
  readonly bytes: number;
  alive: boolean;
  /** The entry while young; undefined once packed (or evicted). */
  entry: LogEntry | undefined;
  /** Where the entry is once packed: its segment and its index there. */
  packed: PackedSegment | undefined;
  index: number;
}

/** The entry of a live slot, decoded when packed (a new object per call). */
function entryOf(slot: Slot): LogEntry {
  return slot.entry ?? (slot.packed as PackedSegment).entry(slot.index);
}

/** What a filter tests: the entry, or a probe that decodes only what the filter reads. */
function viewOf(slot: Slot): LogEntry {
  return slot.entry ?? (slot.packed as PackedSegment).probe(slot.index);
}

/** One component's entries, oldest first, from `head`. */
class Lane {
  slots: Slot[] = [];
  head = 0;
  count = 0;
  bytes = 0;

  push(slot: Slot): void {
    this.slots.push(slot);
    this.count++;
    this.bytes += slot.bytes;
  }

  oldest(): Slot | undefined {
    return this.slots[this.head];
  }

  shift(): Slot {
    const slot = this.slots[this.head];
    if (slot === undefined) throw new Error('Internal error: evicting from an empty ring lane');
    this.slots[this.head] = undefined as unknown as Slot; // let the entry be collected now
    this.head++;
    this.count--;
    this.bytes -= slot.bytes;
    if (this.head >= COMPACT_MIN && this.head * 2 >= this.slots.length) {
      this.slots = this.slots.slice(this.head);
      this.head = 0;
    }
    return slot;
  }
}

export class Ring implements LogRing {
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly lanes = new Map<string, Lane>();
  /** Every slot in seq order from `head`, live or dead; first and last are always live. */
  private order: Slot[] = [];
  private head = 0;
  private dead = 0;
  private count = 0;
  private totalBytes = 0;
  private evictedCount = 0;
  private readonly youngEntries: number;
  private readonly packEntries: number;
  /** Slots not packed yet, oldest first from `youngHead` (evicted ones included). */
  private young: (Slot | undefined)[] = [];
  private youngHead = 0;
  private readonly packer = new EntryPacker();

  constructor(options: RingOptions = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULT_RING_ENTRIES;
    this.maxBytes = options.maxBytes ?? DEFAULT_RING_BYTES;
    this.youngEntries = options.youngEntries ?? YOUNG_ENTRIES;
    this.packEntries = Math.max(1, options.packEntries ?? PACK_ENTRIES);
    if (!(Number.isSafeInteger(this.maxEntries) && this.maxEntries >= 1)) {
      throw new RangeError(`Ring maxEntries must be a whole number ≥ 1, got ${this.maxEntries}`);
    }
    if (!(this.maxBytes >= 1)) throw new RangeError(`Ring maxBytes must be ≥ 1, got ${this.maxBytes}`);
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get evicted(): number {
    return this.evictedCount;
  }

  get oldestSeq(): number | undefined {
    return this.order[this.head]?.seq;
  }

  get newestSeq(): number | undefined {
    return this.count === 0 ? undefined : this.order[this.order.length - 1]?.seq;
  }

  /** Entries must come in increasing `seq` order (the hub assigns seqs); anything else is a bug. */
  append(entries: readonly LogEntry[]): void {
    for (const entry of entries) {
      const newest = this.newestSeq;
      if (newest !== undefined && !(entry.seq > newest)) {
        throw new Error(`Internal error: ring append out of order (seq ${entry.seq} after ${newest})`);
      }
      const slot: Slot = {seq: entry.seq, bytes: entry.raw.length + entry.message.length, alive: true, entry, packed: undefined, index: 0};
      let lane = this.lanes.get(entry.componentId);
      if (lane === undefined) {
        lane = new Lane();
        this.lanes.set(entry.componentId, lane);
      }
      lane.push(slot);
      this.order.push(slot);
      if (this.packing) this.young.push(slot);
      this.count++;
      this.totalBytes += slot.bytes;
      // The entry just appended is never the one evicted, even one larger than the whole
      // byte cap: a live view must show the latest line.
      while (this.count > this.maxEntries) this.evictFrom(false, slot);
      while (this.totalBytes > this.maxBytes && this.count > 1) this.evictFrom(true, slot);
    }
    if (this.packing) this.packOldYoung();
  }

  /** A ring that holds no more than the young entries never packs. */
  private get packing(): boolean {
    return this.maxEntries > this.youngEntries;
  }

  /** Packs the oldest young entries while there are more than `youngEntries` of them. */
  private packOldYoung(): void {
    while (this.young.length - this.youngHead > this.youngEntries + this.packEntries) {
      const end = this.youngHead + this.packEntries;
      const byComponent = new Map<string, Slot[]>();
      for (let i = this.youngHead; i < end; i++) {
        const slot = this.young[i] as Slot;
        this.young[i] = undefined;
        if (!slot.alive || slot.entry === undefined) continue;
        const id = slot.entry.componentId;
        const slots = byComponent.get(id);
        if (slots === undefined) byComponent.set(id, [slot]);
        else slots.push(slot);
      }
      this.youngHead = end;
      for (const slots of byComponent.values()) this.packSlots(slots);
    }
    if (this.youngHead >= COMPACT_MIN && this.youngHead * 2 >= this.young.length) {
      this.young = this.young.slice(this.youngHead);
      this.youngHead = 0;
    }
  }

  /** One component's slots, in seq order, into segments of one run each. */
  private packSlots(slots: readonly Slot[]): void {
    for (let from = 0; from < slots.length; ) {
      const runId = (slots[from]?.entry as LogEntry).runId;
      let to = from + 1;
      while (to < slots.length && (slots[to]?.entry as LogEntry).runId === runId) to++;
      const run = slots.slice(from, to);
      const segment = this.packer.pack(run.map((slot) => slot.entry as LogEntry));
      run.forEach((slot, index) => {
        slot.packed = segment;
        slot.index = index;
        slot.entry = undefined;
      });
      from = to;
    }
  }

  query(filter: LogFilter | undefined, range: {afterSeq?: number; beforeSeq?: number; limit?: number} = {}): LogEntry[] {
    const {afterSeq, beforeSeq} = range;
    const start = afterSeq === undefined ? this.head : this.firstIndexAbove(afterSeq);
    const end = beforeSeq === undefined ? this.order.length : this.firstIndexAtOrAbove(beforeSeq);
    const limit = range.limit === undefined ? Infinity : Math.max(0, Math.floor(range.limit));
    const forward = afterSeq !== undefined && beforeSeq === undefined;
    const matches = (slot: Slot): boolean => slot.alive && (filter === undefined || filter.matches(viewOf(slot)));
    const tail = filter?.tail;
    if (tail !== undefined) {
      // The last `tail` matches of the range, then `limit` applies within them.
      const kept = this.collectBackward(start, end, tail, matches);
      return forward ? kept.slice(0, limit) : kept.slice(Math.max(0, kept.length - limit));
    }
    if (forward || limit === Infinity) return this.collectForward(start, end, limit, matches);
    return this.collectBackward(start, end, limit, matches);
  }

  seqs(range: {beforeSeq?: number; limit?: number} = {}): number[] {
    const end = range.beforeSeq === undefined ? this.order.length : this.firstIndexAtOrAbove(range.beforeSeq);
    const limit = range.limit === undefined ? Infinity : Math.max(0, Math.floor(range.limit));
    const out: number[] = [];
    for (let i = end - 1; i >= this.head && out.length < limit; i--) {
      const slot = this.order[i];
      if (slot?.alive === true) out.push(slot.seq);
    }
    return out.reverse();
  }

  private collectForward(start: number, end: number, limit: number, matches: (s: Slot) => boolean): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = start; i < end && out.length < limit; i++) {
      const slot = this.order[i];
      if (slot !== undefined && matches(slot)) out.push(entryOf(slot));
    }
    return out;
  }

  /** The newest `limit` matches in [start, end), returned oldest first. */
  private collectBackward(start: number, end: number, limit: number, matches: (s: Slot) => boolean): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = end - 1; i >= start && out.length < limit; i--) {
      const slot = this.order[i];
      if (slot !== undefined && matches(slot)) out.push(entryOf(slot));
    }
    return out.reverse();
  }

  /**
   * Evicts the oldest entry of the lane holding the most (entries, or characters `byBytes`);
   * ties go to the older entry.
   */
  private evictFrom(byBytes: boolean, keep: Slot): void {
    let victim: Lane | undefined;
    for (const lane of this.lanes.values()) {
      if (lane.count === 0 || lane.oldest() === keep) continue;
      const weight = byBytes ? lane.bytes : lane.count;
      const victimWeight = victim === undefined ? -1 : byBytes ? victim.bytes : victim.count;
      if (victim === undefined || weight > victimWeight) {
        victim = lane;
      } else if (weight === victimWeight && (lane.oldest()?.seq ?? Infinity) < (victim.oldest()?.seq ?? Infinity)) {
        victim = lane;
      }
    }
    if (victim === undefined) throw new Error('Internal error: ring over its bounds with no entries');
    const slot = victim.shift();
    slot.alive = false;
    // Let the entry (or its share of a segment) go now, not when `order` is next compacted.
    slot.entry = undefined;
    slot.packed = undefined;
    this.count--;
    this.totalBytes -= slot.bytes;
    this.evictedCount++;
    this.dead++;
    this.dropDeadEnds();
  }

  /** Keeps the first and last slots of `order` live, and compacts when most slots are dead. */
  private dropDeadEnds(): void {
    while (this.head < this.order.length && this.order[this.head]?.alive === false) {
      this.order[this.head] = undefined as unknown as Slot;
      this.head++;
      this.dead--;
    }
    while (this.order.length > this.head && this.order[this.order.length - 1]?.alive === false) {
      this.order.pop();
      this.dead--;
    }
    const span = this.order.length - this.head;
    if (this.dead >= COMPACT_MIN && this.dead * 2 >= span) {
      this.order = this.order.slice(this.head).filter((slot) => slot.alive);
      this.head = 0;
      this.dead = 0;
    } else if (this.head >= COMPACT_MIN && this.head * 2 >= this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }

  /** First index in [head, length) whose seq is > `seq`. */
  private firstIndexAbove(seq: number): number {
    return this.firstIndexWhere((s) => s > seq);
  }

  /** First index in [head, length) whose seq is ≥ `seq`. */
  private firstIndexAtOrAbove(seq: number): number {
    return this.firstIndexWhere((s) => s >= seq);
  }

  /** Binary search over the seq-ordered slots for the first seq satisfying a monotone test. */
  private firstIndexWhere(test: (seq: number) => boolean): number {
    let lo = this.head;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const slot = this.order[mid];
      if (slot === undefined || test(slot.seq)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
