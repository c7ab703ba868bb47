/**
 * The source line under a diagnostic and the caret line beneath it, measured in terminal
 * columns: CJK and emoji take two columns each, so padding by UTF-16 units put the caret
 * left of the error; and a 20 000-character line was printed whole, with 20 000 spaces before
 * the caret. Long lines show a window of about MAX_EXCERPT_COLUMNS around the error, with `…`
 * on each cut side.
 */
import stringWidth from 'string-width';

export const MAX_EXCERPT_COLUMNS = 100;
/** Columns kept before the error when the line is cut. */
const LEAD_COLUMNS = 40;

export interface Excerpt {
  /** The line as shown (tabs as one space, maybe cut). */
  text: string;
  /** Columns before the caret. */
  caretColumn: number;
  /** Carets to print (at least 1). */
  caretWidth: number;
}

/** `col` is 1-based and `length` counts UTF-16 units, as in a SourceLocation. */
export function excerptOf(line: string, col: number, length: number): Excerpt {
  // Tabs would make the terminal's column differ from ours; show each as one space.
  const shown = line.replace(/\t/g, ' ');
  const at = Math.min(Math.max(0, col - 1), shown.length);
  const end = Math.min(shown.length, at + Math.max(1, length));
  if (stringWidth(shown) <= MAX_EXCERPT_COLUMNS) {
    return {text: shown, caretColumn: stringWidth(shown.slice(0, at)), caretWidth: Math.max(1, stringWidth(shown.slice(at, end)))};
  }
  const points = [...shown];
  const offsets: number[] = [];
  let offset = 0;
  for (const point of points) {
    offsets.push(offset);
    offset += point.length;
  }
  const widthOf = (index: number) => stringWidth(points[index] ?? '');
  let caretIndex = offsets.findIndex((start) => start >= at);
  if (caretIndex === -1) caretIndex = points.length;
  let first = caretIndex;
  for (let used = 0; first > 0 && used + widthOf(first - 1) <= LEAD_COLUMNS; first -= 1) used += widthOf(first - 1);
  const budget = MAX_EXCERPT_COLUMNS - (first > 0 ? 1 : 0) - 1;
  let last = first;
  for (let used = 0; last < points.length && used + widthOf(last) <= budget; last += 1) used += widthOf(last);
  const head = first > 0 ? '…' : '';
  const tail = last < points.length ? '…' : '';
  const text = `${head}${points.slice(first, last).join('')}${tail}`;
  const before = head.length + stringWidth(points.slice(first, caretIndex).join(''));
  const underlinedEnd = Math.min(end, offsets[last] ?? shown.length);
  const caretWidth = Math.max(1, stringWidth(shown.slice(at, Math.max(at, underlinedEnd))));
  return {text, caretColumn: before, caretWidth};
}
