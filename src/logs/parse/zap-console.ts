/**
 * zap's console encoder (flowctl's own log, zap development config): tab separated
 * `time \t LEVEL \t [logger \t] [caller \t] message [\t {"k": v, …}]`, the level
 * ANSI-coloured (already stripped here). Time is ISO 8601 (`2025-12-03T12:21:39.874-0500`)
 * or epoch seconds. `logger` and `caller` become fields, as in zap's JSON output.
 */
import type {ParsedLine} from './types.js';
import {fieldText} from './fields.js';
import {parseJsonObject} from './json-object.js';
import {levelFromWord} from './levels.js';
import {epochToMs, parseIsoPrefix} from './time.js';

function timeOf(text: string): number | undefined {
  const iso = parseIsoPrefix(text);
  if (iso !== undefined) return iso.end === text.length ? iso.ms : undefined;
  const epoch = Number(text);
  return text.length > 0 && !Number.isNaN(epoch) ? epochToMs(epoch) : undefined;
}

/** `dir/file.go:96`: no spaces, ends in `:<digits>`. */
export function isCaller(text: string): boolean {
  const colon = text.lastIndexOf(':');
  if (colon <= 0 || colon === text.length - 1 || text.includes(' ')) return false;
  for (let i = colon + 1; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

export function parseZapConsole(plain: string): ParsedLine | undefined {
  const parts = plain.split('\t');
  if (parts.length < 3) return undefined;
  const timestamp = timeOf(parts[0] ?? '');
  const level = levelFromWord((parts[1] ?? '').trim());
  if (timestamp === undefined || level === undefined) return undefined;

  let end = parts.length;
  const fields: Record<string, string> = {};
  const context = parts.length > 3 ? parseJsonObject(parts[parts.length - 1] ?? '') : undefined;
  if (context !== undefined) end -= 1;

  let start = 2;
  const first = parts[2] ?? '';
  const second = parts[3];
  if (end - start >= 3 && second !== undefined && !isCaller(first) && isCaller(second)) {
    fields.logger = first;
    fields.caller = second;
    start = 4;
  } else if (end - start >= 2 && isCaller(first)) {
    fields.caller = first;
    start = 3;
  }
  if (context !== undefined) for (const key of Object.keys(context)) fields[key] = fieldText(context[key]);
  return {level, timestamp, message: parts.slice(start, end).join('\t'), fields, format: 'zap-console'};
}
