/**
 * Whether a store scan can pass over a block without opening it, for a filter whose every
 * match contains one of `pieces` (`LogFilter.includePieces`): the pre-test of filter-text.ts
 * (`#cannotBeInParsedText`) for a whole block at once, one native search instead of a decode
 * and a test per entry, read from the block's numbers and text alone (no tags, keys or
 * lengths to unpack and check). A `--grep` for a rare word passes over nearly every block.
 *
 * It holds only where that pre-test holds for every entry: each is stored as its line alone
 * (its message and fields are parsed from it: an entry stored whole may have the word in a
 * field key, which is a name, not text), and the text has no backslash or newline (escapes
 * and continuation lines make text the line does not spell) and no ANSI introducer (the
 * filter reads lines without their escapes, which can join pieces). The entries' lines are
 * then the block's text end to end, and none holds a piece. A piece found across two lines
 * only means the block is opened.
 *
 * A block whose numbers or text do not look whole is always opened, so the scan reports its
 * damage. Damage elsewhere in a block passed over goes unreported by this query: its lines,
 * which are intact, could not match anyway.
 */
import {isAscii, isUtf8} from 'node:buffer';
import {NUMBER_STRIDE, reparseFormatIndex} from './block-pack.js';

export function linesLackAll(numbers: unknown, text: unknown, count: number, pieces: readonly RegExp[]): boolean {
  if (!(numbers instanceof Uint8Array) || !(text instanceof Uint8Array)) return false;
  const slots = NUMBER_STRIDE * count;
  if (numbers.byteLength !== slots * 8) return false;
  const view = new DataView(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  // Float64Array's layout on every platform Node runs on: little-endian.
  for (let slot = 5; slot < slots; slot += NUMBER_STRIDE) if (reparseFormatIndex(view.getFloat64(slot * 8, true)) < 0) return false;
  const bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  // 0x9b: the C1 introducer's UTF-8 is C2 9B; any other 0x9b byte only means the block is opened.
  if (bytes.includes(0x5c) || bytes.includes(0x0a) || bytes.includes(0x1b) || bytes.includes(0x9b)) return false;
  const ascii = isAscii(bytes);
  if (!ascii && !isUtf8(bytes)) return false;
  const whole = bytes.toString(ascii ? 'latin1' : 'utf8');
  return !pieces.some((piece) => piece.test(whole));
}
