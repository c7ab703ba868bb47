/**
 * Terminal text helpers for the UI: cutting strings that carry SGR colours to a column
 * width without breaking an escape sequence, display width of wide characters, and search
 * highlighting. Rows are cut before they reach Ink: Ink's cost is per cell it lays out.
 */
import {isAbsolute, relative} from 'node:path';
import {stripVTControlCharacters} from 'node:util';

const RESET = '\x1b[0m';

/** Columns a code point takes: 2 for East Asian wide / emoji, 0 for combining marks. */
export function codePointWidth(code: number): number {
  if (code < 0x300) return 1;
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) || code === 0xfe0f) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Display width of text without escape sequences. */
export function plainWidth(text: string): number {
  let width = 0;
  for (const char of text) width += codePointWidth(char.codePointAt(0) ?? 0);
  return width;
}

/** Length of the escape sequence starting at `i` (CSI or OSC), 1 for a lone ESC. */
function escapeLength(text: string, i: number): number {
  const next = text[i + 1];
  if (next === '[') {
    let j = i + 2;
    while (j < text.length) {
      const code = text.charCodeAt(j);
      j++;
      if (code >= 0x40 && code <= 0x7e) break;
    }
    return j - i;
  }
  if (next === ']') {
    const bell = text.indexOf('\x07', i);
    const st = text.indexOf('\x1b\\', i);
    const end = bell === -1 ? st : st === -1 ? bell : Math.min(bell, st + 1);
    return end === -1 ? text.length - i : end + 1 - i;
  }
  return Math.min(2, text.length - i);
}

/**
 * At most `width` columns of `text`, colours kept and closed; OSC sequences (hyperlinks)
 * dropped, since Ink cannot measure them. Padded with spaces to `width` when `pad`.
 */
export function fitAnsi(text: string, width: number, pad = false): string {
  let out = '';
  let used = 0;
  let styled = false;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x1b) {
      const length = escapeLength(text, i);
      if (text[i + 1] === '[') {
        out += text.slice(i, i + length);
        styled = true;
      }
      i += length;
      continue;
    }
    const point = text.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(point);
    const w = codePointWidth(point);
    if (used + w > width) break;
    out += char;
    used += w;
    i += char.length;
  }
  if (styled) out += RESET;
  return pad && used < width ? out + ' '.repeat(width - used) : out;
}

/** Plain text cut to `width` columns (no escapes involved). */
export function fitPlain(text: string, width: number, pad = false): string {
  return fitAnsi(stripVTControlCharacters(text), width, pad);
}

/**
 * `text` (SGR colours kept) broken into lines of at most `width` columns, every line after the
 * first starting with `indent` spaces; a colour open at a break is closed there and reopened on
 * the next line. Breaks fall anywhere (a log line has no reliable word boundaries). OSC
 * sequences are dropped, as `fitAnsi` does.
 */
export function wrapAnsi(text: string, width: number, indent = 0): string[] {
  const room = Math.max(1, width - indent);
  const lines: string[] = [];
  let line = '';
  let used = 0;
  let active = '';
  let limit = Math.max(1, width);
  const breakLine = (): void => {
    lines.push(active === '' ? line : line + RESET);
    line = ' '.repeat(Math.min(indent, width - 1)) + active;
    used = 0;
    limit = room;
  };
  let i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) === 0x1b) {
      const length = escapeLength(text, i);
      if (text[i + 1] === '[') {
        const sequence = text.slice(i, i + length);
        line += sequence;
        active = sequence === RESET || sequence === '\x1b[m' ? '' : active + sequence;
      }
      i += length;
      continue;
    }
    const point = text.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(point);
    const w = codePointWidth(point);
    if (used + w > limit && used > 0) breakLine();
    line += char;
    used += w;
    i += char.length;
  }
  lines.push(active === '' ? line : line + RESET);
  return lines;
}

/**
 * Plain words in lines of at most `width` columns (the first line `width - firstUsed`), every
 * line after the first indented by `indent` spaces; a word longer than a line is cut into pieces.
 */
export function wrapWords(text: string, width: number, indent: number, firstUsed = 0): string[] {
  const lines: string[] = [];
  let line = '';
  let used = firstUsed;
  const room = (): number => width - used;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const w = plainWidth(word);
    const gap = line === '' ? 0 : 1;
    if (gap + w <= room()) {
      line += (gap ? ' ' : '') + word;
      used += gap + w;
      continue;
    }
    if (line !== '') {
      lines.push(line);
      line = '';
      used = indent;
    }
    if (w <= room()) {
      line = word;
      used += w;
      continue;
    }
    // Longer than a whole line: in pieces.
    const pieces = wrapAnsi(word, width - used);
    for (const piece of pieces.slice(0, -1)) lines.push(piece);
    line = pieces.at(-1) ?? '';
    used += plainWidth(line);
  }
  lines.push(line);
  return lines.map((text, index) => (index === 0 ? text : ' '.repeat(indent) + text));
}

/** Plain text in `width` columns, ending in `…` when it had to be cut (ids in a narrow column). */
export function fitEllipsis(text: string, width: number, pad = false): string {
  const plain = stripVTControlCharacters(text);
  if (plainWidth(plain) <= width) return fitAnsi(plain, width, pad);
  if (width <= 0) return '';
  return fitAnsi(`${fitAnsi(plain, width - 1)}…`, width, pad);
}

/**
 * The plain text with every match of `regex` in reverse video (or `[…]` brackets without
 * colour, so matches stay visible under NO_COLOR).
 */
export function highlight(plain: string, regex: RegExp, color: boolean): string {
  const global = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
  let out = '';
  let last = 0;
  for (const match of plain.matchAll(global)) {
    if (match[0] === '') continue;
    const start = match.index;
    out += plain.slice(last, start) + (color ? `\x1b[7m${match[0]}\x1b[27m` : `[${match[0]}]`);
    last = start + match[0].length;
  }
  return out + plain.slice(last);
}

/** `path` as the user would type it: relative to `cwd` when inside it, else absolute. */
export function shortPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
