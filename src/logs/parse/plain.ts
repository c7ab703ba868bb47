/** ANSI-free text for parsing and messages; `raw` keeps the colours. */
import {stripVTControlCharacters} from 'node:util';

/**
 * Strips terminal control sequences. Most lines have none, so the regex-based strip runs
 * only when an ESC (or the 8-bit CSI, U+009B) is present.
 */
export function toPlain(text: string): string {
  return text.indexOf('\u001b') < 0 && text.indexOf('\u009b') < 0 ? text : stripVTControlCharacters(text);
}
