/**
 * The bounded in-memory window of recent entries that live views and `logs` read first.
 *
 * Bounded by entry count and by size. When over a bound it evicts from the component that
 * holds the most (entries for the count bound, characters for the size bound), oldest
 * first: every component keeps at least its fair share (capacity / components seen), so a
 * chatty component cannot push a quiet component's last errors out. Evicted entries are
 * still in the log files and the store; they are counted in `evicted`.
 *
 * Layout: one FIFO per component (`ring-lane.ts`), each in seq order, so eviction pops a
 * lane's head and a seq range is a binary search per lane; queries merge the lanes by seq
 * (a pipeline has a handful of components). No object is made per entry beyond the entry.
 *
 * Only the newest `youngEntries` stay entry objects; older ones are packed into their
 * lane's columns (`ring-lane.ts` says why) and decoded when a query returns them: a query
 * may return a different object for the same entry.
 */
import type {LogFilter, LogRing} from './api.js';
import type {LogEntry} from './entry.js';
import {RingLane} from './ring-lane.js';

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

/**
 * Entries younger than this stay objects: more than the live views (the newest screenful)
 * read, so they rarely decode a packed entry. Few, because every young entry alive at a
 * young-generation collection is copied by it: with 2 048 (and packing 512 at a time) the
 * scavenges of workload A took 240 ms, with 256 and 128 126 ms (`--trace-gc`, everything on;
 * wall time −4 %, alternating).
 */
export const YOUNG_ENTRIES = 256;
/** Young entries packed at a time (all components together). */
export const PACK_ENTRIES = 128;

/** A position in a lane while lanes are merged by seq. */
interface Cursor {
  readonly lane: RingLane;
  /** Next index to read (forward), or one past it (backward). */
  at: number;
  /** The bound the cursor stops at: exclusive end (forward) or inclusive start (backward). */
  readonly stop: number;
}

export class Ring implements LogRing {
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly youngEntries: number;
  private readonly packEntries: number;
  private readonly lanes = new Map<string, RingLane>();
  /** The lanes in the order first seen (iterated on every eviction: an array, not the Map). */
  private readonly laneList: RingLane[] = [];
  private lastLane: RingLane | undefined;
  private count = 0;
  private totalBytes = 0;
  private evictedCount = 0;
  private newest: number | undefined;
  /**
   * The newest seq that was appended right after a missing one (the first seq appended when
   * it was not 1: an attached ring starts mid-run; a follower that missed entries): every seq
   * from here on was appended. -∞: every seq from 1 was (the hub's own ring).
   */
  private gapAt = -Infinity;
  /** Entries not yet offered to packing, as of the last pass plus those appended since (evicted ones included). */
  private young = 0;

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
    let oldest: number | undefined;
    for (const lane of this.laneList) {
      if (lane.count === 0) continue;
      const seq = lane.seqAt(lane.head);
      if (oldest === undefined || seq < oldest) oldest = seq;
    }
    return oldest;
  }

  get newestSeq(): number | undefined {
    return this.count === 0 ? undefined : this.newest;
  }

  /** Entries must come in increasing `seq` order (the hub assigns seqs); anything else is a bug. */
  append(entries: readonly LogEntry[]): void {
    for (const entry of entries) {
      if (this.newest !== undefined && !(entry.seq > this.newest)) {
        throw new Error(`Internal error: ring append out of order (seq ${entry.seq} after ${this.newest})`);
      }
      if (entry.seq > (this.newest ?? 0) + 1) this.gapAt = entry.seq;
      const lane = this.laneOf(entry.componentId);
      const weight = entry.raw.length + entry.message.length;
      lane.push(entry, weight);
      this.newest = entry.seq;
      this.count++;
      this.totalBytes += weight;
      this.young++;
      // The entry just appended is never the one evicted, even one larger than the whole
      // byte cap: a live view must show the latest line.
      while (this.count > this.maxEntries) this.evictFrom(false, lane);
      while (this.totalBytes > this.maxBytes && this.count > 1) this.evictFrom(true, lane);
    }
    // A ring that holds no more than the young entries never packs.
    if (this.maxEntries > this.youngEntries && this.young > this.youngEntries + this.packEntries && this.newest !== undefined) {
      const upToSeq = this.newest - this.youngEntries;
      this.young = 0;
      for (const lane of this.laneList) {
        lane.pack(upToSeq);
        this.young += lane.young;
      }
    }
  }

  private laneOf(componentId: string): RingLane {
    if (this.lastLane?.componentId === componentId) return this.lastLane;
    let lane = this.lanes.get(componentId);
    if (lane === undefined) {
      lane = new RingLane(componentId);
      this.lanes.set(componentId, lane);
      this.laneList.push(lane);
    }
    this.lastLane = lane;
    return lane;
  }

  query(filter: LogFilter | undefined, range: {afterSeq?: number; beforeSeq?: number; limit?: number} = {}): LogEntry[] {
    const {afterSeq, beforeSeq} = range;
    const limit = range.limit === undefined ? Infinity : Math.max(0, Math.floor(range.limit));
    const forward = afterSeq !== undefined && beforeSeq === undefined;
    const tail = filter?.tail;
    if (tail !== undefined) {
      // The last `tail` matches of the range, then `limit` applies within them.
      const kept = this.collect(false, afterSeq, beforeSeq, tail, filter);
      return forward ? kept.slice(0, limit) : kept.slice(Math.max(0, kept.length - limit));
    }
    return this.collect(forward || limit === Infinity, afterSeq, beforeSeq, limit, filter);
  }

  componentFloor(componentId: string): number {
    const lane = this.lanes.get(componentId);
    // A lane evicts oldest first, so it holds a suffix of its component's entries: complete
    // from its oldest, or from the start when it never evicted, unless seqs went missing.
    if (lane === undefined || lane.shifted === 0) return this.gapAt;
    return Math.max(lane.count === 0 ? (this.newest ?? 0) + 1 : lane.seqAt(lane.head), this.gapAt);
  }

  componentIds(): string[] {
    return this.laneList.map((lane) => lane.componentId);
  }

  seqs(range: {beforeSeq?: number; limit?: number} = {}): number[] {
    const limit = range.limit === undefined ? Infinity : Math.max(0, Math.floor(range.limit));
    const cursors = this.cursors(false, undefined, range.beforeSeq);
    const out: number[] = [];
    for (let cursor = next(cursors, false); cursor !== undefined && out.length < limit; cursor = next(cursors, false)) {
      out.push(cursor.lane.seqAt(--cursor.at));
    }
    return out.reverse();
  }

  /**
   * Up to `limit` matches with `afterSeq < seq < beforeSeq`, oldest first: the oldest of them
   * (`forward`) or the newest.
   */
  private collect(forward: boolean, afterSeq: number | undefined, beforeSeq: number | undefined, limit: number, filter: LogFilter | undefined): LogEntry[] {
    const cursors = this.cursors(forward, afterSeq, beforeSeq, filter);
    const out: LogEntry[] = [];
    for (let cursor = next(cursors, forward); cursor !== undefined && out.length < limit; cursor = next(cursors, forward)) {
      const i = forward ? cursor.at++ : --cursor.at;
      if (filter === undefined || filter.matches(cursor.lane.viewAt(i))) out.push(cursor.lane.entryAt(i));
    }
    return forward ? out : out.reverse();
  }

  /** Per lane with entries in the range, a cursor at its oldest (`forward`) or past its newest. */
  private cursors(forward: boolean, afterSeq: number | undefined, beforeSeq: number | undefined, filter?: LogFilter): Cursor[] {
    const cursors: Cursor[] = [];
    // A filter naming components never matches another lane's entries: skip those lanes
    // instead of testing each entry (the merged timeline reads one lane at a time).
    const named = filter?.spec.components;
    const only = named !== undefined && named.length > 0 ? named : undefined;
    for (const lane of this.laneList) {
      if (only !== undefined && !only.includes(lane.componentId)) continue;
      const start = afterSeq === undefined ? lane.head : lane.firstAbove(afterSeq, false);
      const end = beforeSeq === undefined ? lane.end : lane.firstAbove(beforeSeq, true);
      if (start < end) cursors.push(forward ? {lane, at: start, stop: end} : {lane, at: end, stop: start});
    }
    return cursors;
  }

  /**
   * Evicts the oldest entry of the lane holding the most (entries, or characters `byBytes`);
   * ties go to the older entry. `keep`'s newest entry (the one just appended) is never evicted.
   */
  private evictFrom(byBytes: boolean, keep: RingLane): void {
    let victim: RingLane | undefined;
    let victimWeight = -1;
    for (const lane of this.laneList) {
      if (lane.count === 0 || (lane === keep && lane.count === 1)) continue;
      const weight = byBytes ? lane.weight : lane.count;
      if (weight > victimWeight || (weight === victimWeight && victim !== undefined && lane.seqAt(lane.head) < victim.seqAt(victim.head))) {
        victim = lane;
        victimWeight = weight;
      }
    }
    if (victim === undefined) throw new Error('Internal error: ring over its bounds with no entries');
    this.totalBytes -= victim.shift();
    this.count--;
    this.evictedCount++;
  }
}

/** The cursor whose next entry comes first in seq order (forward: lowest seq; backward: highest), or undefined when all are done. */
function next(cursors: readonly Cursor[], forward: boolean): Cursor | undefined {
  let best: Cursor | undefined;
  let bestSeq = 0;
  for (const cursor of cursors) {
    if (forward ? cursor.at >= cursor.stop : cursor.at <= cursor.stop) continue;
    const seq = cursor.lane.seqAt(forward ? cursor.at : cursor.at - 1);
    if (best === undefined || (forward ? seq < bestSeq : seq > bestSeq)) {
      best = cursor;
      bestSeq = seq;
    }
  }
  return best;
}
