/**
 * Child text made safe to print inside our own output (the console, `flowctl logs`, the TUI):
 * a child must not be able to move our cursor, clear the screen, set the title or break the
 * alignment of our columns.
 */
const TAB_WIDTH = 8;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const NEEDS_SANITIZING = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

/**
 * Makes child text safe to print inside our view: lone CRs resolved as a terminal would
 * (`abc\rX` shows `Xbc`), tabs expanded to 8-column stops (columns counted from the start
 * of each line, escape sequences taking none), other C0/C1 controls and DEL dropped (`\n`
 * kept as the line break), and escape sequences dropped except colours
 * (SGR, `ESC[…m`) and hyperlinks (OSC 8), which are kept only with `keepStyles` (the
 * default). Cursor movement, screen clears, titles and the like never reach the terminal.
 */
export function sanitizeForTerminal(input: string, options: {keepStyles?: boolean} = {}): string {
  if (!NEEDS_SANITIZING.test(input)) return input;
  const text = input.includes('\r') ? input.split('\n').map(applyCarriageReturns).join('\n') : input;
  const keepStyles = options.keepStyles ?? true;
  let out = '';
  let column = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x1b || code === 0x9b) {
      const sequence = scanEscape(text, i);
      if (keepStyles && sequence.style) out += text.slice(i, sequence.end);
      i = sequence.end;
    } else if (code === 0x09) {
      const spaces = TAB_WIDTH - (column % TAB_WIDTH);
      out += ' '.repeat(spaces);
      column += spaces;
      i++;
    } else if (code === 0x0a) {
      out += '\n';
      column = 0;
      i++;
    } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      i++;
    } else {
      out += text[i];
      // The low half of a surrogate pair does not take a column of its own.
      if (code < 0xdc00 || code > 0xdfff) column++;
      i++;
    }
  }
  return out;
}

/**
 * What a terminal shows for a line redrawn with lone CRs (a progress bar): each part
 * overwrites the start of the previous. With escape sequences in the line the columns are
 * unknowable here, so the last part wins (progress bars redraw the whole line anyway).
 */
function applyCarriageReturns(line: string): string {
  const parts = line.split('\r').filter((part) => part !== '');
  if (parts.length === 0) return '';
  if (line.includes('\x1b')) return parts[parts.length - 1] ?? '';
  return parts.reduce((shown, part) => part + shown.slice(part.length));
}

/**
 * The extent of the escape sequence at `start` (ESC, or the 8-bit CSI 0x9B) and whether it
 * is a style (SGR or OSC 8). Unterminated sequences run to the end of the line, as a
 * terminal would swallow that text too.
 */
function scanEscape(text: string, start: number): {end: number; style: boolean} {
  const isCsi8 = text.charCodeAt(start) === 0x9b;
  const kind = isCsi8 ? '[' : text[start + 1];
  if (kind === undefined) return {end: start + 1, style: false};
  if (kind === '[') {
    let i = start + (isCsi8 ? 1 : 2);
    const paramsStart = i;
    while (i < text.length && inRange(text.charCodeAt(i), 0x30, 0x3f)) i++;
    const params = text.slice(paramsStart, i);
    const intermediatesStart = i;
    while (i < text.length && inRange(text.charCodeAt(i), 0x20, 0x2f)) i++;
    if (i < text.length && inRange(text.charCodeAt(i), 0x40, 0x7e)) {
      const sgr = !isCsi8 && text[i] === 'm' && i === intermediatesStart && /^[0-9;:]*$/.test(params);
      return {end: i + 1, style: sgr};
    }
    return {end: i, style: false};
  }
  if (kind === ']' || kind === 'P' || kind === 'X' || kind === '^' || kind === '_') {
    const {end, terminated} = stringTerminator(text, start + 2, kind === ']');
    // An unterminated hyperlink would swallow the rest of our output: never keep one.
    return {end, style: kind === ']' && terminated && text.startsWith('8;', start + 2)};
  }
  let i = start + 1;
  while (i < text.length && inRange(text.charCodeAt(i), 0x20, 0x2f)) i++;
  return {end: i < text.length && inRange(text.charCodeAt(i), 0x30, 0x7e) ? i + 1 : i, style: false};
}

/** Index just past the ST (`ESC \`) or, for OSC, BEL ending a string sequence; else the line's end. */
function stringTerminator(text: string, from: number, bellEnds: boolean): {end: number; terminated: boolean} {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x1b && text[i + 1] === '\\') return {end: i + 2, terminated: true};
    if (code === 0x07 && bellEnds) return {end: i + 1, terminated: true};
    if (code === 0x0a) return {end: i, terminated: false};
  }
  return {end: text.length, terminated: false};
}

function inRange(code: number, low: number, high: number): boolean {
  return code >= low && code <= high;
}
