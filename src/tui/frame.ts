/**
 * The whole screen as `height` strings, each already cut to the terminal width (with SGR
 * colour unless NO_COLOR). React only maps them to `<Text>` rows: all the work that depends
 * on log data happens here, once per frame, for the visible rows only.
 */
import {paint} from '../logs/palette.js';
import {drawComponentList} from './component-list.js';
import type {TuiController} from './controller.js';
import {MERGED} from './controller.js';
import {describeFilter} from './filter-state.js';
import {drawOverlay} from './overlay-view.js';
import {entryRow, timeColumnFor, type RowStyle} from './rows.js';
import {fitAnsi, wrapWords} from './text.js';
import type {HistoryEdge} from './scrollback.js';
import {unreachable} from '../util/unreachable.js';
import {join} from 'node:path';

export function drawFrame(ui: TuiController): string[] {
  const result = ui.layout();
  if (!result.fits) {
    const rows = Math.max(1, ui.rows - 1);
    const wrap = (text: string): string[] => wrapWords(text, Math.max(1, ui.columns), 0).map((line) => fitAnsi(line, ui.columns));
    const full = wrap(result.message);
    // Too few rows for the sentence: the sizes alone, which is what it is about.
    const message = full.length <= rows ? full : wrap(result.short);
    return [...message, ...Array.from({length: rows}, () => '')].slice(0, rows);
  }
  const {layout} = result;
  const width = layout.columns;
  const lines: string[] = [header(ui, width)];
  lines.push(...drawComponentList(ui, layout.listHeight, width));
  const bodyHeight = layout.logHeight + 1;
  const overlay = drawOverlay(ui, bodyHeight, width);
  if (overlay !== undefined) lines.push(...overlay);
  else lines.push(...drawPanes(ui, layout.paneWidths, layout.logHeight));
  lines.push(statusLine(ui, width), footer(ui, width));
  while (lines.length < layout.height) lines.push('');
  return lines.slice(0, layout.height);
}

function header(ui: TuiController, width: number): string {
  const color = ui.color;
  const name = color ? paint('1', ui.pipelineName) : ui.pipelineName;
  const parts = [`flowctl ▸ ${name}`];
  const window = ui.window(ui.activePane());
  if (window.follow) parts.push(color ? paint('32', '● following') : '● following');
  else {
    const badge = window.newCount > 0 ? `⏸ paused ▼ ${window.newCount.toLocaleString('en-US')} new lines (G to follow)` : '⏸ paused (G to follow)';
    parts.push(color ? paint('33', badge) : badge);
  }
  const dropped = ui.source.droppedTotal();
  if (dropped > 0) {
    const banner = `⚠ ${dropped.toLocaleString('en-US')} entries dropped (full text in the log files)`;
    parts.push(color ? paint('1;31', banner) : banner);
  }
  if (!ui.source.quitStopsPipeline) parts.push('(attached)');
  return fitAnsi(parts.join('  '), width);
}

/** `narrowest`: the narrowest pane's width, so panes side by side show the same time. */
function rowStyle(ui: TuiController, prefix: boolean, narrowest: number): RowStyle {
  const ids = ui.componentIds();
  return {
    color: ui.color,
    prefix,
    // One column past the longest id, so it is not glued to the `│` (`stellar-live-source│`).
    prefixWidth: Math.min(20, Math.max(7, ...ids.map((id) => id.length + 1))),
    time: ui.showTime ? timeColumnFor(narrowest) : 'none',
    colorIndex: new Map(ids.map((id, index) => [id, index])),
    search: ui.searchRegex,
  };
}

/** Pane titles, then the rows of every pane side by side. */
function drawPanes(ui: TuiController, widths: readonly number[], height: number): string[] {
  const panes = ui.panes();
  const active = ui.activePane();
  const focusLogs = ui.focus === 'logs';
  const visibleIds = ui.componentIds().filter((id) => !ui.filter.hidden.has(id));
  const narrowest = Math.min(...widths);
  const columns = panes.map((pane, index) => {
    const width = widths[index] ?? 10;
    const window = ui.window(pane);
    const rows = window.displayed(height);
    const selectedIndex = focusLogs && pane === active ? window.selectedIndex(rows) : -1;
    const style = rowStyle(ui, pane === MERGED && visibleIds.length !== 1, narrowest);
    const title = pane === MERGED ? (visibleIds.length === 1 ? `logs: ${visibleIds[0]}` : 'logs: all components (merged by time)') : `logs: ${pane}`;
    const edge = edgeLabel(ui, pane === MERGED ? (visibleIds.length === 1 ? visibleIds[0] : undefined) : pane, window.edge(height));
    const titleText = fitAnsi(`${pane === active && focusLogs ? '▶' : ' '} ${title}${edge === undefined ? '' : `  ${edge}`}`, width, true);
    const selectedSeq = selectedIndex >= 0 ? rows[selectedIndex]?.seq : undefined;
    const body = rows.map((entry) => {
      const mark = entry.seq === selectedSeq ? (ui.color ? paint('1;36', '›') : '›') : ' ';
      return fitAnsi(mark + entryRow(entry, style, width - 1), width, true);
    });
    while (body.length < height) body.unshift(' '.repeat(width));
    return [ui.color ? paint('1;4', titleText) : titleText, ...body];
  });
  const lines: string[] = [];
  for (let row = 0; row <= height; row++) lines.push(columns.map((column) => column[row] ?? '').join(ui.color ? paint('2', '│') : '│'));
  return lines;
}

/** The top of a paused pane: older entries loading, the run's first entry, or only in the files. */
function edgeLabel(ui: TuiController, component: string | undefined, edge: HistoryEdge | undefined): string | undefined {
  switch (edge?.kind) {
    case undefined:
    case 'more':
      return undefined;
    case 'loading':
      return '⟳ loading older entries…';
    case 'start':
      return '⤒ start of history';
    case 'files':
      return `⤒ older entries are in ${join(ui.logDirLabel, `${component ?? '<id>'}.log`)}`;
    case 'failed':
      return `✗ ${edge.message}`;
    default:
      return unreachable(edge);
  }
}

function statusLine(ui: TuiController, width: number): string {
  if (ui.filterError !== undefined) {
    const text = `✗ ${ui.filterError}`;
    return fitAnsi(ui.color ? paint('31', text) : text, width);
  }
  const description = describeFilter(ui.filter);
  const parts = [description === '' ? 'filter: none' : `filter: ${description}`];
  if (ui.search !== '') parts.push(`search: ${ui.search} (n older · N newer)`);
  if (ui.split) parts.push(`split: ${ui.panes().join(', ')}`);
  const text = parts.join('  ·  ');
  return fitAnsi(ui.color ? paint('2', text) : text, width);
}

function footer(ui: TuiController, width: number): string {
  const overlay = ui.overlay;
  switch (overlay.kind) {
    case 'prompt': {
      const label = {include: 'show lines matching /', exclude: 'hide lines matching \\', search: 'search ?'}[overlay.field];
      const error = overlay.error === undefined ? '' : `   ✗ ${overlay.error}`;
      return fitAnsi(`${label}${overlay.text}▏  (enter keep · esc undo)${error}`, width);
    }
    case 'confirmStop':
      return fitAnsi(ui.color ? paint('1;33', `Stop ${overlay.id}? y = stop, any other key = cancel`) : `Stop ${overlay.id}? y = stop, any other key = cancel`, width);
    case 'exportFormat':
      // The choices first: a narrow footer cuts the folder, not a key. The folder as the user
      // knows it (relative to where flowctl started): the absolute one did not fit 80 columns.
      return fitAnsi(`Export as j json · n ndjson · c csv · t text · T colour → ${ui.logDirLabel.replace(/\/?$/, '/')} (else cancel)`, width);
    default:
      break;
  }
  if (ui.toast !== undefined) {
    return fitAnsi(ui.color && ui.toast.level === 'error' ? paint('31', ui.toast.text) : ui.toast.text, width);
  }
  // Under attach, q leaves the pipeline running: the hint must not promise to stop it. Help
  // and quit first: a narrow footer cuts the end.
  const quit = ui.source.quitStopsPipeline ? 'q quit' : 'q detach';
  const hint = `h help · ${quit} · tab focus · space/o components · 1-5 level · / \\ filter · ? search · s split · r restart · x stop`;
  return fitAnsi(ui.color ? paint('2', hint) : hint, width);
}
