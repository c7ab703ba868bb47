/**
 * Timestamps as log lines print them, parsed by hand (charCode arithmetic, no regex, no
 * Date.parse on the common path) because this runs once per line.
 */

/** Two ASCII digits at `i` as a number, or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function digits4(s: string, i: number): number {
  const hi = digits2(s, i);
  const lo = digits2(s, i + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A time found at the start of a string: its value and where it ends. */
export interface TimePrefix {
  ms: number;
  end: number;
}

/**
 * `YYYY-MM-DD[T ]HH:MM[:SS[.frac|,frac]][Z|±HH:MM|±HHMM|±HH]` starting at `start`.
 * Without a zone the wall-clock time is local (the component runs on this machine).
 * Fractions beyond milliseconds (Go's RFC3339Nano) are truncated.
 */
export function parseIsoPrefix(s: string, start = 0): TimePrefix | undefined {
  const year = digits4(s, start);
  if (year < 0 || s.charCodeAt(start + 4) !== 45 /* - */ || s.charCodeAt(start + 7) !== 45) return undefined;
  const sep = s.charCodeAt(start + 10);
  if (sep !== 84 /* T */ && sep !== 32 /* space */ && sep !== 116 /* t */) return undefined;
  return parseClock(s, year, digits2(s, start + 5), digits2(s, start + 8), start + 11, true);
}

/**
 * Go's `log` prefix `YYYY/MM/DD HH:MM:SS[.micro]` (LstdFlags, optionally Lmicroseconds),
 * local time unless the program set LUTC, which the line cannot tell us.
 */
export function parseGoLogPrefix(s: string): TimePrefix | undefined {
  const year = digits4(s, 0);
  if (year < 0 || s.charCodeAt(4) !== 47 /* / */ || s.charCodeAt(7) !== 47 || s.charCodeAt(10) !== 32) {
    return undefined;
  }
  return parseClock(s, year, digits2(s, 5), digits2(s, 8), 11, false);
}

function parseClock(
  s: string,
  year: number,
  month: number,
  day: number,
  at: number,
  zoned: boolean,
): TimePrefix | undefined {
  const hour = digits2(s, at);
  const minute = digits2(s, at + 3);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return undefined;
  }
  if (s.charCodeAt(at + 2) !== 58 /* : */) return undefined;
  let i = at + 5;
  let second = 0;
  let millis = 0;
  if (s.charCodeAt(i) === 58) {
    second = digits2(s, i + 1);
    if (second < 0 || second > 60) return undefined;
    i += 3;
    const dot = s.charCodeAt(i);
    if ((dot === 46 /* . */ || dot === 44) /* , */ && isDigit(s.charCodeAt(i + 1))) {
      i += 1;
      let scale = 100;
      while (isDigit(s.charCodeAt(i))) {
        millis += (s.charCodeAt(i) - 48) * scale;
        scale /= 10;
        i += 1;
      }
      millis = Math.floor(millis);
    }
  }
  if (zoned) {
    const zone = s.charCodeAt(i);
    if (zone === 90 /* Z */ || zone === 122 /* z */) {
      return {ms: Date.UTC(year, month - 1, day, hour, minute, second, millis), end: i + 1};
    }
    if (zone === 43 /* + */ || zone === 45 /* - */) {
      const offset = parseOffset(s, i + 1);
      if (offset !== undefined) {
        const sign = zone === 43 ? 1 : -1;
        const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
        return {ms: utc - sign * offset.minutes * 60_000, end: offset.end};
      }
    }
  }
  return {ms: new Date(year, month - 1, day, hour, minute, second, millis).getTime(), end: i};
}

function parseOffset(s: string, i: number): {minutes: number; end: number} | undefined {
  const hours = digits2(s, i);
  if (hours < 0 || hours > 23) return undefined;
  if (s.charCodeAt(i + 2) === 58) {
    const minutes = digits2(s, i + 3);
    return minutes < 0 ? undefined : {minutes: hours * 60 + minutes, end: i + 5};
  }
  const minutes = digits2(s, i + 2);
  if (minutes >= 0) return {minutes: hours * 60 + minutes, end: i + 4};
  return {minutes: hours * 60, end: i + 2};
}

/**
 * Epoch number of unknown unit to milliseconds, by magnitude: seconds (zap `ts`,
 * `1764782500.123`), milliseconds (pino `time`), microseconds or nanoseconds.
 * 1e11 seconds is year 5138, 1e11 ms is 1973: the ranges do not overlap for real logs.
 */
export function epochToMs(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1000);
  return Math.round(value / 1e6);
}

/** A structured time value: epoch number (any unit), ISO/RFC 3339 string, or numeric string. */
export function timeFromValue(value: unknown): number | undefined {
  if (typeof value === 'number') return epochToMs(value);
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const iso = parseIsoPrefix(value);
  if (iso !== undefined) return iso.ms;
  if (isDigit(value.charCodeAt(0))) {
    const numeric = Number(value);
    if (!Number.isNaN(numeric)) return epochToMs(numeric);
  }
  // Rare shapes (RFC 1123 and friends): the slow general parser is acceptable here.
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}
