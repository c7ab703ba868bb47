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
import {fitAnsi, highlight} from './text.js';

export interface RowStyle {
  color: boolean;
  /** Component column (merged view); off in a one-component pane. */
  prefix: boolean;
  prefixWidth: number;
  showTime: boolean;
  /** Palette slot per component id (declaration order). */
  colorIndex: ReadonlyMap<string, number>;
  /** Search pattern: matches in reverse video. */
  search: RegExp | undefined;
}

/** `HH:MM:SS.mmm` in local time: the date is rarely useful on a live screen. */
export function shortTime(ms: number): string {
  if (!Number.isFinite(ms)) return '--:--:--.---';
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** The row text (with SGR when colouring), at most `width` columns. */
export function entryRow(entry: LogEntry, style: RowStyle, width: number): string {
  const body = renderEntry(entry, {color: style.color && style.search === undefined, prefix: false, prefixWidth: 0, timestamps: false, raw: false});
  const newline = body.indexOf('\n');
  const first = newline === -1 ? body : body.slice(0, newline);
  const more = newline === -1 ? 0 : body.split('\n').length - 1;
  let lead = '';
  if (style.showTime) lead += (style.color ? paint(TIMESTAMP_SGR, shortTime(entry.timestamp)) : shortTime(entry.timestamp)) + ' ';
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
  const marker = more > 0 ? ` ⏎+${more}` : '';
  return fitAnsi(lead + text + (style.color ? paint('2', marker) : marker), width);
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
