/**
 * What the frame, the key actions and the controller ask of a log pane's scroll state.
 * Two implementations: `LogWindow` (one component's pane: its entries in the order they
 * arrived) and `MergedWindow` (the merged timeline: every component's entries by timestamp).
 */
import type {LogFilter} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';
import type {HistoryEdge} from './scrollback.js';

/**
 * How many of `batch` pass `filter`: all of them (`count: 'all'`, a paused pane counting new
 * lines), or stopping at the first (`'any'`, a following pane: one visible match is enough to
 * know a redraw is due, cheap under a flood).
 */
export function matchesIn(batch: readonly LogEntry[], filter: LogFilter | undefined, count: 'all' | 'any'): number {
  let matched = 0;
  for (const entry of batch) {
    if (filter !== undefined && !filter.matches(entry)) continue;
    matched++;
    if (count === 'any') break;
  }
  return matched;
}

/** Rows on screen and the selected one: what a pane keeps drawing while a revealed entry is placed. */
export interface ShownView {
  readonly rows: readonly LogEntry[];
  readonly selectedSeq: number | undefined;
}

export interface PaneWindow {
  /** Showing the newest entries as they come (false once scrolled). */
  readonly follow: boolean;
  /** Matching entries that arrived since following paused ("▼ N new lines"). */
  readonly newCount: number;
  /** The selected entry; `undefined` = the bottom row. */
  selectedSeq: number | undefined;
  filter: LogFilter | undefined;
  /** The rows as drawn, top to bottom. */
  displayed(height: number): LogEntry[];
  /** What is above the top row while paused (`undefined`: more rows right there). */
  edge(height: number): HistoryEdge | undefined;
  /** Counts new matching entries while paused; true when something visible changed. */
  onEntries(batch: readonly LogEntry[]): boolean;
  resume(): void;
  scrollUp(count: number, height: number): void;
  scrollDown(count: number, height: number): void;
  /** The oldest entries (the run's first, with a history to read). */
  top(height: number): void;
  moveSelection(direction: -1 | 1, height: number): void;
  /** Shows `entry` (selected) with about half a page of newer entries below it. */
  reveal(entry: LogEntry, height: number): void;
  /** Index of the selected row within `rows` as `displayed` gives them. */
  selectedIndex(rows: readonly LogEntry[]): number;
  selected(height: number): LogEntry | undefined;
  /** Smallest seq from which the ring holds every entry; -∞: it holds the run, or no history. */
  historyFloor(): number;
}
