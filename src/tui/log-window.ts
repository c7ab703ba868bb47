/**
 * The scroll state of one log pane, anchored by seq so it survives new entries, eviction
 * and filter changes: following (the newest `height` matches) or paused at `bottomSeq`.
 * Only the visible rows are ever read (backward scans bounded by `height`): from the ring
 * while following, and through `Scrollback` (ring + pages of the history) once paused, so
 * scrolling past the ring's oldest entry goes on into the stored history.
 */
import type {LogFilter, LogRing} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';
import type {HistoryPager} from './history.js';
import {unreachable} from '../util/unreachable.js';
import {matchesIn, type PaneWindow, type ShownView} from './pane-window.js';
import {moveSelection, selectedIndexIn} from './pane-selection.js';
import {Scrollback, type HistoryEdge} from './scrollback.js';

export interface LogWindowOptions {
  /** Older entries than the ring holds (the store); none: the UI points at the log files. */
  history?: HistoryPager;
  /** A history page arrived (and any scroll waiting for it was applied): draw again. */
  onChange?: () => void;
  /** A history read failed (once per failure; not retried until following again). The pane's title says it too, but a narrow pane cuts it. */
  onFailure?: (message: string) => void;
  /** What following shows instead of `ring` (a rate-limited live view, live-view.ts); `undefined`: the ring. */
  live?: () => LogRing | undefined;
  /** History page size and side-buffer bound (defaults `HISTORY_PAGE`, `MAX_BUFFERED`). */
  page?: number;
  maxBuffered?: number;
}

/** A scroll that ran into a page being read; applied when it arrives. */
type Pending = {kind: 'up' | 'down'; count: number; height: number} | {kind: 'top'; height: number};

export class LogWindow implements PaneWindow {
  follow = true;
  /** Newest row shown while paused. */
  bottomSeq: number | undefined;
  /** The selected entry; `undefined` = the bottom row. */
  selectedSeq: number | undefined;
  /** Matching entries that arrived since following paused ("▼ N new lines"). */
  newCount = 0;
  readonly scrollback: Scrollback;
  #pending: Pending | undefined;
  /** While a revealed history entry is being placed (`reveal`): the view before, drawn meanwhile. */
  #shown: ShownView | undefined;
  /** The first seq that arrived after the pause: scrolling down past such entries counts them seen. */
  #pausedAt = 0;
  readonly #live: () => LogRing | undefined;

  constructor(
    private readonly ring: LogRing,
    public filter: LogFilter | undefined,
    options: LogWindowOptions = {},
  ) {
    const onChange = options.onChange ?? (() => undefined);
    this.#live = options.live ?? (() => undefined);
    let reported: string | undefined;
    const bounds = {...(options.page === undefined ? {} : {page: options.page}), ...(options.maxBuffered === undefined ? {} : {maxBuffered: options.maxBuffered})};
    this.scrollback = new Scrollback(
      ring,
      options.history,
      () => {
        const failure = this.scrollback.failure;
        if (failure !== undefined && failure !== reported) options.onFailure?.(failure);
        reported = failure;
        this.#applyPending();
        onChange();
      },
      bounds,
    );
  }

  /** The rows to draw, oldest first. */
  rows(height: number): LogEntry[] {
    if (height <= 0) return [];
    if (this.follow || this.bottomSeq === undefined) return (this.#live() ?? this.ring).query(this.filter, {limit: height});
    const rows = this.#query({beforeSeq: this.bottomSeq + 1, limit: height});
    if (rows.length < height) {
      // Nothing older (start of the run, a page still loading, or the filter changed): fill
      // the pane with the next entries instead of leaving it half empty.
      const after = rows.length > 0 ? (rows[rows.length - 1]?.seq ?? this.bottomSeq) : this.bottomSeq;
      rows.push(...this.#query({afterSeq: after, limit: height - rows.length}));
    }
    return rows;
  }

  /**
   * The rows as drawn, top to bottom: by timestamp, ties by seq. Entries arrive in seq order,
   * but components' own clocks can stamp a line earlier than one read before it. The
   * selection moves in this order, so j / k go one row down / up on screen.
   */
  displayed(height: number): LogEntry[] {
    if (this.#shown !== undefined) return this.#shown.rows.slice(-height);
    return [...this.rows(height)].sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
  }

  /**
   * What is above the top row while paused: `undefined` when older rows are right there,
   * else loading / start of history / only in the files / a failed read.
   */
  edge(height: number): HistoryEdge | undefined {
    if (this.follow) return undefined;
    if (this.scrollback.loading !== undefined) return {kind: 'loading'};
    const failure = this.scrollback.failure;
    if (failure !== undefined) return {kind: 'failed', message: failure};
    const top = this.rows(height)[0];
    if (top !== undefined && this.#query({beforeSeq: top.seq, limit: 1}).length > 0) return undefined;
    return this.scrollback.edge;
  }

  /** Counts new matching entries while paused; true when something visible changed. */
  onEntries(batch: readonly LogEntry[]): boolean {
    const matched = matchesIn(batch, this.filter, this.follow ? 'any' : 'all');
    if (!this.follow) this.newCount += matched;
    return matched > 0;
  }

  pause(height: number): void {
    if (!this.follow) return;
    const rows = this.rows(height);
    this.follow = false;
    this.newCount = 0;
    this.#pausedAt = (this.ring.newestSeq ?? 0) + 1;
    // A summary of the live view sits between two seqs (live-view.ts): the entry above it.
    this.bottomSeq = Math.floor(rows[rows.length - 1]?.seq ?? this.ring.newestSeq ?? 0);
    // What was on screen is kept aside: a flood evicting it from the ring does not move
    // the paused view or make it wait for the store.
    this.scrollback.snapshot(this.filter, this.bottomSeq, Math.max(height * 4, 200));
  }

  resume(): void {
    this.#shown = undefined;
    this.follow = true;
    this.bottomSeq = undefined;
    this.selectedSeq = undefined;
    this.newCount = 0;
    this.#pending = undefined;
    this.scrollback.reset();
  }

  scrollUp(count: number, height: number): void {
    this.#shown = undefined;
    this.pause(height);
    this.#pending = undefined;
    const rows = this.rows(height);
    const top = rows[0];
    if (top === undefined) return;
    const above = this.#query({beforeSeq: top.seq, limit: count});
    if (above.length < count && this.scrollback.loading !== undefined) this.#pending = {kind: 'up', count: count - above.length, height};
    if (above.length === 0) return;
    const combined = [...above, ...rows];
    this.bottomSeq = combined[combined.length - 1 - above.length]?.seq ?? top.seq;
    this.keepSelectionInside(height);
  }

  scrollDown(count: number, height: number): void {
    this.#shown = undefined;
    this.#scrollDown(count, height);
  }

  #scrollDown(count: number, height: number): void {
    if (this.follow) return;
    this.#pending = undefined;
    const rows = this.rows(height);
    const bottom = rows[rows.length - 1]?.seq ?? this.bottomSeq ?? 0;
    const below = this.#query({afterSeq: bottom, limit: count});
    this.newCount = Math.max(0, this.newCount - below.filter((entry) => entry.seq >= this.#pausedAt).length);
    const last = below[below.length - 1];
    const more = last !== undefined && this.#query({afterSeq: last.seq, limit: 1}).length > 0;
    if (this.scrollback.loading !== undefined && (below.length < count || !more)) {
      // Newer entries are on their way from the store: not the end, do not resume following.
      if (below.length < count) this.#pending = {kind: 'down', count: count - below.length, height};
      if (last !== undefined) this.bottomSeq = last.seq;
      return this.keepSelectionInside(height);
    }
    if (!more) return this.resume();
    this.bottomSeq = (last as LogEntry).seq;
    this.keepSelectionInside(height);
  }

  /** Oldest entries: the run's first with a history to read, else the ring's oldest. */
  top(height: number): void {
    this.#shown = undefined;
    this.pause(height);
    this.#pending = undefined;
    const oldest = this.scrollback.oldest(this.filter, height);
    if (oldest === undefined) {
      this.#pending = {kind: 'top', height};
      return;
    }
    const last = oldest[oldest.length - 1];
    if (last === undefined) return;
    this.bottomSeq = last.seq;
    this.selectedSeq = oldest[0]?.seq;
  }

  /** Moves the selection one entry up (`-1`) or down (`+1`), scrolling at the edges. */
  moveSelection(direction: -1 | 1, height: number): void {
    moveSelection(this, direction, height);
  }

  /** Shows `entry` (selected) with about half a page of newer entries below it. */
  reveal(entry: LogEntry, height: number): void {
    const shown = {rows: this.displayed(height), selectedSeq: this.selectedSeq};
    this.#shown = undefined;
    const seq = entry.seq;
    this.pause(height);
    this.#pending = undefined;
    this.selectedSeq = seq;
    if (seq < this.scrollback.floor()) return this.#revealInHistory(seq, height, shown);
    const rows = this.rows(height);
    if (rows.some((e) => e.seq === seq)) return;
    const below = this.#query({afterSeq: seq, limit: Math.floor(height / 2)});
    this.bottomSeq = below[below.length - 1]?.seq ?? seq;
  }

  /**
   * A match found in the history (search): the page ending at it is read (the pane shows
   * "loading…" meanwhile), then the view moves half a page further so it sits mid-pane.
   * Until then frames (a flood draws them continuously) show `shown`, the view before: not
   * the match on the bottom row for a moment, nor the half-page steps on the way.
   */
  #revealInHistory(seq: number, height: number, shown: ShownView): void {
    if (this.rows(height).some((e) => e.seq === seq)) return;
    this.bottomSeq = seq;
    const half = Math.floor(height / 2);
    this.rows(height); // starts reading the page that ends at `seq` unless it is buffered
    if (half === 0) return;
    if (this.scrollback.loading !== undefined) {
      this.#pending = {kind: 'down', count: half, height};
      this.#shown = shown;
    } else this.#scrollDown(half, height);
  }

  historyFloor(): number {
    return this.scrollback.floor();
  }

  /** Index of the selected row within `rows` (the bottom row when none or not shown); `rows` as `displayed` gives them. */
  selectedIndex(rows: readonly LogEntry[]): number {
    return selectedIndexIn(rows, this.#shown === undefined ? this.selectedSeq : this.#shown.selectedSeq);
  }

  selected(height: number): LogEntry | undefined {
    const rows = this.displayed(height);
    return rows[this.selectedIndex(rows)];
  }

  private keepSelectionInside(height: number): void {
    if (this.selectedSeq === undefined) return;
    const rows = this.rows(height);
    if (!rows.some((e) => e.seq === this.selectedSeq)) this.selectedSeq = undefined;
  }

  #query(range: {afterSeq?: number; beforeSeq?: number; limit?: number}): LogEntry[] {
    return this.scrollback.query(this.filter, range);
  }

  #applyPending(): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending === undefined || this.follow) return;
    switch (pending.kind) {
      case 'up':
        this.scrollUp(pending.count, pending.height);
        break;
      case 'down':
        // A reveal's step: what it shows meanwhile stays until the last one.
        this.#scrollDown(pending.count, pending.height);
        break;
      case 'top':
        this.top(pending.height);
        break;
      default:
        unreachable(pending);
    }
    if (this.#pending === undefined) this.#shown = undefined;
  }
}
