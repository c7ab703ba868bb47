/**
 * Overlays drawn in place of the log panes: the key help, an expanded entry, and the
 * shutdown progress per component.
 */
import {stripVTControlCharacters} from 'node:util';
import {paint} from '../logs/palette.js';
import {stateSgr} from './component-list.js';
import type {TuiController} from './controller.js';
import {bindingHelp, KEYMAP} from './keymap.js';
import {entryDetail} from './rows.js';
import {fitAnsi, plainWidth, wrapAnsi, wrapWords} from './text.js';

/** Readable names for the key map's key names. */
const KEY_LABEL: Readonly<Record<string, string>> = {
  up: '↑', down: '↓', pgup: 'PgUp', pgdn: 'PgDn', home: 'Home', end: 'End', enter: 'Enter', esc: 'Esc',
  tab: 'Tab', space: 'Space', 'ctrl+c': 'Ctrl+C', 'ctrl+f': 'Ctrl+F', wheelup: 'wheel ↑', wheeldown: 'wheel ↓',
};

/** Columns before a binding's description: two spaces, the keys padded to 16, a space. */
const HELP_INDENT = 19;

/**
 * The help text, one binding per line (wrapped under its description at `width`), grouped;
 * `attached`: as `flowctl attach` does it (q detaches).
 */
export function helpLines(width = Infinity, attached = false): string[] {
  const lines: string[] = [];
  let group = '';
  for (const binding of KEYMAP) {
    if (binding.group !== group) {
      group = binding.group;
      lines.push(`${group}`);
    }
    const keys = `  ${binding.keys.map((k) => KEY_LABEL[k] ?? k).join(' / ').padEnd(16)} `;
    const help = bindingHelp(binding, attached);
    if (!Number.isFinite(width)) lines.push(keys + help);
    else {
      const [first = '', ...rest] = wrapWords(help, width, HELP_INDENT, plainWidth(keys));
      lines.push(keys + first, ...rest);
    }
  }
  return lines;
}

/**
 * The detail overlay's lines wrapped at `width` (nothing of a long message, field value or raw
 * line is cut): a continuation line is indented two columns past its line's own indentation.
 */
function wrapDetail(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => {
    const leading = /^ */.exec(stripVTControlCharacters(line))?.[0].length ?? 0;
    return wrapAnsi(line, width, Math.min(leading + 2, Math.floor(width / 4)));
  });
}

/** The scrollable lines of the help or detail overlay at `width`; `undefined` for the others. */
export function overlayBody(ui: TuiController, width: number): string[] | undefined {
  const overlay = ui.overlay;
  if (overlay.kind === 'help') return helpLines(width, !ui.source.quitStopsPipeline);
  if (overlay.kind === 'detail') return wrapDetail(entryDetail(overlay.entry, ui.color), width);
  return undefined;
}

/** The furthest the help or detail overlay scrolls: its last line at the bottom of the pane. */
export function overlayMaxScroll(ui: TuiController): number {
  const body = overlayBody(ui, ui.columns) ?? [];
  return Math.max(0, body.length - ui.logHeight());
}

function boxed(title: string, body: readonly string[], scroll: number, height: number, width: number, color: boolean): string[] {
  const room = height - 1;
  const start = Math.min(scroll, Math.max(0, body.length - room));
  const shown = body.slice(start, start + room).map((line) => fitAnsi(line, width));
  const more = body.length > room ? `  (${start + 1}-${start + shown.length} of ${body.length}, j/k PgUp/PgDn Home/End scroll)` : '';
  const head = fitAnsi(`${title}${more}`, width, true);
  const lines = [color ? paint('1;7', head) : head, ...shown];
  while (lines.length < height) lines.push('');
  return lines;
}

export function drawOverlay(ui: TuiController, height: number, width: number): string[] | undefined {
  const overlay = ui.overlay;
  switch (overlay.kind) {
    case 'help':
      return boxed(' Keys — esc or h closes', overlayBody(ui, width) ?? [], overlay.scroll, height, width, ui.color);
    case 'detail':
      return boxed(` Entry #${overlay.entry.seq} — esc closes, y copies`, overlayBody(ui, width) ?? [], overlay.scroll, height, width, ui.color);
    case 'quitting': {
      const title = !ui.source.quitStopsPipeline
        ? ' Detaching…'
        : overlay.force
          ? ' Killing every component…'
          : ' Stopping the pipeline gracefully… (Ctrl+C again to force)';
      const body = ui.statuses.map((s) => {
        const state = s.state.padEnd(11);
        return `  ${s.id.padEnd(24)} ${ui.color ? paint(stateSgr(s.state), state) : state}${s.pid === undefined ? '' : ` pid ${s.pid}`}`;
      });
      return boxed(title, body, 0, height, width, ui.color);
    }
    default:
      return undefined;
  }
}
