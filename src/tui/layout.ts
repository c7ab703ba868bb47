/**
 * Where everything goes, computed from the terminal size alone (no measuring: a measure
 * costs Ink another commit and layout). The frame is `rows - 1` lines high: Ink 6.8 clears
 * the whole terminal on every frame once a frame reaches the terminal's height (flicker).
 */
export const MIN_COLUMNS = 50;
export const MIN_ROWS = 12;

export interface Layout {
  columns: number;
  /** Lines the frame uses (`rows - 1`). */
  height: number;
  /** Component list lines including its header line. */
  listHeight: number;
  /** Log lines per pane (below each pane's title line). */
  logHeight: number;
  /** Width of each pane, left to right (one `│` column between panes). */
  paneWidths: number[];
}

/** `short`: what to say when `message` wrapped does not fit either (a terminal a few cells high). */
export type LayoutResult = {fits: true; layout: Layout} | {fits: false; message: string; short: string};

/** Header 1, list, pane title 1, logs, status 1, footer 1. */
export function computeLayout(columns: number, rows: number, componentCount: number, paneCount: number): LayoutResult {
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    // The sizes first: a tiny terminal still shows them when the rest does not fit (frame.ts wraps).
    return {fits: false, message: `Terminal too small: ${columns}×${rows}, needs ${MIN_COLUMNS}×${MIN_ROWS} (enlarge the window)`, short: `${columns}×${rows} < ${MIN_COLUMNS}×${MIN_ROWS}`};
  }
  const height = rows - 1;
  const listHeight = Math.min(componentCount + 1, Math.max(3, Math.floor(height / 3)));
  const logHeight = height - 1 - listHeight - 1 - 2;
  const panes = Math.max(1, paneCount);
  const usable = columns - (panes - 1);
  const base = Math.floor(usable / panes);
  const paneWidths = Array.from({length: panes}, (_, i) => base + (i < usable - base * panes ? 1 : 0));
  return {fits: true, layout: {columns, height, listHeight, logHeight, paneWidths}};
}
