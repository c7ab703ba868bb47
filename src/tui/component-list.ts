/**
 * The component list: one row per component with its state (coloured), health, pid, uptime,
 * restarts, lines per second with a sparkline, warnings and errors. Scrolls to keep the
 * selected row visible when there are more components than rows.
 */
import type {ComponentStateName, ComponentStatus} from '../supervisor/status.js';
import {componentSgr, paint} from '../logs/palette.js';
import {unreachable} from '../util/unreachable.js';
import type {TuiController} from './controller.js';
import {compactCount, compactUptime, sparkline} from './stats.js';
import {fitAnsi, fitPlain} from './text.js';

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
    case 'exited':
    case 'stopped':
      return '2';
    default:
      return unreachable(state);
  }
}

const HEADER = ['STATE', 'HEALTH', 'PID', 'UP', '↻', 'LINES/S', '', 'WARN', 'ERR', 'TYPE'];
const WIDTHS = [11, 9, 7, 7, 3, 7, 8, 6, 6, 9];

function cells(ui: TuiController, status: ComponentStatus): string[] {
  const running = status.pid !== undefined && status.startedAt !== undefined;
  return [
    status.state,
    status.health === 'none' ? '-' : status.health,
    status.pid === undefined ? '-' : String(status.pid),
    running && status.startedAt !== undefined ? compactUptime(ui.now() - status.startedAt) : '-',
    String(status.restarts),
    compactCount(ui.rates.current(status.id)),
    sparkline(ui.rates.rates(status.id), 8),
    compactCount(status.warnings),
    compactCount(status.errors),
    status.kind,
  ];
}

export function drawComponentList(ui: TuiController, height: number, width: number): string[] {
  const color = ui.color;
  const idWidth = Math.min(24, Math.max(9, ...ui.statuses.map((s) => s.id.length)));
  const focused = ui.focus === 'components';
  const head = `${focused ? '▶' : ' '}  ${'COMPONENT'.padEnd(idWidth)} ${HEADER.map((h, i) => h.padEnd(WIDTHS[i] ?? 0)).join(' ')}`;
  const lines = [fitAnsi(color ? paint('1', head) : head, width)];
  const rows = height - 1;
  const first = Math.min(Math.max(0, ui.selected - rows + 1), Math.max(0, ui.statuses.length - rows));
  ui.statuses.slice(first, first + rows).forEach((status, offset) => {
    const index = first + offset;
    const selected = index === ui.selected;
    const hidden = ui.filter.hidden.has(status.id);
    const mark = selected ? '›' : ' ';
    const box = hidden ? '○' : '●';
    const id = fitPlain(status.id, idWidth, true);
    const values = cells(ui, status).map((value, i) => fitPlain(value, WIDTHS[i] ?? 0, true));
    let line: string;
    if (color) {
      const state = paint(stateSgr(status.state), values[0] ?? '');
      const warn = status.warnings > 0 ? paint('33', values[7] ?? '') : (values[7] ?? '');
      const errors = status.errors > 0 ? paint('31', values[8] ?? '') : (values[8] ?? '');
      const name = paint(hidden ? '2' : componentSgr(status.id, index), id);
      const rest = [state, ...values.slice(1, 7), warn, errors, values[9] ?? ''].join(' ');
      line = `${selected ? paint(focused ? '1;36' : '36', mark) : mark}${box} ${selected ? paint('1', name) : name} ${rest}`;
    } else {
      line = `${mark}${box} ${id} ${values.join(' ')}`;
    }
    lines.push(fitAnsi(line, width));
  });
  while (lines.length < height) lines.push('');
  return lines;
}
