/**
 * The selected row of a log pane, the same for both kinds (`LogWindow`, `MergedWindow`): an
 * entry's seq, moved one row at a time in the order the rows are drawn, scrolling at the edges.
 */
import type {LogEntry} from '../logs/entry.js';

/** What moving the selection needs of a pane. */
export interface SelectablePane {
  readonly follow: boolean;
  selectedSeq: number | undefined;
  displayed(height: number): LogEntry[];
  pause(height: number): void;
  scrollUp(count: number, height: number): void;
  scrollDown(count: number, height: number): void;
}

/** Index of the selected row within `rows` (the bottom row when none or not shown). */
export function selectedIndexIn(rows: readonly LogEntry[], selectedSeq: number | undefined): number {
  if (selectedSeq !== undefined) {
    const index = rows.findIndex((e) => e.seq === selectedSeq);
    if (index !== -1) return index;
  }
  return rows.length - 1;
}

/** Moves the selection one row up (`-1`) or down (`+1`); up pauses following. */
export function moveSelection(pane: SelectablePane, direction: -1 | 1, height: number): void {
  const rows = pane.displayed(height);
  if (rows.length === 0) return;
  const index = selectedIndexIn(rows, pane.selectedSeq);
  if (direction < 0) {
    pane.pause(height);
    if (index > 0) pane.selectedSeq = rows[index - 1]?.seq;
    else {
      pane.scrollUp(1, height);
      pane.selectedSeq = pane.displayed(height)[0]?.seq;
    }
    return;
  }
  if (pane.follow) return;
  if (index < rows.length - 1) pane.selectedSeq = rows[index + 1]?.seq;
  else {
    pane.scrollDown(1, height);
    if (!pane.follow) pane.selectedSeq = pane.displayed(height).at(-1)?.seq;
  }
}
