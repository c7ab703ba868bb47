/**
 * The merged timeline's scroll state: every component's entries ordered by timestamp (ties
 * by seq), across the ring and the stored history, so scrolling up and down walks one
 * consistent order.
 *
 * Why lanes: entries arrive in seq order, but a component's clock, or its output buffering (a
 * block-buffered Python child flushes a minute of lines at once), can stamp lines well before
 * lines other components printed earlier. Pages chosen by seq and then sorted by time overlap
 * in time and jump as the user scrolls. Instead each component is a lane, read in its own
 * seq order (through its own `Scrollback`: ring, then history pages), and the lanes are
 * merged by timestamp. A paused view is a bound per lane (an exclusive seq: what is at or
 * above the bottom row); scrolling moves the bounds by merging the lanes' next entries.
 * This is the timestamp order exactly when each component stamps its own lines in order,
 * which loggers do; a component whose clock steps back keeps its lines in arrival order.
 */
import type {LogFilter, LogRing} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';
import type {HistoryPager} from './history.js';
import {matchesIn, type PaneWindow, type ShownView} from './pane-window.js';
import {LanePlacer} from './lane-placer.js';
import {byTime, newest} from './time-order.js';
import {MergedLanes, type Lane} from './merged-lanes.js';
import {moveSelection, selectedIndexIn} from './pane-selection.js';
import {Scrollback, type HistoryEdge} from './scrollback.js';
import {unreachable} from '../util/unreachable.js';

export interface MergedWindowOptions {
  history?: HistoryPager;
  /** A history page arrived: draw again. */
  onChange?: () => void;
  onFailure?: (message: string) => void;
  /** What following shows instead of `ring` (the rate-limited live view); `undefined`: the ring. */
  live?: () => LogRing | undefined;
  /** Components that may have entries (besides those the ring has seen). */
  componentIds?: () => readonly string[];
  page?: number;
  maxBuffered?: number;
}


type Pending =
  | {kind: 'up' | 'down'; count: number; height: number}
  /** `previous`: the bounds before, kept if the first pages cannot be read. */
  | {kind: 'top'; height: number; previous: ReadonlyMap<string, number>}
  /** `shown`: the view before, drawn until the revealed entry is placed (see `reveal`). */
  | {kind: 'reveal'; entry: LogEntry; height: number; shown: ShownView};


export class MergedWindow implements PaneWindow {
  follow = true;
  selectedSeq: number | undefined;
  newCount = 0;
  readonly #lanes: MergedLanes;
  /** Paused: per lane, the exclusive seq bound of what is at or above the bottom row. */
  readonly #bounds = new Map<string, number>();
  /** Paused: the bound of lanes that had no entry then (the ring's next seq at the pause). */
  #pausedAt = 0;
  #pending: Pending | undefined;
  /** Places the lanes at a revealed entry's time. */
  readonly #placer: LanePlacer;
  readonly #floorProbe: Scrollback;
  readonly #onLoaded: () => void;

  constructor(
    private readonly ring: LogRing,
    filter: LogFilter | undefined,
    private readonly options: MergedWindowOptions = {},
  ) {
    let reported: string | undefined;
    this.#onLoaded = () => {
      const failure = this.#failure();
      if (failure !== undefined && failure !== reported) options.onFailure?.(failure);
      reported = failure;
      this.#applyPending();
      // One frame when every lane has its page, not one per lane (each is drawn at once).
      if (failure !== undefined || !this.#loading(this.#lanes.list())) options.onChange?.();
    };
    this.#lanes = new MergedLanes(ring, options, this.#onLoaded);
    this.#lanes.filter = filter;
    this.#floorProbe = new Scrollback(ring, options.history, () => undefined);
    this.#placer = new LanePlacer(ring, options.history, this.#onLoaded);
  }

  get filter(): LogFilter | undefined {
    return this.#lanes.filter;
  }

  set filter(filter: LogFilter | undefined) {
    if (filter !== this.#lanes.filter) this.#lanes.filter = filter;
  }

  displayed(height: number): LogEntry[] {
    if (height <= 0) return [];
    if (this.#pending?.kind === 'reveal') return this.#pending.shown.rows.slice(-height);
    const lanes = this.#lanes.list();
    if (this.follow) {
      const ring = this.options.live?.() ?? this.ring;
      return newest(lanes.flatMap((lane) => ring.query(lane.filter, {limit: height})), height);
    }
    const rows = this.#above(lanes, height);
    // Nothing older (start of the run, or a page still loading): fill the pane with the next entries.
    return rows.length < height ? [...rows, ...this.#below(lanes, height - rows.length)] : rows;
  }

  edge(height: number): HistoryEdge | undefined {
    if (this.follow) return undefined;
    const lanes = this.#lanes.list();
    if (this.#loading(lanes)) return {kind: 'loading'};
    const failure = this.#failure();
    if (failure !== undefined) return {kind: 'failed', message: failure};
    const rows = this.displayed(height);
    let edge: HistoryEdge = {kind: 'start'};
    for (const lane of lanes) {
      // Its top row, or where it is bounded when none shows (rows filled from below a bound are below it).
      const shown = rows.filter((entry) => entry.componentId === lane.id).map((entry) => entry.seq);
      const top = shown.length > 0 ? Math.min(...shown) : this.#bound(lane);
      // Nothing comes before seq 1: that lane is at the start, no read needed.
      if (top <= 1) continue;
      if (lane.scrollback.query(lane.filter, {beforeSeq: top, limit: 1}).length > 0) return undefined;
      const laneEdge = lane.scrollback.edge;
      if (laneEdge.kind === 'loading' || laneEdge.kind === 'failed') return laneEdge;
      if (laneEdge.kind === 'files' || (laneEdge.kind === 'more' && edge.kind === 'start')) edge = laneEdge;
    }
    return edge;
  }

  onEntries(batch: readonly LogEntry[]): boolean {
    const matched = matchesIn(batch, this.#lanes.filter, this.follow ? 'any' : 'all');
    if (!this.follow) this.newCount += matched;
    return matched > 0;
  }

  pause(height: number): void {
    if (!this.follow) return;
    const rows = this.displayed(height);
    this.follow = false;
    this.newCount = 0;
    // Every lane's entries up to now are at or above the bottom row: following showed the newest by time.
    this.#pausedAt = Math.max((this.ring.newestSeq ?? 0) + 1, ...rows.map((entry) => Math.floor(entry.seq) + 1));
    this.#bounds.clear();
    // What was on screen is kept aside per lane: a flood evicting it does not make the view wait for the store.
    for (const lane of this.#lanes.list()) lane.scrollback.snapshot(lane.filter, this.#pausedAt - 1, Math.max(height * 4, 200));
  }

  resume(): void {
    this.follow = true;
    this.selectedSeq = undefined;
    this.newCount = 0;
    this.#pending = undefined;
    this.#bounds.clear();
    this.#placer.forget();
    for (const lane of this.#lanes.all()) lane.scrollback.reset();
  }

  scrollUp(count: number, height: number): void {
    this.pause(height);
    this.#pending = undefined;
    const lanes = this.#lanes.list();
    const rows = this.#above(lanes, height + count);
    // A lane still reading its page would be merged without it: move once every lane has its rows.
    if (this.#loading(lanes)) {
      this.#pending = {kind: 'up', count, height};
      return;
    }
    const moved = Math.min(count, Math.max(0, rows.length - height));
    if (moved === 0) return;
    // The bottom `moved` rows leave the pane: each lane's bound drops to the oldest of its own that left.
    for (const entry of rows.slice(rows.length - moved)) this.#bounds.set(entry.componentId, Math.min(this.#boundOf(entry.componentId), entry.seq));
    this.#keepSelectionInside(height);
  }

  scrollDown(count: number, height: number): void {
    if (this.follow) return;
    this.#pending = undefined;
    const lanes = this.#lanes.list();
    const next = this.#below(lanes, count);
    if (this.#loading(lanes)) {
      // Entries are on their way from the store: not the end, and not to be merged without them.
      this.#pending = {kind: 'down', count, height};
      return;
    }
    for (const entry of next) this.#bounds.set(entry.componentId, Math.max(this.#boundOf(entry.componentId), entry.seq + 1));
    // Scrolled past what arrived since the pause: no longer "new".
    this.newCount = Math.max(0, this.newCount - next.filter((entry) => entry.seq >= this.#pausedAt).length);
    const more = this.#below(lanes, 1).length > 0;
    if (this.#loading(lanes)) return this.#keepSelectionInside(height);
    if (!more) return this.resume();
    this.#keepSelectionInside(height);
  }

  /**
   * The run's first entries. Every lane's bound goes to its start at once, so while their first
   * pages load the pane reads from there too (not from where it paused, which would replace them).
   */
  top(height: number, previous: ReadonlyMap<string, number> = new Map(this.#bounds)): void {
    this.pause(height);
    this.#pending = undefined;
    const lanes = this.#lanes.list();
    for (const lane of lanes) this.#bounds.set(lane.id, 1);
    const first = this.#below(lanes, height);
    if (this.#loading(lanes)) {
      this.#pending = {kind: 'top', height, previous};
      return;
    }
    if (this.#failure() !== undefined) {
      // Not readable (the pane says why): the view stays where it was, nothing half-read shown.
      this.#bounds.clear();
      for (const [id, bound] of previous) this.#bounds.set(id, bound);
      return;
    }
    for (const entry of first) this.#bounds.set(entry.componentId, Math.max(this.#boundOf(entry.componentId), entry.seq + 1));
    this.selectedSeq = first[0]?.seq;
  }

  moveSelection(direction: -1 | 1, height: number): void {
    moveSelection(this, direction, height);
  }

  /**
   * Every lane is placed at `entry`'s time (its newest entry at or before it, found with a
   * time bound: in the ring, or a history page), then the view moves half a page down.
   */
  reveal(entry: LogEntry, height: number): void {
    this.#reveal(entry, height, {rows: this.displayed(height), selectedSeq: this.selectedSeq});
  }

  /**
   * Until every lane is placed and the half page below is in, frames (a flood draws them
   * continuously) show `shown`, the view before: the bounds set so far would draw the entry
   * on the bottom row for a moment before it moved mid-pane. Read while waiting: nothing
   * (the rows are kept, so the old view asks no lane for pages the placing needs).
   */
  #reveal(entry: LogEntry, height: number, shown: ShownView): void {
    this.pause(height);
    this.#pending = undefined;
    this.selectedSeq = entry.seq;
    this.#placer.forget(entry.seq);
    const lanes = this.#lanes.list();
    for (const lane of lanes) {
      if (lane.id === entry.componentId) {
        this.#bounds.set(lane.id, entry.seq + 1);
        continue;
      }
      const bound = this.#placer.boundAt(lane.id, lane.filter, entry);
      if (bound === undefined) {
        this.#pending = {kind: 'reveal', entry, height, shown};
        return;
      }
      this.#bounds.set(lane.id, bound);
    }
    // Half a page of what follows below it; the view stays paused even when that is the newest.
    const below = this.#below(lanes, Math.floor(height / 2));
    if (this.#loading(lanes)) {
      this.#pending = {kind: 'reveal', entry, height, shown};
      return;
    }
    for (const next of below) this.#bounds.set(next.componentId, Math.max(this.#boundOf(next.componentId), next.seq + 1));
  }

  selectedIndex(rows: readonly LogEntry[]): number {
    return selectedIndexIn(rows, this.#pending?.kind === 'reveal' ? this.#pending.shown.selectedSeq : this.selectedSeq);
  }

  selected(height: number): LogEntry | undefined {
    const rows = this.displayed(height);
    return rows[this.selectedIndex(rows)];
  }

  historyFloor(): number {
    return this.#floorProbe.floor();
  }

  /** The components the pane shows (flowctl's own notes as `''`). */
  laneIds(): string[] {
    return this.#lanes.list().map((lane) => lane.id);
  }

  // ---- internals -------------------------------------------------------------------------

  #bound(lane: Lane): number {
    return this.#boundOf(lane.id);
  }

  #boundOf(id: string): number {
    return this.#bounds.get(id) ?? this.#pausedAt;
  }

  /** The newest `count` entries at or above the bottom row, by time (none of a lane bounded at its start). */
  #above(lanes: readonly Lane[], count: number): LogEntry[] {
    return newest(lanes.flatMap((lane) => (this.#bound(lane) <= 1 ? [] : lane.scrollback.query(lane.filter, {beforeSeq: this.#bound(lane), limit: count}))), count);
  }

  /** The next `count` entries below the bottom row, by time. */
  #below(lanes: readonly Lane[], count: number): LogEntry[] {
    return lanes.flatMap((lane) => lane.scrollback.query(lane.filter, {afterSeq: this.#bound(lane) - 1, limit: count})).sort(byTime).slice(0, count);
  }

  #loading(lanes: readonly Lane[]): boolean {
    return lanes.some((lane) => lane.scrollback.loading !== undefined || this.#placer.loading(lane.id));
  }

  #failure(): string | undefined {
    for (const lane of this.#lanes.all()) {
      const failure = lane.scrollback.failure ?? this.#placer.failure(lane.id);
      if (failure !== undefined) return failure;
    }
    return undefined;
  }

  #keepSelectionInside(height: number): void {
    // While a page loads the rows are not all known yet: the selection waits for them.
    if (this.selectedSeq === undefined || this.#loading(this.#lanes.list())) return;
    if (!this.displayed(height).some((e) => e.seq === this.selectedSeq)) this.selectedSeq = undefined;
  }

  #applyPending(): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending === undefined || this.follow) return;
    switch (pending.kind) {
      case 'up':
        return this.scrollUp(pending.count, pending.height);
      case 'down':
        return this.scrollDown(pending.count, pending.height);
      case 'top':
        return this.top(pending.height, pending.previous);
      case 'reveal':
        return this.#reveal(pending.entry, pending.height, pending.shown);
      default:
        return unreachable(pending);
    }
  }
}
