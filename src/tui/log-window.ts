/**
 * The scroll state of one log pane, anchored by seq so it survives new entries, eviction
 * and filter changes: following (the newest `height` matches) or paused at `bottomSeq`.
 * Only the visible rows are ever read from the ring (backward scans bounded by `height`).
 */
import type {LogFilter, LogRing} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';

export class LogWindow {
  follow = true;
  /** Newest row shown while paused. */
  bottomSeq: number | undefined;
  /** The selected entry; `undefined` = the bottom row. */
  selectedSeq: number | undefined;
  /** Matching entries that arrived since following paused ("▼ N new lines"). */
  newCount = 0;

  constructor(
    private readonly ring: LogRing,
    public filter: LogFilter | undefined,
  ) {}

  /** The rows to draw, oldest first. */
  rows(height: number): LogEntry[] {
    if (height <= 0) return [];
    if (this.follow || this.bottomSeq === undefined) return this.ring.query(this.filter, {limit: height});
    const rows = this.ring.query(this.filter, {beforeSeq: this.bottomSeq + 1, limit: height});
    if (rows.length < height) {
      // The top was evicted (or the filter changed): show the oldest retained entries instead.
      const after = rows.length > 0 ? (rows[rows.length - 1]?.seq ?? this.bottomSeq) : this.bottomSeq;
      rows.push(...this.ring.query(this.filter, {afterSeq: after, limit: height - rows.length}));
    }
    return rows;
  }

  /** Counts new matching entries while paused; true when something visible changed. */
  onEntries(batch: readonly LogEntry[]): boolean {
    // Following: one visible match is enough to know a redraw is due (cheap under a flood).
    if (this.follow) return batch.some((entry) => this.filter === undefined || this.filter.matches(entry));
    let matched = 0;
    for (const entry of batch) if (this.filter === undefined || this.filter.matches(entry)) matched++;
    this.newCount += matched;
    return matched > 0;
  }

  pause(height: number): void {
    if (!this.follow) return;
    const rows = this.rows(height);
    this.follow = false;
    this.newCount = 0;
    this.bottomSeq = rows[rows.length - 1]?.seq ?? this.ring.newestSeq ?? 0;
  }

  resume(): void {
    this.follow = true;
    this.bottomSeq = undefined;
    this.selectedSeq = undefined;
    this.newCount = 0;
  }

  scrollUp(count: number, height: number): void {
    const rows = this.rows(height);
    const top = rows[0];
    if (top === undefined) return;
    const above = this.ring.query(this.filter, {beforeSeq: top.seq, limit: count});
    if (above.length === 0) return this.pause(height);
    const combined = [...above, ...rows];
    this.pause(height);
    this.bottomSeq = combined[combined.length - 1 - above.length]?.seq ?? top.seq;
    this.keepSelectionInside(height);
  }

  scrollDown(count: number, height: number): void {
    if (this.follow) return;
    const rows = this.rows(height);
    const bottom = rows[rows.length - 1]?.seq ?? this.bottomSeq ?? 0;
    const below = this.ring.query(this.filter, {afterSeq: bottom, limit: count});
    const last = below[below.length - 1];
    if (last === undefined || this.ring.query(this.filter, {afterSeq: last.seq, limit: 1}).length === 0) return this.resume();
    this.bottomSeq = last.seq;
    this.keepSelectionInside(height);
  }

  /** Oldest retained entries. */
  top(height: number): void {
    const oldest = this.ring.query(this.filter, {afterSeq: -Infinity, limit: height});
    const last = oldest[oldest.length - 1];
    if (last === undefined) return;
    this.pause(height);
    this.bottomSeq = last.seq;
    this.selectedSeq = oldest[0]?.seq;
  }

  /** Moves the selection one entry up (`-1`) or down (`+1`), scrolling at the edges. */
  moveSelection(direction: -1 | 1, height: number): void {
    const rows = this.rows(height);
    if (rows.length === 0) return;
    const index = this.selectedIndex(rows);
    if (direction < 0) {
      this.pause(height);
      if (index > 0) this.selectedSeq = rows[index - 1]?.seq;
      else {
        this.scrollUp(1, height);
        this.selectedSeq = this.rows(height)[0]?.seq;
      }
      return;
    }
    if (this.follow) return;
    if (index < rows.length - 1) this.selectedSeq = rows[index + 1]?.seq;
    else {
      this.scrollDown(1, height);
      if (!this.follow) this.selectedSeq = this.rows(height).at(-1)?.seq;
    }
  }

  /** Shows `seq` (selected) with about half a page of newer entries below it. */
  reveal(seq: number, height: number): void {
    this.pause(height);
    this.selectedSeq = seq;
    const rows = this.rows(height);
    if (rows.some((e) => e.seq === seq)) return;
    const below = this.ring.query(this.filter, {afterSeq: seq, limit: Math.floor(height / 2)});
    this.bottomSeq = below[below.length - 1]?.seq ?? seq;
  }

  /** Index of the selected row within `rows` (the bottom row when none or not shown). */
  selectedIndex(rows: readonly LogEntry[]): number {
    if (this.selectedSeq !== undefined) {
      const index = rows.findIndex((e) => e.seq === this.selectedSeq);
      if (index !== -1) return index;
    }
    return rows.length - 1;
  }

  selected(height: number): LogEntry | undefined {
    const rows = this.rows(height);
    return rows[this.selectedIndex(rows)];
  }

  private keepSelectionInside(height: number): void {
    if (this.selectedSeq === undefined) return;
    const rows = this.rows(height);
    if (!rows.some((e) => e.seq === this.selectedSeq)) this.selectedSeq = undefined;
  }
}
