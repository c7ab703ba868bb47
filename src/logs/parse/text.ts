/**
 * Plain text: whatever a program printed. An optional leading time (`2025-12-03 12:21:40,123`,
 * RFC 3339, or either in square brackets) is taken as the line's time and cut from the
 * message, as is a structural level token (`[WARN]`, `ERROR:`, `WRN`); sentence words
 * (`Error sending …`, `Warning: …`) set the level but stay in the message.
 */
import type {ParsedLine} from './types.js';
import {hintedLevel, leadingLevel} from './level-tokens.js';
import {parseIsoPrefix} from './time.js';

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Where the text after a leading time starts, and the time; undefined when there is none. */
function leadingTime(plain: string): {ms: number; rest: number} | undefined {
  const first = plain.charCodeAt(0);
  if (isDigit(first)) {
    const time = parseIsoPrefix(plain);
    if (time === undefined || plain.charCodeAt(time.end) !== 32) return undefined;
    return {ms: time.ms, rest: time.end + 1};
  }
  if (first === 91 /* [ */ && isDigit(plain.charCodeAt(1))) {
    const time = parseIsoPrefix(plain, 1);
    if (time === undefined || plain.charCodeAt(time.end) !== 93 /* ] */) return undefined;
    const rest = time.end + 1;
    return {ms: time.ms, rest: plain.charCodeAt(rest) === 32 ? rest + 1 : rest};
  }
  return undefined;
}

/** Never fails: every line is at least text. */
export function parseText(plain: string): ParsedLine {
  const time = leadingTime(plain);
  const from = time === undefined ? 0 : time.rest;
  const lead = leadingLevel(plain, from);
  if (lead !== undefined) {
    return {
      level: lead.level,
      timestamp: time?.ms,
      message: plain.slice(lead.messageStart),
      fields: {},
      format: 'text',
    };
  }
  return {
    level: hintedLevel(plain, from) ?? 'unknown',
    timestamp: time?.ms,
    message: from === 0 ? plain : plain.slice(from),
    fields: {},
    format: 'text',
  };
}
