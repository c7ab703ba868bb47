/**
 * zerolog's ConsoleWriter: `2025-12-03T12:21:40-05:00 INF message key=value key2="a b"`
 * (colours already stripped). The time is RFC 3339 or zerolog's default `time.Kitchen`
 * (`3:04PM`, no date: the receive time is used); an optional `file.go:12 >` caller follows
 * the level; the trailing run of `key=value` tokens are the fields.
 */
import type {KnownLevel} from '../entry.js';
import type {ParsedLine} from './types.js';
import {isFieldKey, scanPairs} from './fields.js';
import {parseIsoPrefix} from './time.js';
import {isCaller} from './zap-console.js';

const LEVELS: Readonly<Record<string, KnownLevel | 'unknown'>> = {
  TRC: 'trace', DBG: 'debug', INF: 'info', WRN: 'warn', ERR: 'error', FTL: 'fatal', PNC: 'fatal', '???': 'unknown',
};

/** `3:04PM` / `11:59AM`: where it ends, or -1. */
function kitchenEnd(plain: string): number {
  const colon = plain.charCodeAt(1) === 58 ? 1 : plain.charCodeAt(2) === 58 ? 2 : -1;
  if (colon < 0) return -1;
  const suffix = plain.slice(colon + 3, colon + 5);
  return suffix === 'AM' || suffix === 'PM' ? colon + 5 : -1;
}

export function parseZerologConsole(plain: string): ParsedLine | undefined {
  let timestamp: number | undefined;
  let at: number;
  const iso = parseIsoPrefix(plain);
  if (iso !== undefined) {
    timestamp = iso.ms;
    at = iso.end;
  } else {
    at = kitchenEnd(plain);
    if (at < 0) return undefined;
  }
  if (plain.charCodeAt(at) !== 32) return undefined;
  const level = LEVELS[plain.slice(at + 1, at + 4)];
  if (level === undefined) return undefined;
  at += 4;
  if (at < plain.length && plain.charCodeAt(at) !== 32) return undefined;
  let rest = plain.slice(at + 1);

  const fields: Record<string, string> = {};
  const arrow = rest.indexOf(' > ');
  if (arrow > 0 && isCaller(rest.slice(0, arrow))) {
    fields.caller = rest.slice(0, arrow);
    rest = rest.slice(arrow + 3);
  }
  const {message, pairs} = splitTrailingPairs(rest);
  for (const [key, value] of pairs) fields[key] = value;
  return {level, timestamp, message, fields, format: 'zerolog-console'};
}

/** `message words k=v k2="x y"` → the message and the trailing pairs (all must be `key=value`). */
function splitTrailingPairs(text: string): {message: string; pairs: [string, string][]} {
  const scanned = scanPairs(text);
  if (scanned === undefined) return {message: text, pairs: []};
  let first = scanned.length;
  while (first > 0) {
    const pair = scanned[first - 1];
    if (pair === undefined || pair.value === undefined || !isFieldKey(pair.key)) break;
    first -= 1;
  }
  const boundary = scanned[first];
  if (boundary === undefined) return {message: text, pairs: []};
  const pairs: [string, string][] = [];
  for (let i = first; i < scanned.length; i += 1) {
    const pair = scanned[i];
    if (pair?.value !== undefined) pairs.push([pair.key, pair.value]);
  }
  return {message: text.slice(0, boundary.start).trimEnd(), pairs};
}
