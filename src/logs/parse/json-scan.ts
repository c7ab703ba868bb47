/**
 * The fast path of the JSON family: a flat one-line object (`{"level":"info","ts":…,
 * "msg":"…","k":"v"}`, what zap, zerolog, pino and most JSON loggers print) read with one
 * charCode scan instead of `JSON.parse` + a copy of the object. The scan validates the line
 * as JSON while it goes, so it only accepts lines `JSON.parse` accepts, and it gives up
 * (`undefined`) whenever it cannot be sure of reaching exactly what the `JSON.parse` path
 * (`json-object.ts` and the per-dialect files) would: nested objects or arrays, invalid
 * JSON, a `__proto__` key, no message key. The caller then takes that path, so the result
 * never depends on which path ran (`test/logs/parse/json-scan.test.ts` compares them).
 *
 * Allocation: the member spans go into module-level typed arrays reused line after line
 * (parsing is synchronous, so they are never shared), keys that repeat from the previous
 * line at the same position reuse the previous key string, and string values without
 * escapes are slices of the line.
 */
import type {Level} from '../entry.js';
import type {ConcreteFormat, ParsedLine} from './types.js';
import {fieldText} from './fields.js';
import {levelFromValue} from './levels.js';
import {timeFromValue} from './time.js';

/** Value kinds of a member. */
const STRING = 0;
const ESCAPED = 1;
const NUMBER = 2;
const TRUE = 3;
const FALSE = 4;
const NULL = 5;

/** Keys that can carry level, message or time, as small numbers (`NONE` for every other key). */
const NONE = 0;
const K_LEVEL = 1;
const K_LVL = 2;
const K_SEVERITY = 3;
const K_MSG = 4;
const K_MESSAGE = 5;
const K_TS = 6;
const K_TIME = 7;
const K_TIMESTAMP = 8;
const K_AT_TIMESTAMP = 9;
const K_PROTO = 10;
const SPECIAL_KEYS = 11;

/** Per member: key start, key end, value start, value end (exclusive), value kind, special key. */
const STRIDE = 6;
let spans = new Int32Array(64 * STRIDE);
/** Per special key: the last member holding it, or -1 (JSON.parse keeps the last duplicate). */
const lastOf = new Int32Array(SPECIAL_KEYS);
/** Key strings of the previous lines by member position (most lines of a stream share one shape). */
const keyCache: string[] = [];

/** Lines with a raw control character (JSON.parse rejects them inside strings) or an escape take the careful scan. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const NOT_SIMPLE = /[\x00-\x1f\\]/;

/** Which dialects `parseLine` may pick: `auto` chooses as `jsonDialect` does. */
export type JsonTarget = 'auto' | 'zap-json' | 'zerolog-json' | 'pino' | 'json';

/**
 * The line as `parseLine` reads a JSON line for `target`, or undefined: not a flat object,
 * not sure (take the `JSON.parse` path), or (pinned) not this dialect's line.
 */
export function scanJsonLine(plain: string, target: JsonTarget): ParsedLine | undefined {
  lastOf.fill(-1);
  const count = NOT_SIMPLE.test(plain) ? scanCareful(plain) : scanSimple(plain);
  if (count < 0 || lastOf[K_PROTO] !== -1) return undefined;
  const level = lastOf[K_LEVEL] as number;
  const msg = lastOf[K_MSG] as number;
  const message = lastOf[K_MESSAGE] as number;
  const ts = lastOf[K_TS] as number;
  const time = lastOf[K_TIME] as number;
  const levelKind = level < 0 ? -1 : kindAt(level);
  // The dialects' `matches` and `jsonDialect` of parse-line.ts, on what the scan saw.
  let format: ConcreteFormat;
  switch (target) {
    case 'auto':
      if (levelKind === NUMBER) format = 'pino';
      else if (ts >= 0 && kindAt(ts) === NUMBER && isString(levelKind) && msg >= 0) format = 'zap-json';
      else if (message >= 0 && msg < 0 && time >= 0) format = 'zerolog-json';
      else format = 'json';
      break;
    case 'zap-json':
      if (!isString(levelKind) || (msg < 0 && ts < 0)) return undefined;
      format = target;
      break;
    case 'zerolog-json':
      if (msg >= 0 || (message < 0 && !isString(levelKind))) return undefined;
      format = target;
      break;
    case 'pino':
      if (levelKind !== NUMBER) return undefined;
      format = target;
      break;
    case 'json':
      format = target;
      break;
  }
  let levelKey: number;
  let messageKey: number;
  let timeKey: number;
  switch (format) {
    case 'zap-json':
      levelKey = K_LEVEL;
      messageKey = K_MSG;
      timeKey = K_TS;
      break;
    case 'zerolog-json':
      levelKey = K_LEVEL;
      messageKey = K_MESSAGE;
      timeKey = K_TIME;
      break;
    case 'pino':
      levelKey = K_LEVEL;
      messageKey = K_MSG;
      timeKey = K_TIME;
      break;
    default:
      levelKey = firstPresent(K_LEVEL, K_LVL, K_SEVERITY, NONE);
      messageKey = firstPresent(K_MSG, K_MESSAGE, NONE, NONE);
      timeKey = firstPresent(K_TS, K_TIME, K_TIMESTAMP, K_AT_TIMESTAMP);
      break;
  }
  const levelAt = levelKey === NONE ? -1 : (lastOf[levelKey] as number);
  const messageAt = messageKey === NONE ? -1 : (lastOf[messageKey] as number);
  const timeAt = timeKey === NONE ? -1 : (lastOf[timeKey] as number);
  // Without a message the JSON.parse path shows the object re-serialised: leave that to it.
  if (messageAt < 0) return undefined;
  const fields: Record<string, string> = {};
  for (let m = 0; m < count; m++) {
    const special = spans[m * STRIDE + 5] as number;
    if (special !== NONE && (special === levelKey || special === messageKey || special === timeKey)) continue;
    fields[keyAt(plain, m)] = textAt(plain, m);
  }
  return {
    level: levelAt < 0 ? 'unknown' : levelOf(plain, levelAt),
    timestamp: timeAt < 0 ? undefined : timeFromValue(valueAt(plain, timeAt)),
    message: textAt(plain, messageAt),
    fields,
    format,
  };
}

/** The level a member names; the lower-case words of zap and zerolog are compared in place. */
function levelOf(plain: string, member: number): Level {
  const base = member * STRIDE;
  if (spans[base + 4] === STRING) {
    const start = (spans[base + 2] as number) + 1;
    switch ((spans[base + 3] as number) - 1 - start) {
      case 4:
        if (plain.startsWith('info', start)) return 'info';
        if (plain.startsWith('warn', start)) return 'warn';
        break;
      case 5:
        if (plain.startsWith('debug', start)) return 'debug';
        if (plain.startsWith('error', start)) return 'error';
        break;
      default:
        break;
    }
  }
  return levelFromValue(valueAt(plain, member)) ?? 'unknown';
}

/** The first of up to four special keys the line holds (NONE pads), or NONE. */
function firstPresent(a: number, b: number, c: number, d: number): number {
  if (lastOf[a] !== -1) return a;
  if (b !== NONE && lastOf[b] !== -1) return b;
  if (c !== NONE && lastOf[c] !== -1) return c;
  if (d !== NONE && lastOf[d] !== -1) return d;
  return NONE;
}

/** Which special key (if any) `plain[start, end)` spells, compared in place. */
function specialKey(plain: string, start: number, end: number): number {
  switch (end - start) {
    case 2:
      return plain.startsWith('ts', start) ? K_TS : NONE;
    case 3:
      return plain.startsWith('msg', start) ? K_MSG : plain.startsWith('lvl', start) ? K_LVL : NONE;
    case 4:
      return plain.startsWith('time', start) ? K_TIME : NONE;
    case 5:
      return plain.startsWith('level', start) ? K_LEVEL : NONE;
    case 7:
      return plain.startsWith('message', start) ? K_MESSAGE : NONE;
    case 8:
      return plain.startsWith('severity', start) ? K_SEVERITY : NONE;
    case 9:
      return plain.startsWith('timestamp', start) ? K_TIMESTAMP : plain.startsWith('__proto__', start) ? K_PROTO : NONE;
    case 10:
      return plain.startsWith('@timestamp', start) ? K_AT_TIMESTAMP : NONE;
    default:
      return NONE;
  }
}

/** Records member `count`'s key span (growing the span table as needed) and its special key. */
function recordKey(plain: string, count: number, start: number, end: number): number {
  const base = count * STRIDE;
  if (base + STRIDE > spans.length) {
    const grown = new Int32Array(spans.length * 2);
    grown.set(spans);
    spans = grown;
  }
  spans[base] = start;
  spans[base + 1] = end;
  const special = specialKey(plain, start, end);
  spans[base + 5] = special;
  if (special !== NONE) lastOf[special] = count;
  return base;
}

function isString(kind: number): boolean {
  return kind === STRING || kind === ESCAPED;
}

function kindAt(member: number): number {
  return spans[member * STRIDE + 4] as number;
}

/** The key of a member: the cached string when the previous line had the same key here. */
function keyAt(plain: string, member: number): string {
  const base = member * STRIDE;
  const start = spans[base] as number;
  const length = (spans[base + 1] as number) - start;
  const cached = keyCache[member];
  if (cached !== undefined && cached.length === length && plain.startsWith(cached, start)) return cached;
  const key = plain.slice(start, start + length);
  keyCache[member] = key;
  return key;
}

/** A member's value as `fieldText` renders it. */
function textAt(plain: string, member: number): string {
  const base = member * STRIDE;
  const start = spans[base + 2] as number;
  const end = spans[base + 3] as number;
  switch (spans[base + 4]) {
    case STRING:
      return plain.slice(start + 1, end - 1);
    case NUMBER:
      return isPlainInteger(plain, start, end) ? plain.slice(start, end) : fieldText(Number(plain.slice(start, end)));
    default:
      return fieldText(valueAt(plain, member));
  }
}

/** A member's value as `JSON.parse` gives it. */
function valueAt(plain: string, member: number): unknown {
  const base = member * STRIDE;
  const start = spans[base + 2] as number;
  const end = spans[base + 3] as number;
  switch (spans[base + 4]) {
    case STRING:
      return plain.slice(start + 1, end - 1);
    case ESCAPED:
      return JSON.parse(plain.slice(start, end)) as string;
    case NUMBER:
      return Number(plain.slice(start, end));
    case TRUE:
      return true;
    case FALSE:
      return false;
    default:
      return null;
  }
}

/** Digits only, no leading zero, short enough to be exact: the literal is its own `String(Number())`. */
function isPlainInteger(plain: string, start: number, end: number): boolean {
  const first = plain.charCodeAt(start);
  if (end - start > 15 || first === 45 /* - */ || (first === 48 /* 0 */ && end - start > 1)) return false;
  for (let i = start; i < end; i++) {
    const code = plain.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function isWhite(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

function skipWhite(plain: string, i: number): number {
  while (isWhite(plain.charCodeAt(i))) i++;
  return i;
}

function skipSpaces(plain: string, i: number): number {
  while (plain.charCodeAt(i) === 32) i++;
  return i;
}

/**
 * A scalar that is not a string at `i`: records its kind and returns its end, or -1 when
 * it is none (a nested object or array, or not JSON).
 */
function scalarEnd(plain: string, i: number, base: number): number {
  const code = plain.charCodeAt(i);
  if ((code >= 48 && code <= 57) || code === 45) {
    spans[base + 4] = NUMBER;
    return numberEnd(plain, i);
  }
  if (code === 116 && plain.startsWith('true', i)) {
    spans[base + 4] = TRUE;
    return i + 4;
  }
  if (code === 102 && plain.startsWith('false', i)) {
    spans[base + 4] = FALSE;
    return i + 5;
  }
  if (code === 110 && plain.startsWith('null', i)) {
    spans[base + 4] = NULL;
    return i + 4;
  }
  return -1;
}

/**
 * Scans `{ "key": value, … }` with scalar values into `spans`; returns the member count, or
 * -1 when the line is not such an object. Only for lines without controls and backslashes:
 * then every string ends at the next `"` (a native `indexOf`), and only spaces can separate tokens.
 */
function scanSimple(plain: string): number {
  const length = plain.length;
  if (plain.charCodeAt(0) !== 123 /* { */) return -1;
  let i = skipSpaces(plain, 1);
  if (plain.charCodeAt(i) === 125 /* } */) return skipSpaces(plain, i + 1) === length ? 0 : -1;
  let count = 0;
  for (;;) {
    if (plain.charCodeAt(i) !== 34 /* " */) return -1;
    const keyEnd = plain.indexOf('"', i + 1);
    if (keyEnd < 0) return -1;
    const base = recordKey(plain, count, i + 1, keyEnd);
    i = skipSpaces(plain, keyEnd + 1);
    if (plain.charCodeAt(i) !== 58 /* : */) return -1;
    i = skipSpaces(plain, i + 1);
    spans[base + 2] = i;
    if (plain.charCodeAt(i) === 34) {
      const end = plain.indexOf('"', i + 1);
      if (end < 0) return -1;
      spans[base + 4] = STRING;
      i = end + 1;
    } else {
      i = scalarEnd(plain, i, base);
      if (i < 0) return -1;
    }
    spans[base + 3] = i;
    count++;
    i = skipSpaces(plain, i);
    const next = plain.charCodeAt(i);
    if (next === 125) return skipSpaces(plain, i + 1) === length ? count : -1;
    if (next !== 44 /* , */) return -1;
    i = skipSpaces(plain, i + 1);
  }
}

/** `scanSimple` for any line: validates escapes, rejects raw controls, allows all JSON whitespace. */
function scanCareful(plain: string): number {
  const length = plain.length;
  if (plain.charCodeAt(0) !== 123 /* { */) return -1;
  let i = skipWhite(plain, 1);
  if (plain.charCodeAt(i) === 125 /* } */) return skipWhite(plain, i + 1) === length ? 0 : -1;
  let count = 0;
  for (;;) {
    if (plain.charCodeAt(i) !== 34 /* " */) return -1;
    const keyEnd = stringEnd(plain, i);
    // Escaped keys are rare; the JSON.parse path unescapes them.
    if (keyEnd < 0 || lastStringEscaped) return -1;
    const base = recordKey(plain, count, i + 1, keyEnd - 1);
    i = skipWhite(plain, keyEnd);
    if (plain.charCodeAt(i) !== 58 /* : */) return -1;
    i = skipWhite(plain, i + 1);
    spans[base + 2] = i;
    if (plain.charCodeAt(i) === 34) {
      i = stringEnd(plain, i);
      if (i < 0) return -1;
      spans[base + 4] = lastStringEscaped ? ESCAPED : STRING;
    } else {
      i = scalarEnd(plain, i, base);
      if (i < 0) return -1;
    }
    spans[base + 3] = i;
    count++;
    i = skipWhite(plain, i);
    const next = plain.charCodeAt(i);
    if (next === 125) return skipWhite(plain, i + 1) === length ? count : -1;
    if (next !== 44 /* , */) return -1;
    i = skipWhite(plain, i + 1);
  }
}

/** Whether the string `stringEnd` last scanned holds an escape (a second result without an allocation). */
let lastStringEscaped = false;

/**
 * Index just past the closing quote of the JSON string opening at `open`, or -1 when it is
 * not a valid JSON string; sets `lastStringEscaped`.
 */
function stringEnd(plain: string, open: number): number {
  let i = open + 1;
  let escaped = false;
  for (;;) {
    const code = plain.charCodeAt(i);
    if (code === 34) break;
    // NaN (past the end) and raw control characters: JSON.parse rejects both.
    if (!(code >= 32)) return -1;
    if (code === 92 /* \ */) {
      const next = plain.charCodeAt(i + 1);
      if (next === 117 /* u */) {
        for (let h = i + 2; h < i + 6; h++) if (!isHex(plain.charCodeAt(h))) return -1;
        i += 6;
      } else if (next === 34 || next === 92 || next === 47 || next === 98 || next === 102 || next === 110 || next === 114 || next === 116) {
        i += 2;
      } else {
        return -1;
      }
      escaped = true;
      continue;
    }
    i++;
  }
  lastStringEscaped = escaped;
  return i + 1;
}

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Index just past the JSON number starting at `start` (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), or -1. */
function numberEnd(plain: string, start: number): number {
  let i = start;
  if (plain.charCodeAt(i) === 45) i++;
  const first = plain.charCodeAt(i);
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) while (isDigit(plain.charCodeAt(i))) i++;
  else return -1;
  if (plain.charCodeAt(i) === 46 /* . */) {
    i++;
    if (!isDigit(plain.charCodeAt(i))) return -1;
    while (isDigit(plain.charCodeAt(i))) i++;
  }
  const e = plain.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = plain.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    if (!isDigit(plain.charCodeAt(i))) return -1;
    while (isDigit(plain.charCodeAt(i))) i++;
  }
  return i;
}
