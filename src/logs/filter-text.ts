/**
 * What the filter's regex terms (`include`, `exclude`) are tested on, and a pre-test that
 * spares parsing a stored line back when the pattern cannot match it.
 *
 * The line as printed is `raw` (for JSON: its syntax and keys); what the console shows of it
 * is the message, then the fields as `key=value` (the compact view:
 * `INFO  connecting to raw ledger source source_address=localhost:50052`).
 *
 * - `include` (`--grep`) keeps an entry when the pattern matches any of them: `raw` without
 *   ANSI sequences, the message, or the message and its fields as one text
 *   (`message key=value key=value`, values unquoted). So `^connecting` finds a zap line whose
 *   message starts so, and `source_address=localhost` finds it by what the view shows.
 * - `exclude` drops an entry when the pattern matches the message, or the message and its
 *   fields: what the user sees, never the line's syntax. `--exclude level` must not drop
 *   every JSON line because each has a `"level"` key; to drop levels there is `-l`/`--min-level`.
 *   A multi-line entry is shown as printed, so its continuation lines count too, each on its
 *   own (`^` and `$` are per line): `--exclude 'main\.go:10'` drops the Go panic whose dump
 *   holds `/app/main.go:10 +0x1d`. Lines of JSON syntax (a pretty-printed block's `"level":
 *   "info",`, its braces) are left out for the same reason as a JSON line's keys.
 *
 * The message is what the parser made of the line: a plain line's level token (`[WARN]`) is
 * not part of it, and a multi-line entry's message is its first line's.
 */
import {stripVTControlCharacters} from 'node:util';
import type {LogEntry} from './entry.js';
import {EntryProbe} from './entry-probe.js';
import {LineEntry} from './parse/line-entry.js';
import {requiredLiterals} from './regex-literals.js';

/** A user's pattern, with what the pre-test needs. */
export interface TextRegex {
  readonly regex: RegExp;
  /**
   * Finds the pieces of text one of which the message and the fields' text must contain for
   * the pattern to match them, and that a line parsed into them holds too (see `rawPieces`);
   * undefined when none is certain.
   */
  readonly rawPieces: RegExp | undefined;
}

export function textRegex(source: string, flags: string): TextRegex {
  const pieces = rawPieces(source);
  // Same flags as the pattern: the pieces then match the line exactly as the pattern's literals match the text.
  return {regex: new RegExp(source, flags), rawPieces: pieces === undefined ? undefined : new RegExp(pieces.map(escapeRegex).join('|'), flags)};
}

/** An entry's texts, each made once for all the patterns of a filter. */
export class EntryText {
  #plain: string | undefined;
  #message = '';
  #shown: string | undefined;
  #continuation: string[] | undefined;

  constructor(private readonly entry: LogEntry) {}

  included(term: TextRegex): boolean {
    return term.regex.test(this.#plainRaw()) || this.excluded(term);
  }

  excluded(term: TextRegex): boolean {
    if (this.#shown === undefined) {
      if (this.#cannotBeInParsedText(term)) return false;
      // Read once for all patterns: a stored entry's message and fields are parsed from its raw.
      this.#message = this.entry.message;
      this.#shown = withFields(this.#message, this.entry.fields);
    }
    if (term.regex.test(this.#shown) || (this.#shown !== this.#message && term.regex.test(this.#message))) return true;
    this.#continuation ??= continuationLines(this.entry.raw);
    return this.#continuation.length > 0 && this.#continuation.some((line) => term.regex.test(line));
  }

  #plainRaw(): string {
    this.#plain ??= plainText(this.entry.raw);
    return this.#plain;
  }

  /**
   * The pattern cannot match the message or the shown fields: the entry's message and fields
   * are what parsing its one line gives (so, without escapes in it, their text is cut from
   * the line), and the line holds none of the pieces the pattern needs.
   */
  #cannotBeInParsedText(term: TextRegex): boolean {
    const pieces = term.rawPieces;
    if (pieces === undefined || !parsedFromRaw(this.entry)) return false;
    const plain = this.#plainRaw();
    if (plain.includes('\\') || plain.includes('\n')) return false;
    return !pieces.test(plain);
  }
}

/** `raw` as `include` sees it: without ANSI escape sequences. */
export function plainText(raw: string): string {
  return raw.includes('\x1b') || raw.includes('\x9b') ? stripVTControlCharacters(raw) : raw;
}

/** A line of a pretty-printed JSON block: a key, a brace or bracket; not text a view shows as such. */
const JSON_SYNTAX_LINE = /^\s*["{}[\]]/;

/** The lines of a multi-line `raw` after its first, without ANSI, blank lines and JSON syntax. */
function continuationLines(raw: string): string[] {
  const first = raw.indexOf('\n');
  if (first < 0) return [];
  return plainText(raw.slice(first + 1))
    .split('\n')
    .filter((line) => line.trim() !== '' && !JSON_SYNTAX_LINE.test(line));
}

/** The message, then the fields as ` key=value` (values unquoted), as the compact view shows them. */
function withFields(message: string, fields: Record<string, string>): string {
  let shown = message;
  for (const key in fields) if (Object.hasOwn(fields, key)) shown += ` ${key}=${fields[key]}`;
  return shown;
}

/** Whether message and fields are what the line parsers make of `raw`: a marked line, or a stored one parsed back. */
function parsedFromRaw(entry: LogEntry): boolean {
  return entry instanceof EntryProbe ? entry.parsedFromRaw : LineEntry.parsedWith(entry) !== undefined;
}

/**
 * Field names the parsers add that the line does not spell (`caller` of a Go `log` line,
 * `logger` of a zap console line). Checked against the parsers by the filter's tests.
 */
export const ADDED_KEYS: readonly string[] = ['caller', 'logger'];

/**
 * Characters next to which the parsers' output can hold what the line does not: the view's
 * joins (` `, `=`), JSON re-serialised by `JSON.stringify` (`{"a":1}` from `{"a": 1}`), and
 * escapes. A piece of a literal between them is cut from one value, key or message.
 */
const JOINS = /[\s=:,"{}[\]\\]+/;
/** JSON numbers are re-serialised (`1e3` → `1000`): a piece of digits may not be in the line. */
const NUMBER_TEXT = /^[\d.+\-eE]*$/;

/**
 * For each of the pattern's required literals (one of which every match contains), its
 * longest piece that a parse cannot have made up: no join character, not number text, not
 * part of a field name the parsers add (in any case: the pattern may ignore case). The message
 * and fields of a parsed line can then hold a piece only where the line does. Undefined when
 * some literal has no such piece (every branch must be covered).
 */
function rawPieces(source: string): string[] | undefined {
  const literals = requiredLiterals(source);
  if (literals === undefined) return undefined;
  const pieces: string[] = [];
  for (const literal of literals) {
    const usable = literal.split(JOINS).filter((piece) => piece.length >= 2 && !NUMBER_TEXT.test(piece) && !ADDED_KEYS.some((key) => key.includes(piece.toLowerCase())));
    const longest = usable.sort((a, b) => b.length - a.length)[0];
    if (longest === undefined) return undefined;
    pieces.push(longest);
  }
  return pieces;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
