/**
 * Time bounds as users type them for `--since` / `--until` (CLI, TUI, gRPC): absolute
 * RFC 3339, local wall-clock times, durations before now, or epoch milliseconds.
 */
import {parseDuration} from '../util/duration.js';
import {err, ok, type Result} from '../util/result.js';

const HELP =
  'use RFC 3339 (2024-01-20T10:00:00Z), a local time ("2024-01-20 10:00:00", "2024-01-20T10:00", "2024-01-20"), ' +
  'a duration before now ("30s", "10m", "2h", "1d") or epoch milliseconds (1705744800000)';

/** `YYYY-MM-DD`, optionally `[T ]HH:MM[:SS[.fff]]`, optionally `Z` / `±HH:MM` / `±HHMM`. */
const ABSOLUTE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** Fewer digits than this is not a plausible epoch-ms value (12 digits ≈ March 1973 onward). */
const MIN_EPOCH_MS_DIGITS = 12;

/**
 * Resolves a since/until bound to epoch milliseconds.
 *
 * - a number: epoch milliseconds (finite, not negative);
 * - `now`;
 * - RFC 3339 with `Z` or an offset: that instant;
 * - the same without a zone, a `T` or a space between date and time, seconds optional,
 *   or a date alone: LOCAL wall-clock time (a date alone is local midnight);
 * - a duration (`30s`, `10m`, `2h`, `1d`, `1h30m`, optionally followed by ` ago`): that long before `now`;
 * - a string of at least 12 digits: epoch milliseconds. Shorter digit strings are refused
 *   because they are ambiguous (seconds ago? epoch seconds?) and the message says what to write.
 */
export function parseTimeBound(input: string | number, now: number): Result<number, string> {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0
      ? ok(input)
      : err(`${String(input)} is not a time: epoch milliseconds must be a finite number ≥ 0`);
  }
  const text = input.trim();
  if (text === '') return err(`empty time: ${HELP}`);
  if (text.toLowerCase() === 'now') return ok(now);
  if (/^\d+$/.test(text)) return parseDigits(text);
  const absolute = ABSOLUTE.exec(text);
  if (absolute) return parseAbsolute(text, absolute);
  const relative = text.replace(/\s+ago$/i, '');
  // parseDuration also takes bare numbers (seconds), which digit strings above already refused.
  const duration = parseDuration(relative);
  if (duration !== undefined) return ok(now - duration);
  return err(`"${text}" is not a time: ${HELP}`);
}

function parseDigits(text: string): Result<number, string> {
  if (text.length >= MIN_EPOCH_MS_DIGITS) return ok(Number(text));
  if (text.length === 10) {
    return err(`"${text}" looks like epoch seconds; epoch milliseconds are expected (${text}000), or write a duration such as "${text}s"`);
  }
  return err(`"${text}" is ambiguous: add a unit for a duration before now ("${text}s", "${text}m") or give epoch milliseconds`);
}

function parseAbsolute(text: string, m: RegExpExecArray): Result<number, string> {
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // Sub-millisecond digits are cut, not rounded, so a bound never moves past the instant typed.
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return err(`"${text}" is not a calendar date (${m[1]}-${m[2]}-${m[3]}): ${HELP}`);
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return err(`"${text}" has an impossible time of day (hours 00–23, minutes and seconds 00–59)`);
  }
  if (m[8] !== undefined) return ok(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  if (m[9] !== undefined) {
    const offsetHours = Number(m[10]);
    const offsetMinutes = Number(m[11]);
    if (offsetHours > 23 || offsetMinutes > 59) return err(`"${text}" has an impossible UTC offset`);
    const sign = m[9] === '-' ? -1 : 1;
    const offsetMs = sign * (offsetHours * 60 + offsetMinutes) * 60_000;
    return ok(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMs);
  }
  // No zone: the user's wall clock. In a DST gap the Date constructor moves forward, as clocks do.
  return ok(new Date(year, month - 1, day, hour, minute, second, millis).getTime());
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
