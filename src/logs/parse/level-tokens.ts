/**
 * Level words inside free text: a leading token (`[WARN] …`, `ERROR: …`, `WRN …`,
 * `INFO[0000] …`, `Error: …`, `panic: …`, glog `E1203 …]`) or, failing that, a hint in
 * the message (`… Warning: …`, `… ERROR …`, `… level=warn …`). Single forward scans; no regex.
 */
import type {KnownLevel} from '../entry.js';
import {levelFromWord} from './levels.js';

/** A level found at the start of the text, and where the message starts once it is removed. */
export interface LeadingLevel {
  level: KnownLevel;
  /** Structural tokens (`[WARN]`, `ERROR:`) are cut off; sentence words (`Error: …`) are kept. */
  messageStart: number;
}

/** Mixed/lower-case words that are a level when a colon follows (`Error:`, `warning:`, `panic:`). */
const COLON_WORDS: ReadonlySet<string> = new Set([
  'error', 'err', 'warning', 'warn', 'fatal', 'panic', 'critical', 'info', 'debug', 'trace', 'notice',
]);
/** Capitalised words that open a sentence about a failure (`Error sending heartbeat …`). */
const SENTENCE_WORDS: ReadonlySet<string> = new Set(['Error', 'Warning', 'Fatal']);

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}
function isLetter(code: number): boolean {
  return isUpper(code) || (code >= 97 && code <= 122);
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
function isWordChar(code: number): boolean {
  return isLetter(code) || isDigit(code) || code === 95;
}
function skipSpaces(text: string, i: number): number {
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i += 1;
  return i;
}

const GLOG_LEVELS: Readonly<Record<string, KnownLevel>> = {I: 'info', W: 'warn', E: 'error', F: 'fatal'};

export function leadingLevel(text: string, from = 0): LeadingLevel | undefined {
  const first = text.charCodeAt(from);
  if (first === 91 /* [ */) {
    const close = text.indexOf(']', from + 1);
    if (close < 0 || close - from > 16) return undefined;
    const level = levelFromWord(text.slice(from + 1, close).trim());
    if (level === undefined) return undefined;
    let start = close + 1;
    if (text.charCodeAt(start) === 58 /* : */) start += 1;
    return {level, messageStart: skipSpaces(text, start)};
  }
  let end = from;
  let allUpper = true;
  while (end - from <= 12 && isLetter(text.charCodeAt(end))) {
    if (!isUpper(text.charCodeAt(end))) allUpper = false;
    end += 1;
  }
  if (end === from || end - from > 12) return glog(text, from);
  const word = text.slice(from, end);
  const next = text.charCodeAt(end);
  const atEnd = end === text.length;
  if (allUpper && word.length >= 3) {
    if (!(atEnd || next === 58 || next === 32 || next === 9 || next === 124 /* | */ || next === 91)) return undefined;
    const level = levelFromWord(word);
    if (level === undefined) return undefined;
    let start = end;
    if (next === 91 /* logrus INFO[0000] */) {
      const close = text.indexOf(']', end);
      start = close < 0 ? end : close + 1;
    }
    start = skipSpaces(text, start);
    // `ERROR: x`, `INFO | x`, `WARN - x`: the separator belongs to the token, not the message.
    const separator = text.charCodeAt(start);
    if (separator === 58 || ((separator === 124 || separator === 45) && text.charCodeAt(start + 1) === 32)) {
      start = skipSpaces(text, start + 1);
    }
    return {level, messageStart: start};
  }
  if (next === 58 && COLON_WORDS.has(word.toLowerCase())) {
    const level = levelFromWord(word);
    return level === undefined ? undefined : {level, messageStart: from};
  }
  if (next === 32) {
    if (SENTENCE_WORDS.has(word)) {
      const level = levelFromWord(word);
      return level === undefined ? undefined : {level, messageStart: from};
    }
    if (word === 'fatal' && text.startsWith(' error:', end)) return {level: 'fatal', messageStart: from};
  }
  return word.length === 1 ? glog(text, from) : undefined;
}

/** klog/glog `E1203 12:21:40.123456    1234 file.go:12] message`. */
function glog(text: string, from: number): LeadingLevel | undefined {
  const level = GLOG_LEVELS[text.charAt(from)];
  if (level === undefined) return undefined;
  for (let i = from + 1; i <= from + 4; i += 1) if (!isDigit(text.charCodeAt(i))) return undefined;
  if (text.charCodeAt(from + 5) !== 32) return undefined;
  const close = text.indexOf('] ', from + 6);
  return {level, messageStart: close < 0 || close - from > 80 ? from : close + 2};
}

/**
 * A level named inside a message (Go `log` lines say `Warning: …` or `… Error: …` with no
 * level of their own). The earliest marker wins. Lower-case `error:` is deliberately not a
 * hint: it is how nested Go errors read (`rpc error: code = …`) even in info lines.
 */
export function hintedLevel(text: string, from = 0): KnownLevel | undefined {
  const length = text.length;
  for (let i = from; i < length; i += 1) {
    const code = text.charCodeAt(i);
    if (code !== 69 && code !== 87 && code !== 70 && code !== 108) continue; // E W F l
    if (i > from && isWordChar(text.charCodeAt(i - 1))) continue;
    const found = hintAt(text, i, code);
    if (found !== undefined) return found;
  }
  return undefined;
}

function hintAt(text: string, i: number, code: number): KnownLevel | undefined {
  switch (code) {
    case 69: // E
      return text.startsWith('Error:', i) || wordAt(text, i, 'ERROR') ? 'error' : undefined;
    case 87: // W
      return text.startsWith('Warning:', i) || wordAt(text, i, 'WARNING') || wordAt(text, i, 'WARN')
        ? 'warn'
        : undefined;
    case 70: // F
      return text.startsWith('Fatal:', i) || wordAt(text, i, 'FATAL') ? 'fatal' : undefined;
    default: {
      if (!text.startsWith('level=', i)) return undefined;
      let end = i + 6;
      if (text.charCodeAt(end) === 34) end += 1;
      const start = end;
      while (isLetter(text.charCodeAt(end))) end += 1;
      return levelFromWord(text.slice(start, end));
    }
  }
}

/** `word` at `i`, not followed by a letter (so `WARN` does not match inside `WARNINGS`). */
function wordAt(text: string, i: number, word: string): boolean {
  return text.startsWith(word, i) && !isLetter(text.charCodeAt(i + word.length));
}
