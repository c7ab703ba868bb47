/**
 * One log entry as one row of a pane: `[time] [component |] LEVEL message k=v …`, cut to the
 * pane width. Multi-line entries show their first line and a `⏎+N` marker; `enter` shows
 * the rest. The body is the log engine's own rendering (`renderEntry`), so the UI, the
 * console and text exports agree.
 */
import {stripVTControlCharacters} from 'node:util';
import type {LogEntry} from '../logs/entry.js';
import {componentSgr, paint, TIMESTAMP_SGR} from '../logs/palette.js';
import {PIPELINE_PREFIX, renderEntry, searchedTextColumn} from '../logs/render.js';
import {sanitizeForTerminal} from '../logs/sanitize.js';
import {fitAnsi, highlight, plainWidth} from './text.js';

export interface RowStyle {
  color: boolean;
  /** Component column (merged view); off in a one-component pane. */
  prefix: boolean;
  prefixWidth: number;
  /** How much of the time leads the row (`timeColumnFor`; `none` also when `T` hid it). */
  time: TimeColumn;
  /** Palette slot per component id (declaration order). */
  colorIndex: ReadonlyMap<string, number>;
  /** Search pattern: matches in reverse video. */
  search: RegExp | undefined;
}

export type TimeColumn = 'milliseconds' | 'seconds' | 'none';

/** Pane widths from which the time shows with milliseconds, and as `HH:MM:SS`. */
export const TIME_MS_MIN_WIDTH = 39;
export const TIME_SECONDS_MIN_WIDTH = 27;

/**
 * The time a pane `width` columns wide shows. The time takes at most a third of the pane, so
 * the message keeps most of it: `HH:MM:SS.mmm ` is 13 columns (from 39), `HH:MM:SS ` 9 (from
 * 27), narrower panes show none. At 80 columns a 4-pane split is 19 wide and the full time
 * left 0 columns of message after the level column; now 12. One pane and two side by side
 * (39–40) keep the milliseconds; three at 80 (26) show none, three at 100 (32) seconds.
 */
export function timeColumnFor(width: number): TimeColumn {
  if (width >= TIME_MS_MIN_WIDTH) return 'milliseconds';
  return width >= TIME_SECONDS_MIN_WIDTH ? 'seconds' : 'none';
}

/** `HH:MM:SS.mmm` (or `HH:MM:SS`) in local time: the date is rarely useful on a live screen. */
export function shortTime(ms: number, milliseconds = true): string {
  if (!Number.isFinite(ms)) return milliseconds ? '--:--:--.---' : '--:--:--';
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  const seconds = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  return milliseconds ? `${seconds}.${String(d.getMilliseconds()).padStart(3, '0')}` : seconds;
}

/** The row text (with SGR when colouring), at most `width` columns. */
export function entryRow(entry: LogEntry, style: RowStyle, width: number): string {
  const body = renderEntry(entry, {color: style.color && style.search === undefined, prefix: false, prefixWidth: 0, timestamps: false, raw: false});
  const newline = body.indexOf('\n');
  const first = newline === -1 ? body : body.slice(0, newline);
  const more = newline === -1 ? 0 : body.split('\n').length - 1;
  let lead = '';
  if (style.time !== 'none') {
    const time = shortTime(entry.timestamp, style.time === 'milliseconds');
    lead += (style.color ? paint(TIMESTAMP_SGR, time) : time) + ' ';
  }
  if (style.prefix) {
    const name = sanitizeForTerminal(entry.componentId, {keepStyles: false}) || PIPELINE_PREFIX;
    const label = `${name.padEnd(style.prefixWidth).slice(0, Math.max(style.prefixWidth, 1))}│`;
    lead += (style.color ? paint(componentSgr(entry.componentId, style.colorIndex.get(entry.componentId)), label) : label) + ' ';
  }
  let text = first;
  if (style.search !== undefined) {
    // Matched as search matches (the message and fields, or the line as printed): not the level column.
    const plain = stripVTControlCharacters(first);
    const column = searchedTextColumn(entry, false);
    text = plain.slice(0, column) + highlight(plain.slice(column), style.search, style.color);
  }
  if (more === 0) return fitAnsi(lead + text, width);
  // The marker is what says the entry has more lines: a first line wider than the pane (a
  // logback ERROR line with its exception) is cut before it, not the marker off the edge.
  const marker = ` ⏎+${more}`;
  const room = width - plainWidth(marker);
  const shown = plainWidth(stripVTControlCharacters(lead + text)) > room && room > 0 ? fitAnsi(lead + text, room) : lead + text;
  return fitAnsi(shown + (style.color ? paint('2', marker) : marker), width);
}

/** Every line of an entry for the detail overlay: header, fields one per line, full text. */
export function entryDetail(entry: LogEntry, color: boolean): string[] {
  const dim = (text: string): string => (color ? paint('2', text) : text);
  const lines = [
    `${dim('component')} ${entry.componentId || PIPELINE_PREFIX} (${entry.componentType || 'pipeline'})  ${dim('stream')} ${entry.stream}  ${dim('level')} ${entry.level}  ${dim('seq')} ${entry.seq}`,
    `${dim('time')} ${new Date(entry.timestamp).toISOString()}  ${dim('received')} ${new Date(entry.receivedAt).toISOString()}  ${dim('restart')} ${entry.restart}${entry.truncated ? '  (truncated)' : ''}`,
    '',
    ...sanitizeForTerminal(entry.message, {keepStyles: false}).split('\n'),
  ];
  const fields = Object.entries(entry.fields);
  if (fields.length > 0) {
    lines.push('', dim('fields'));
    for (const [key, value] of fields) {
      const [head = '', ...rest] = sanitizeForTerminal(value, {keepStyles: false}).split('\n');
      lines.push(`  ${key} = ${head}`, ...rest.map((line) => `    ${line}`));
    }
  }
  if (stripVTControlCharacters(entry.raw) !== entry.message) {
    lines.push('', dim('raw'), ...sanitizeForTerminal(entry.raw, {keepStyles: color}).split('\n'));
  }
  return lines;
}
