/**
 * The component list: one row per component with its state (coloured), health, pid, uptime,
 * restarts, lines per second with a sparkline, warnings, errors and type, in the columns that
 * fit the width (list-columns.ts). Scrolls to keep the selected row visible when there are
 * more components than rows, and then says so: the header shows which rows (`1-6 of 7`) and
 * the edge row past which rows are hidden is marked `▲` / `▼` (a 7th component at 80×24 was
 * reachable only by pressing `j` past the end, with nothing on screen telling it was there).
 */
import type {ComponentStateName, ComponentStatus} from '../supervisor/status.js';
import {componentSgr, paint} from '../logs/palette.js';
import {unreachable} from '../util/unreachable.js';
import type {TuiController} from './controller.js';
import {compactValue, fitColumns, type ColumnName, type FittedColumn} from './list-columns.js';
import {compactCount, compactUptime, sparkline} from './stats.js';
import {fitAnsi, fitEllipsis, fitPlain, plainWidth} from './text.js';

/** SGR per state: green when fine, yellow on the way, red when broken, dim when ended. */
export function stateSgr(state: ComponentStateName): string {
  switch (state) {
    case 'running':
    case 'healthy':
      return '32';
    case 'waiting':
    case 'starting':
    case 'stopping':
      return '33';
    case 'unhealthy':
    case 'backing-off':
      return '35';
    case 'failed':
      return '1;31';
    case 'remote':
      // Not run here: its own colour, neither fine nor broken.
      return '36';
    case 'exited':
    case 'stopped':
      return '2';
    default:
      return unreachable(state);
  }
}

function value(ui: TuiController, status: ComponentStatus, column: FittedColumn): string {
  const running = status.pid !== undefined && status.startedAt !== undefined;
  const name = column.spec.name;
  let text: string;
  switch (name) {
    case 'state':
      text = status.state;
      break;
    case 'health':
      text = status.health === 'none' ? '-' : status.health;
      break;
    case 'pid':
      text = status.pid === undefined ? '-' : String(status.pid);
      break;
    case 'uptime':
      text = running && status.startedAt !== undefined ? compactUptime(ui.now() - status.startedAt) : '-';
      break;
    case 'restarts':
      text = String(status.restarts);
      break;
    case 'rate':
      text = compactCount(ui.rates.current(status.id));
      break;
    case 'sparkline':
      text = sparkline(ui.rates.rates(status.id), column.width);
      break;
    case 'warnings':
      text = compactCount(status.warnings);
      break;
    case 'errors':
      text = compactCount(status.errors);
      break;
    case 'type':
      text = status.kind;
      break;
    default:
      return unreachable(name);
  }
  return fitPlain(column.compact ? compactValue(name, text) : text, column.width, true);
}

/** The cell with its colour: state by state, warnings yellow and errors red when any. */
function paintCell(status: ComponentStatus, name: ColumnName, text: string): string {
  if (name === 'state') return paint(stateSgr(status.state), text);
  if (name === 'warnings' && status.warnings > 0) return paint('33', text);
  if (name === 'errors' && status.errors > 0) return paint('31', text);
  return text;
}

/**
 * The first row shown of `count` in `rows` lines: the highest that shows the selection and,
 * when rows are hidden below it, one row past it. That row of context keeps the selection off
 * the edge rows that carry the `▲` / `▼` marks (with 3 or more rows; 2 rows have no room).
 */
export function firstListRow(selected: number, count: number, rows: number): number {
  if (count <= rows) return 0;
  const context = rows >= 3 ? 1 : 0;
  return Math.min(Math.max(0, Math.min(selected + 1 + context, count) - rows), count - rows);
}

/** `COMPONENT`, or which rows show when some are hidden, in the longest form that fits `width`. */
function listLabel(first: number, shown: number, count: number, width: number): string {
  if (shown >= count) return 'COMPONENT';
  const range = `${first + 1}-${first + shown}`;
  const forms = [`COMPONENT ${range} of ${count}`, `${range} of ${count}`, `${range}/${count}`];
  return forms.find((form) => plainWidth(form) <= width) ?? forms[forms.length - 1] ?? range;
}

export function drawComponentList(ui: TuiController, height: number, width: number): string[] {
  const color = ui.color;
  const {idWidth, columns} = fitColumns(width, Math.max(0, ...ui.statuses.map((s) => plainWidth(s.id))));
  const focused = ui.focus === 'components';
  const count = ui.statuses.length;
  const rows = height - 1;
  const first = firstListRow(ui.selected, count, rows);
  const shown = Math.min(rows, count - first);
  const headers = columns.map((c) => (c.compact ? c.spec.compactHeader : c.spec.header).padEnd(c.width));
  const head = `${focused ? '▶' : ' '}  ${fitPlain(listLabel(first, shown, count, idWidth), idWidth, true)} ${headers.join(' ')}`;
  const lines = [fitAnsi(color ? paint('1', head) : head, width)];
  ui.statuses.slice(first, first + rows).forEach((status, offset) => {
    const index = first + offset;
    const selected = index === ui.selected;
    const hidden = ui.filter.hidden.has(status.id);
    // The selection mark wins: firstListRow keeps it off a marked edge whenever it can.
    const edge = offset === 0 && first > 0 ? '▲' : offset === shown - 1 && first + shown < count ? '▼' : ' ';
    const mark = selected ? '›' : edge;
    const box = hidden ? '○' : '●';
    const id = fitEllipsis(status.id, idWidth, true);
    const values = columns.map((column) => value(ui, status, column));
    let line: string;
    if (color) {
      const rest = values.map((text, i) => paintCell(status, columns[i]?.spec.name ?? 'type', text)).join(' ');
      const name = paint(hidden ? '2' : componentSgr(status.id, index), id);
      line = `${selected ? paint(focused ? '1;36' : '36', mark) : mark}${box} ${selected ? paint('1', name) : name} ${rest}`;
    } else {
      line = `${mark}${box} ${id} ${values.join(' ')}`;
    }
    lines.push(fitAnsi(line, width));
  });
  while (lines.length < height) lines.push('');
  return lines;
}
