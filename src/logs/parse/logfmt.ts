/**
 * logfmt (`time=2025-12-03T12:21:40.123Z level=info msg="ledger closed" seq=2187806`, as
 * written by go-kit, logrus' text formatter without a TTY, slog's TextHandler): every token
 * a `key=value` pair. Level from `level`/`lvl`/`severity`, message from `msg`/`message`,
 * time from `time`/`ts`/`timestamp`; the rest are fields.
 */
import type {ParsedLine} from './types.js';
import {isFieldKey, scanPairs} from './fields.js';
import {levelFromValue} from './levels.js';
import {timeFromValue} from './time.js';

const LEVEL_KEYS: ReadonlySet<string> = new Set(['level', 'lvl', 'severity']);
const MESSAGE_KEYS: ReadonlySet<string> = new Set(['msg', 'message']);
const TIME_KEYS: ReadonlySet<string> = new Set(['time', 'ts', 'timestamp']);

/** Cheap pre-check for `auto`: the line opens with `identifier=`. */
export function startsLikeLogfmt(plain: string): boolean {
  const limit = Math.min(plain.length, 64);
  for (let i = 0; i < limit; i += 1) {
    const code = plain.charCodeAt(i);
    if (code === 61 /* = */) return i > 0;
    const ok = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 46 ||
      code === 45 || (i > 0 && code >= 48 && code <= 57);
    if (!ok) return false;
  }
  return false;
}

/**
 * Undefined unless every token is `key=value` (at least two of them) or a bare key. A bare key
 * (`level=warn msg="retrying" dry_run key=v`) is a flag, kept as `true` as logfmt readers do; it
 * is accepted only beside a level or message key, so prose with two `=` is not taken for logfmt.
 */
export function parseLogfmt(plain: string): ParsedLine | undefined {
  const pairs = scanPairs(plain);
  if (pairs === undefined || pairs.length < 2) return undefined;
  let level: ParsedLine['level'] = 'unknown';
  let timestamp: number | undefined;
  let message: string | undefined;
  const fields: Record<string, string> = {};
  let levelSeen = false;
  let timeSeen = false;
  let bareKeys = 0;
  for (const {key, value} of pairs) {
    if (!isFieldKey(key)) return undefined;
    if (value === undefined) {
      bareKeys += 1;
      fields[key] = 'true';
    } else if (!levelSeen && LEVEL_KEYS.has(key)) {
      levelSeen = true;
      level = levelFromValue(value) ?? 'unknown';
    } else if (message === undefined && MESSAGE_KEYS.has(key)) {
      message = value;
    } else if (!timeSeen && TIME_KEYS.has(key)) {
      timeSeen = true;
      timestamp = timeFromValue(value);
    } else {
      fields[key] = value;
    }
  }
  if (bareKeys > 0 && (pairs.length - bareKeys < 2 || (!levelSeen && message === undefined))) return undefined;
  // No `msg` key (`status=ok code=200`): the pairs are the whole content, kept as fields; a
  // message repeating the line would print every pair twice in the compact rendering.
  return {level, timestamp, message: message ?? '', fields, format: 'logfmt'};
}
