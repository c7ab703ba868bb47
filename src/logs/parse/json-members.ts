/**
 * Tokenizer of the JSON fast path (`json-scan.ts`): a flat one-line object `{"k": scalar, …}`
 * into member spans — where each key and value starts and ends, the value's kind, and which
 * keys can carry level, message or time — validating the line as `JSON.parse` would. Nested
 * objects or arrays and invalid JSON are refused (-1), so the caller takes the `JSON.parse`
 * path.
 *
 * Allocation: the spans go into module-level typed arrays reused line after line (parsing is
 * synchronous, so they are never shared); `spans` is replaced by a larger one when a line has
 * more members than it holds, which importers see through the live binding.
 */

/** Value kinds of a member. */
export const STRING = 0;
export const ESCAPED = 1;
export const NUMBER = 2;
export const TRUE = 3;
export const FALSE = 4;
export const NULL = 5;

/** Keys that can carry level, message or time, as small numbers (`NONE` for every other key). */
export const NONE = 0;
export const K_LEVEL = 1;
export const K_LVL = 2;
export const K_SEVERITY = 3;
export const K_MSG = 4;
export const K_MESSAGE = 5;
export const K_TS = 6;
export const K_TIME = 7;
export const K_TIMESTAMP = 8;
export const K_AT_TIMESTAMP = 9;
export const K_PROTO = 10;
const SPECIAL_KEYS = 11;

/** Per member: key start, key end, value start, value end (exclusive), value kind, special key. */
export const STRIDE = 6;
export let spans = new Int32Array(64 * STRIDE);
/** Per special key: the last member holding it, or -1 (JSON.parse keeps the last duplicate). */
export const lastOf = new Int32Array(SPECIAL_KEYS);

/** Lines with a raw control character (JSON.parse rejects them inside strings) or an escape take the careful scan. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const NOT_SIMPLE = /[\x00-\x1f\\]/;

/**
 * Scans `plain` into `spans` and `lastOf`; returns the member count, or -1 when the line is
 * not a flat object of scalars (or not JSON).
 */
export function scanMembers(plain: string): number {
  lastOf.fill(-1);
  return NOT_SIMPLE.test(plain) ? scanCareful(plain) : scanSimple(plain);
}

export function isString(kind: number): boolean {
  return kind === STRING || kind === ESCAPED;
}

export function kindAt(member: number): number {
  return spans[member * STRIDE + 4] as number;
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
