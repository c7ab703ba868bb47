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
 * The line is tokenized into member spans by `json-members.ts`; read from them here, keys
 * that repeat from the previous line at the same position reuse the previous key string,
 * and string values without escapes are slices of the line.
 */
import type {Level} from '../entry.js';
import type {ConcreteFormat, ParsedLine} from './types.js';
import {fieldText} from './fields.js';
import {levelFromValue} from './levels.js';
import {timeFromValue} from './time.js';
import {
  ESCAPED, FALSE, K_AT_TIMESTAMP, K_LEVEL, K_LVL, K_MESSAGE, K_MSG, K_PROTO, K_SEVERITY, K_TIME, K_TIMESTAMP, K_TS,
  NONE, NUMBER, STRIDE, STRING, TRUE, isString, kindAt, lastOf, scanMembers, spans,
} from './json-members.js';

/** Key strings of the previous lines by member position (most lines of a stream share one shape). */
const keyCache: string[] = [];

/** Which dialects `parseLine` may pick: `auto` chooses as `jsonDialect` does. */
export type JsonTarget = 'auto' | 'zap-json' | 'zerolog-json' | 'pino' | 'json';

/**
 * The line as `parseLine` reads a JSON line for `target`, or undefined: not a flat object,
 * not sure (take the `JSON.parse` path), or (pinned) not this dialect's line.
 */
export function scanJsonLine(plain: string, target: JsonTarget): ParsedLine | undefined {
  const count = scanMembers(plain);
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
  const timestamp = timeAt < 0 ? undefined : timeFromValue(valueAt(plain, timeAt));
  // A time key whose value is no time we read (`"time":"not a time"`) stays a field: dropped, it would be lost.
  const timeAsField = timeAt >= 0 && timestamp === undefined ? NONE : timeKey;
  const fields: Record<string, string> = {};
  for (let m = 0; m < count; m++) {
    const special = spans[m * STRIDE + 5] as number;
    if (special !== NONE && (special === levelKey || special === messageKey || special === timeAsField)) continue;
    fields[keyAt(plain, m)] = textAt(plain, m);
  }
  return {
    level: levelAt < 0 ? 'unknown' : levelOf(plain, levelAt),
    timestamp,
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
