/**
 * What a terminal shows for one line that holds carriage returns (progress bars, spinners):
 * each CR returns to column 0 and the following text overwrites (`abcdef\rXY` → `XYcdef`).
 *
 * Escape sequences take no column: coloured frames (`ESC[32m100%ESC[0m\rESC[32m99%ESC[0m`)
 * show `99%%` on a terminal, all green, and so here; counting the escape's bytes as columns
 * gave `99%m` (regression cr-ansi-columns). Colours (SGR) follow the characters they paint;
 * "erase in line" (`ESC[K`, `ESC[1K`, `ESC[2K`, common right after the CR of a progress bar)
 * erases as a terminal does; other sequences (cursor moves, OSC titles and links) are kept,
 * in order, in front of the next character written. A column is a code point: wide
 * characters are not measured, which is good enough for progress bars and spinners.
 */

const ESC = 0x1b;
const CR = 0x0d;
const RESET = '\x1b[0m';

/** One column of the line: a code point, the SGR state it was written in, and zero-width escapes before it. */
interface Cell {
  text: string;
  style: string;
  before: string;
}

const BLANK: Cell = {text: ' ', style: '', before: ''};

export function overwriteCarriageReturns(text: string): string {
  return text.includes('\x1b') ? overwriteStyled(text) : overwritePlain(text);
}

/** The common case, without escapes: a column per code point. */
function overwritePlain(text: string): string {
  let screen: string[] = [];
  for (const segment of text.split('\r')) {
    if (segment.length === 0) continue;
    const chars = Array.from(segment);
    if (chars.length >= screen.length) {
      screen = chars;
    } else {
      for (let i = 0; i < chars.length; i++) screen[i] = chars[i]!;
    }
  }
  return screen.join('');
}

function overwriteStyled(text: string): string {
  let cells: Cell[] = [];
  let column = 0;
  /** SGR sequences in effect since the last reset, as written (a reset empties it). */
  let style = '';
  /** Zero-width sequences waiting for the next character. */
  let pending = '';
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === CR) {
      column = 0;
      i++;
      continue;
    }
    if (code === ESC) {
      const end = escapeEnd(text, i);
      const sequence = text.slice(i, end);
      const csi = csiParts(sequence);
      if (csi?.final === 'm' && /^[\d;:]*$/.test(csi.params)) style = withSgr(style, sequence, csi.params);
      else if (csi?.final === 'K' && /^[012]?$/.test(csi.params)) cells = eraseInLine(cells, column, csi.params);
      else pending += sequence;
      i = end;
      continue;
    }
    const character = String.fromCodePoint(text.codePointAt(i)!);
    i += character.length;
    // After `ESC[2K` the cursor stays where it was: the columns before it are blank.
    while (cells.length < column) cells.push(BLANK);
    cells[column] = {text: character, style, before: (cells[column]?.before ?? '') + pending};
    pending = '';
    column++;
  }
  let out = '';
  let current = '';
  for (const cell of cells) {
    out += cell.before;
    if (cell.style !== current) {
      out += (current === '' ? '' : RESET) + cell.style;
      current = cell.style;
    }
    out += cell.text;
  }
  // End in the state the line ended in (usually reset), so what follows is painted as before.
  if (style !== current) out += (current === '' ? '' : RESET) + style;
  return out + pending;
}

/** The SGR state after `sequence` (`ESC[<params>m`): a reset starts afresh, anything else adds to it. */
function withSgr(style: string, sequence: string, params: string): string {
  if (params === '' || params === '0') return '';
  if (params.startsWith('0;')) return sequence;
  return style.endsWith(sequence) ? style : style + sequence;
}

/** `ESC[K` (cursor to end), `ESC[1K` (start through cursor), `ESC[2K` (whole line); the cursor stays. */
function eraseInLine(cells: Cell[], column: number, params: string): Cell[] {
  if (params === '2') return [];
  if (params === '1') return cells.map((cell, at) => (at <= column ? BLANK : cell));
  return cells.slice(0, column);
}

function csiParts(sequence: string): {params: string; final: string} | undefined {
  if (sequence.length < 3 || sequence[1] !== '[') return undefined;
  const final = sequence[sequence.length - 1]!;
  const code = final.charCodeAt(0);
  if (code < 0x40 || code > 0x7e) return undefined;
  return {params: sequence.slice(2, -1), final};
}

/**
 * Index just past the escape sequence starting at `start`: CSI (`ESC [` parameters,
 * intermediates, a final byte), OSC (`ESC ]` … BEL or `ESC \`), or ESC and one character.
 * An unfinished sequence runs to where it stops looking like one (never past a CR).
 */
function escapeEnd(text: string, start: number): number {
  const kind = text[start + 1];
  if (kind === undefined) return start + 1;
  if (kind === '[') {
    let at = start + 2;
    while (at < text.length && inRange(text.charCodeAt(at), 0x30, 0x3f)) at++;
    while (at < text.length && inRange(text.charCodeAt(at), 0x20, 0x2f)) at++;
    return at < text.length && inRange(text.charCodeAt(at), 0x40, 0x7e) ? at + 1 : at;
  }
  if (kind === ']') {
    for (let at = start + 2; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === 0x07 || code === CR) return code === CR ? at : at + 1;
      if (code === ESC) return text[at + 1] === '\\' ? at + 2 : at;
    }
    return text.length;
  }
  // ESC and a printable ASCII character (`ESC 7`, `ESC M`); a lone ESC otherwise (the next
  // character, a CR say, keeps its meaning).
  return inRange(text.charCodeAt(start + 1), 0x20, 0x7e) ? start + 2 : start + 1;
}

function inRange(code: number, low: number, high: number): boolean {
  return code >= low && code <= high;
}
