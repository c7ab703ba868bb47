/** Field values and `key=value` pairs, shared by the structured parsers. */

/** A field value as text: strings as they are, everything else as JSON text. */
export function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** One `key=value` (or bare `key`) token of a logfmt-style run. */
export interface Pair {
  key: string;
  /** Unquoted, unescaped value; `undefined` for a bare key. */
  value: string | undefined;
  /** Offset of the token's first character in the scanned text. */
  start: number;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * Splits `a=1 b="two words" c` into pairs. Keys run to `=` or a space; values are bare
 * (to the next space) or double-quoted with Go `strconv.Quote` escapes (`\"`, `\\`, `\n`,
 * `\t`, `\r`). Returns undefined when a quote is not closed, which is not logfmt.
 */
export function scanPairs(text: string, from = 0): Pair[] | undefined {
  const pairs: Pair[] = [];
  const length = text.length;
  let i = from;
  while (i < length) {
    while (i < length && isSpace(text.charCodeAt(i))) i += 1;
    if (i >= length) break;
    const start = i;
    while (i < length) {
      const code = text.charCodeAt(i);
      if (code === 61 /* = */ || isSpace(code)) break;
      i += 1;
    }
    const key = text.slice(start, i);
    if (i >= length || text.charCodeAt(i) !== 61) {
      pairs.push({key, value: undefined, start});
      continue;
    }
    i += 1;
    if (text.charCodeAt(i) === 34 /* " */) {
      const quoted = readQuoted(text, i);
      if (quoted === undefined) return undefined;
      pairs.push({key, value: quoted.value, start});
      i = quoted.end;
    } else {
      const valueStart = i;
      while (i < length && !isSpace(text.charCodeAt(i))) i += 1;
      pairs.push({key, value: text.slice(valueStart, i), start});
    }
  }
  return pairs;
}

function readQuoted(text: string, open: number): {value: string; end: number} | undefined {
  let i = open + 1;
  let value = '';
  let chunkStart = i;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 34) return {value: value + text.slice(chunkStart, i), end: i + 1};
    if (code === 92 /* \ */ && i + 1 < text.length) {
      value += text.slice(chunkStart, i) + unescape(text.charAt(i + 1));
      i += 2;
      chunkStart = i;
      continue;
    }
    i += 1;
  }
  return undefined;
}

function unescape(char: string): string {
  switch (char) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    default:
      return char;
  }
}

/** A plausible field name: starts with a letter or `_`, then letters, digits, `_ . - @ /`. */
export function isFieldKey(key: string): boolean {
  const length = key.length;
  if (length === 0 || length > 128) return false;
  for (let i = 0; i < length; i += 1) {
    const code = key.charCodeAt(i);
    const letter = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
    if (letter) continue;
    if (i === 0) return false;
    const digit = code >= 48 && code <= 57;
    if (!digit && code !== 46 && code !== 45 && code !== 64 && code !== 47) return false;
  }
  return true;
}
