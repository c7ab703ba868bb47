/**
 * What a paused log pane reads: the ring where it is complete, below that a bounded side buffer
 * of older entries paged in from the history, behind `LogRing.query`'s contract.
 *
 * Why a "floor" and not the ring's oldest entry: the ring evicts per component (a chatty one
 * loses its old lines, a quiet one keeps its last errors), so below the newest evicted seq
 * it holds only some components' entries. Every seq at or above the floor is in the ring
 * (the hub assigns consecutive seqs); everything below it is read from the store, so the
 * seam has no gap and no duplicate.
 * The buffer covers a seq range `[lo, hi)` completely for the pane's filter (`lo` = -∞ once
 * the run's first entry is in). One page loads at a time; `onLoaded` says when to redraw.
 */
import type {LogFilter, LogRing} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';
import type {HistoryPager} from './history.js';
import {contiguousFloor} from './ring-floor.js';

/** Entries per history read. */
export const HISTORY_PAGE = 500;
/** Side buffer bound (entries); the end away from the reader is let go past it. */
export const MAX_BUFFERED = 5_000;

/** What is above the oldest row a pane can show right now. */
export type HistoryEdge =
  | {kind: 'more'}
  | {kind: 'loading'}
  | {kind: 'start'}
  /** Older entries exist but the UI cannot read them (no store): they are in the log files. */
  | {kind: 'files'}
  | {kind: 'failed'; message: string};

type Range = {afterSeq?: number; beforeSeq?: number; limit?: number};

export class Scrollback {
  edge: HistoryEdge = {kind: 'more'};
  #buffer: LogEntry[] = [];
  #covered = false;
  #lo = 0;
  #hi = 0;
  /** The filter spec the buffer was read with (relative time windows recompile every second). */
  #key: string | undefined;
  /** Bumped whenever the buffer is replaced: a page read for an older one is dropped. */
  #generation = 0;
  #loading: 'older' | 'newer' | undefined;
  #failed: string | undefined;
  #floorCache: {evicted: number; newest: number | undefined; floor: number} | undefined;
  /** What the last read said (`HistoryPager.partial`): the rest is only in the log files. */
  #partial = false;

  constructor(
    private readonly ring: LogRing,
    private readonly pager: HistoryPager | undefined,
    private readonly onLoaded: () => void,
    private readonly options: {page?: number; maxBuffered?: number; component?: string} = {},
  ) {}

  /** A page is being read; `older` when it extends the buffer downwards. */
  get loading(): 'older' | 'newer' | undefined {
    return this.#loading;
  }

  /** Why the last history read failed (not retried until the buffer is let go). */
  get failure(): string | undefined {
    return this.#failed;
  }
  /** Entries in the side buffer. */
  get buffered(): number {
    return this.#buffer.length;
  }

  /** Lets go of the buffer (following again, or a different filter). */
  reset(): void {
    this.#buffer = [];
    this.#covered = false;
    this.#generation++;
    this.#loading = undefined;
    this.#failed = undefined;
    this.edge = {kind: 'more'};
  }

  /** Same contract as `LogRing.query`, over the ring and the history below it. */
  query(filter: LogFilter | undefined, range: Range = {}): LogEntry[] {
    const floor = this.floor();
    if (floor === -Infinity) return this.#ringOnly(filter, range);
    this.#sync(filter);
    const limit = range.limit ?? Infinity;
    if (range.afterSeq !== undefined && range.beforeSeq === undefined) return this.#forward(filter, range.afterSeq, limit, floor);
    return this.#backward(filter, range.afterSeq ?? -Infinity, range.beforeSeq ?? Infinity, limit, floor);
  }

  /**
   * The first `limit` entries of the run, or `undefined` while they are being read (`onLoaded`
   * follows). Home / `g` with a history goes to the very beginning, not the ring's oldest.
   */
  oldest(filter: LogFilter | undefined, limit: number): LogEntry[] | undefined {
    const floor = this.floor();
    if (floor === -Infinity) return this.#ringOnly(filter, {afterSeq: -Infinity, limit});
    this.#sync(filter);
    if (this.#covered && this.#lo === -Infinity) return this.#forward(filter, -Infinity, limit, floor);
    this.#read('first', filter, () => this.pager?.after(filter, undefined, floor, this.#page), (entries) => {
      this.#replace(entries, -Infinity, entries.length < this.#page ? floor : (entries.at(-1)?.seq ?? floor) + 1);
    });
    return undefined;
  }

  /**
   * Keeps the `limit` entries ending at `bottomSeq` (what a pane showed when it paused) so a
   * flood evicting them from the ring does not make the paused view reload them.
   */
  snapshot(filter: LogFilter | undefined, bottomSeq: number, limit: number): void {
    this.reset();
    const floor = this.floor();
    if (floor === -Infinity || bottomSeq + 1 <= floor) return;
    this.#key = keyOf(filter);
    const entries = this.ring.query(filter, {afterSeq: floor - 1, beforeSeq: bottomSeq + 1, limit});
    this.#replace(entries, entries.length < limit ? floor : (entries[0]?.seq ?? floor), bottomSeq + 1);
  }

  /** Smallest seq from which the ring holds every entry; -∞: it holds the run, or no history. */
  floor(): number {
    if (this.pager === undefined) return -Infinity;
    const cache = this.#floorCache;
    if (cache !== undefined && cache.evicted === this.ring.evicted && cache.newest === this.ring.newestSeq) return cache.floor;
    // One component's reader (the merged timeline's lanes): the ring holds a suffix of each
    // component's entries, so its floor is that component's, which a flood of another does not move.
    // Even a ring that never evicted can have holes (attached: filled from the pipeline's ring,
    // which evicts per component). Complete from seq 1, the hub's first: it holds the run.
    const component = this.options.component;
    const contiguous = component !== undefined ? this.ring.componentFloor(component) : this.ring.size === 0 ? 1 : contiguousFloor(this.ring);
    this.#floorCache = {evicted: this.ring.evicted, newest: this.ring.newestSeq, floor: contiguous <= 1 ? -Infinity : contiguous};
    return this.#floorCache.floor;
  }

  get #page(): number {
    return this.options.page ?? HISTORY_PAGE;
  }

  get #maxBuffered(): number {
    return this.options.maxBuffered ?? MAX_BUFFERED;
  }

  #ringOnly(filter: LogFilter | undefined, range: Range): LogEntry[] {
    const rows = this.ring.query(filter, range);
    if (range.afterSeq === undefined || range.beforeSeq !== undefined) {
      // Reading backwards: the edge is the start of the run, unless the ring lost entries
      // (or, attached, never got them) and there is no history to read them from.
      const olderExist = this.ring.evicted > 0 || (this.ring.oldestSeq ?? 1) > 1;
      this.edge = olderExist && this.pager === undefined ? {kind: 'files'} : {kind: 'start'};
    }
    return rows;
  }

  #sync(filter: LogFilter | undefined): void {
    const key = keyOf(filter);
    if (key === this.#key) return;
    this.reset();
    this.#key = key;
  }

  #backward(filter: LogFilter | undefined, after: number, before: number, limit: number, floor: number): LogEntry[] {
    const upper = before > floor ? this.ring.query(filter, {afterSeq: Math.max(after, floor - 1), beforeSeq: before, limit}) : [];
    const edgeOfRequest = Math.min(before, floor);
    if (upper.length >= limit || edgeOfRequest - 1 <= after) {
      this.edge = {kind: 'more'};
      return upper;
    }
    return [...this.#bufferBelow(filter, after, edgeOfRequest, limit - upper.length), ...upper];
  }

  /** The newest `count` buffered matches with `after < seq < below`, asking for pages as needed. */
  #bufferBelow(filter: LogFilter | undefined, after: number, below: number, count: number): LogEntry[] {
    if (!(this.#covered && this.#lo < below && below <= this.#hi)) {
      // A short gap above the buffer (the ring moved on) is filled page by page; anything
      // else (nothing read yet, or far away) starts a new buffer right below `below`.
      const nearAbove = this.#covered && this.#hi < below && this.#lo < this.#hi && below - this.#hi <= this.#maxBuffered;
      if (nearAbove) this.#readNewer(filter, below);
      else this.#readOlder(filter, below, true);
      return [];
    }
    const out: LogEntry[] = [];
    let reachedAfter = false;
    for (let i = indexAtOrAbove(this.#buffer, below) - 1; i >= 0 && out.length < count; i--) {
      const entry = this.#buffer[i] as LogEntry;
      if (entry.seq <= after) {
        reachedAfter = true;
        break;
      }
      if (filter === undefined || filter.matches(entry)) out.push(entry);
    }
    out.reverse();
    if (out.length >= count || reachedAfter) this.edge = {kind: 'more'};
    // The pager ran out; attached to a pipeline without a store, the older entries are in the files.
    else if (this.#lo === -Infinity) this.edge = this.#partial ? {kind: 'files'} : {kind: 'start'};
    else if (after < this.#lo - 1) this.#readOlder(filter, this.#lo, false);
    else this.edge = {kind: 'more'};
    return out;
  }

  #forward(filter: LogFilter | undefined, after: number, limit: number, floor: number): LogEntry[] {
    const out: LogEntry[] = [];
    let next = after + 1;
    if (next < floor) {
      if (!(this.#covered && this.#lo <= next && next < this.#hi)) {
        // Within a page above or below the buffer: extend it; farther (Home, a jump): read the page starting there.
        const near = this.#page;
        if (this.#covered && next >= this.#hi && next - this.#hi <= near) this.#readNewer(filter, floor);
        else if (this.#covered && next < this.#lo && this.#lo - next <= near) this.#readOlder(filter, this.#lo, false);
        else this.#readFrom(filter, next, floor);
        return out;
      }
      for (let i = indexAtOrAbove(this.#buffer, next); i < this.#buffer.length && out.length < limit; i++) {
        const entry = this.#buffer[i] as LogEntry;
        if (filter === undefined || filter.matches(entry)) out.push(entry);
      }
      if (out.length >= limit) return out;
      if (this.#hi < floor) {
        this.#readNewer(filter, floor);
        return out;
      }
      next = this.#hi;
    }
    return [...out, ...this.ring.query(filter, {afterSeq: next - 1, limit: limit - out.length})];
  }

  /** A page below `before`: extends the buffer down, or replaces it (`fresh`). */
  #readOlder(filter: LogFilter | undefined, before: number, fresh: boolean): void {
    this.#read('older', filter, () => this.pager?.before(filter, before, this.#page), (entries) => {
      const lo = entries.length < this.#page ? -Infinity : (entries[0]?.seq ?? before);
      if (fresh || !this.#covered || this.#lo !== before) return this.#replace(entries, lo, before);
      this.#buffer = [...entries, ...this.#buffer];
      this.#lo = lo;
      const max = this.#maxBuffered;
      if (this.#buffer.length > max) {
        // The reader is at the old end: let the newest go (they are still in the store).
        this.#hi = (this.#buffer[max] as LogEntry).seq;
        this.#buffer.length = max;
      }
    });
  }

  /** A new buffer: the page from `from` up (at most to `floor`). */
  #readFrom(filter: LogFilter | undefined, from: number, floor: number): void {
    this.#read('newer', filter, () => this.pager?.after(filter, from <= 1 ? undefined : from - 1, floor, this.#page), (entries) => {
      this.#replace(entries, from <= 1 ? -Infinity : from, entries.length < this.#page ? floor : (entries.at(-1)?.seq ?? from) + 1);
    });
  }

  /** The page right above the buffer, up to `before` (the floor, or the row asked for). */
  #readNewer(filter: LogFilter | undefined, before: number): void {
    const from = this.#hi;
    this.#read('newer', filter, () => this.pager?.after(filter, from - 1, before, this.#page), (entries) => {
      if (!this.#covered || this.#hi !== from) return;
      this.#buffer.push(...entries);
      this.#hi = entries.length < this.#page ? before : (entries.at(-1)?.seq ?? from) + 1;
      const max = this.#maxBuffered;
      if (this.#buffer.length > max) {
        const drop = this.#buffer.length - max;
        this.#lo = (this.#buffer[drop - 1] as LogEntry).seq + 1;
        this.#buffer = this.#buffer.slice(drop);
      }
    });
  }

  #read(
    kind: 'older' | 'newer' | 'first',
    filter: LogFilter | undefined,
    start: () => ReturnType<HistoryPager['before']> | undefined,
    apply: (entries: LogEntry[]) => void,
  ): void {
    if (this.#failed !== undefined) {
      this.edge = {kind: 'failed', message: this.#failed};
      return;
    }
    this.edge = {kind: 'loading'};
    if (this.#loading !== undefined) return;
    const pending = start();
    if (pending === undefined) return;
    const generation = this.#generation;
    const key = keyOf(filter);
    this.#loading = kind === 'newer' ? 'newer' : 'older';
    void pending.then((result) => {
      // The pager's `partial` is about its last read, and several readers share it (the
      // merged timeline's lanes): taken now, it is this read's.
      const partial = this.pager?.partial === true;
      if (generation !== this.#generation || key !== this.#key) return;
      this.#loading = undefined;
      this.#partial = partial;
      if (result.ok) apply(result.value);
      else {
        this.#failed = result.error;
        this.edge = {kind: 'failed', message: result.error};
      }
      this.onLoaded();
    });
  }

  #replace(entries: LogEntry[], lo: number, hi: number): void {
    this.#generation++;
    this.#buffer = entries;
    this.#covered = true;
    this.#lo = lo;
    this.#hi = hi;
  }
}

const keyOf = (filter: LogFilter | undefined): string => (filter === undefined ? '' : JSON.stringify(filter.spec));

/** First index in the seq-ordered `entries` whose seq is ≥ `seq`. */
function indexAtOrAbove(entries: readonly LogEntry[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as LogEntry).seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
