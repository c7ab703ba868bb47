/**
 * Level words of the logging libraries flowctl components use, normalised to `Level`.
 *
 * Choices (documented because libraries disagree):
 * - zap `dpanic` → `error`: in production (where components run) DPanic logs and does not panic.
 * - `panic` → `fatal`: the process is going down (zap Panic, zerolog `PNC`, Go `panic:`).
 * - `critical`/`crit`/`alert`/`emerg` (syslog, Python, GCP severity) → `fatal`: above error.
 * - `notice` → `info`; `verbose`/`silly`/`fine*` → `debug`/`trace` (npm, winston, JUL).
 */
import type {KnownLevel} from '../entry.js';

const LOWER_WORDS: readonly [string, KnownLevel][] = [
  ['trace', 'trace'], ['trc', 'trace'], ['trac', 'trace'], ['silly', 'trace'], ['finest', 'trace'], ['finer', 'trace'],
  ['debug', 'debug'], ['dbg', 'debug'], ['debu', 'debug'], ['verbose', 'debug'], ['fine', 'debug'],
  ['info', 'info'], ['inf', 'info'], ['information', 'info'], ['informational', 'info'], ['notice', 'info'],
  ['warn', 'warn'], ['warning', 'warn'], ['wrn', 'warn'],
  ['error', 'error'], ['err', 'error'], ['erro', 'error'], ['eror', 'error'], ['severe', 'error'], ['dpanic', 'error'],
  ['fatal', 'fatal'], ['ftl', 'fatal'], ['fata', 'fatal'], ['panic', 'fatal'], ['pnc', 'fatal'], ['pani', 'fatal'],
  ['critical', 'fatal'], ['crit', 'fatal'], ['crt', 'fatal'], ['alert', 'fatal'], ['emerg', 'fatal'],
  ['emergency', 'fatal'],
];

/** Lower, UPPER and Capitalised spellings up front, so the common cases skip `toLowerCase`. */
const WORDS: ReadonlyMap<string, KnownLevel> = new Map(
  LOWER_WORDS.flatMap(([word, level]): [string, KnownLevel][] => [
    [word, level],
    [word.toUpperCase(), level],
    [word.charAt(0).toUpperCase() + word.slice(1), level],
  ]),
);

/** Longest key above: tokens longer than this cannot be level words (saves a lower-casing). */
const LONGEST_WORD = 13;

/** A level word in any case (`WARN`, `warning`, `Err`), or undefined when it is not one. */
export function levelFromWord(word: string): KnownLevel | undefined {
  if (word.length === 0 || word.length > LONGEST_WORD) return undefined;
  return WORDS.get(word) ?? WORDS.get(word.toLowerCase());
}

/**
 * pino/bunyan numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal;
 * custom levels in between round up to the next standard one. Numbers below 10 are not
 * pino's (syslog and zerolog number their levels differently), so they say nothing.
 */
export function levelFromNumber(value: number): KnownLevel | undefined {
  if (!Number.isFinite(value) || value < 10) return undefined;
  if (value <= 10) return 'trace';
  if (value <= 20) return 'debug';
  if (value <= 30) return 'info';
  if (value <= 40) return 'warn';
  if (value <= 50) return 'error';
  return 'fatal';
}

/** A structured `level` value (string word, pino number, or a numeric string). */
export function levelFromValue(value: unknown): KnownLevel | undefined {
  if (typeof value === 'string') {
    const word = levelFromWord(value);
    if (word !== undefined) return word;
    const code = value.charCodeAt(0);
    return code >= 48 && code <= 57 ? levelFromNumber(Number(value)) : undefined;
  }
  if (typeof value === 'number') return levelFromNumber(value);
  return undefined;
}
