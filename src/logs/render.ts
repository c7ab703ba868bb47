/**
 * How one entry looks on a console: shared by `up`'s aggregate view, `flowctl logs` and
 * the text exporter, so all three print the same thing.
 *
 *     ttp-processor  | INFO  connecting to raw ledger source source_address=localhost:50052
 *     ttp-processor  | ⟳ restarting in 2 s, attempt 3 of 5          (stream `control`, dim italic)
 *
 * Colour is painted per line and always reset before the line ends: a reset after the
 * newline (the Go flowctl bug, fatih/color + `\n`) tints the next line's prefix. Child
 * output is sanitised first, so a child cannot move our cursor or break tab alignment.
 */
import type {LogEntry} from './entry.js';
import {plainText} from './filter.js';
import {sanitizeForTerminal} from './sanitize.js';
import {TRUNCATED_MARK} from './split.js';
import {
  CONTROL_SGR,
  FIELD_KEY_SGR,
  LEVEL_COLUMN_WIDTH,
  LEVEL_LABEL,
  LEVEL_SGR,
  RESET,
  TIMESTAMP_SGR,
  componentSgr,
  paint,
} from './palette.js';

export interface RenderOptions {
  /** Emit SGR colour; without it the output contains no escape sequence at all. */
  color: boolean;
  /** Start every line with `component-id | `. */
  prefix: boolean;
  /** Pad component ids to this many columns (usually the longest id); longer ids are not cut. */
  prefixWidth: number;
  /**
   * Start every line (after the prefix) with the local time flowctl received the line
   * (`receivedAt`, `formatTimestamp`), as `docker compose -t` does: the time a line carries
   * can be in another zone (a Go log in `TZ=America/New_York`) or from another day entirely
   * (`time=2024-01-01…`), and the column must read in order down the screen.
   */
  timestamps: boolean;
  /** Print the line as the child printed it instead of the compact structured rendering. */
  raw: boolean;
  /** Palette slot for the component (declaration order); a hash of the id when left out. */
  colorIndex?: number;
}

/** Shown in the prefix for entries not tied to a component (hub markers, pipeline notes). */
export const PIPELINE_PREFIX = 'flowctl';

/**
 * The prefix column's width for these component ids: the longest id, and never less than
 * `flowctl`, so flowctl's own notes (`flowctl | …`) line up with short ids too.
 */
export function consolePrefixWidth(componentIds: readonly string[]): number {
  return Math.max(PIPELINE_PREFIX.length, ...componentIds.map((id) => id.length));
}

/** One entry as text, its lines joined by `\n`, every line prefixed; no trailing newline. */
export function renderEntry(entry: LogEntry, options: RenderOptions): string {
  return prefixLines(leader(entry, options), renderBody(entry, options));
}

/**
 * `renderEntry` for many entries with the same options (the console, `logs`): the prefix of
 * each component is built once. `colorIndexOf` gives the palette slot of a component.
 */
export function createEntryRenderer(
  options: Omit<RenderOptions, 'colorIndex'>,
  colorIndexOf: (componentId: string) => number | undefined = () => undefined,
): (entry: LogEntry) => string {
  const prefixes = new Map<string, string>();
  return (entry) => {
    let lead = '';
    if (options.prefix) {
      const id = entry.componentId;
      let cached = prefixes.get(id);
      if (cached === undefined) {
        cached = componentPrefix(id, options, colorIndexOf(id));
        // Ids come from the pipeline file (a handful); the bound only guards against a flood of made-up ones.
        if (prefixes.size > 1024) prefixes.clear();
        prefixes.set(id, cached);
      }
      lead = cached;
    }
    if (options.timestamps) lead += timestampColumn(entry.receivedAt, options.color);
    return prefixLines(lead, renderBody(entry, options));
  };
}

/** Every line of `body` started with `lead` (the same as prefixing each line and joining them). */
function prefixLines(lead: string, body: string): string {
  if (lead === '') return body;
  return body.includes('\n') ? lead + body.replaceAll('\n', `\n${lead}`) : lead + body;
}

/** The prefix and timestamp that start each line of an entry. */
function leader(entry: LogEntry, options: RenderOptions): string {
  let lead = options.prefix ? componentPrefix(entry.componentId, options, options.colorIndex) : '';
  if (options.timestamps) lead += timestampColumn(entry.receivedAt, options.color);
  return lead;
}

/**
 * flowctl's own prefix: bold in the terminal's own colour, outside the component palette.
 * A palette slot (its id '' hashed, or slot 0) gave it the first component's orange, so
 * `flowctl | …` notes read as that component's lines.
 */
const PIPELINE_PREFIX_SGR = '1';

/** `component-id | ` padded to the prefix width, in the component's colour. */
function componentPrefix(componentId: string, options: Omit<RenderOptions, 'colorIndex'>, colorIndex: number | undefined): string {
  const name = sanitizeForTerminal(componentId, {keepStyles: false}) || PIPELINE_PREFIX;
  const label = `${name.padEnd(options.prefixWidth)} |`;
  if (!options.color) return `${label} `;
  return paint(componentId === '' ? PIPELINE_PREFIX_SGR : componentSgr(componentId, colorIndex), label) + ' ';
}

function timestampColumn(timestamp: number, color: boolean): string {
  const time = formatTimestamp(timestamp);
  return (color ? paint(TIMESTAMP_SGR, time) : time) + ' ';
}

/** The entry's lines without prefix, joined by `\n`; a truncated line says so at its end. */
function renderBody(entry: LogEntry, options: Omit<RenderOptions, 'colorIndex'>): string {
  const body = entryBody(entry, options);
  if (!entry.truncated) return body;
  return body + (options.color ? paint(CONTROL_SGR, TRUNCATED_MARK) : TRUNCATED_MARK);
}

function entryBody(entry: LogEntry, options: Omit<RenderOptions, 'colorIndex'>): string {
  if (entry.stream === 'control') return controlLines(entry, options.color).join('\n');
  if (rendersStructured(entry, options.raw)) return structuredBody(entry, options.color);
  return rawBody(entry, options);
}

/**
 * The body is `LEVEL message key=value …` rather than the line as printed. An entry grouped
 * from several printed lines (a pretty-printed JSON block, a stack under its header) reads
 * best as printed: its fields would only repeat what its lines already show.
 */
function rendersStructured(entry: LogEntry, raw: boolean): boolean {
  return entry.stream !== 'control' && !raw && isStructured(entry) && !entry.raw.includes('\n');
}

/**
 * Columns of the body's first line before the text a search matches (filter-text.ts): the
 * level column of a structured body, where the message and its fields follow; 0 for the
 * line as printed and flowctl's notes. The UI highlights matches from there, so `^connecting`
 * marks the message it found.
 */
export function searchedTextColumn(entry: LogEntry, raw: boolean): number {
  return rendersStructured(entry, raw) ? LEVEL_COLUMN_WIDTH + 1 : 0;
}

/** Any control character (line breaks, tabs, ESC) or C1 control: such text takes the careful path. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const CONTROL_OR_C1 = /[\x00-\x1f\x7f-\x9f]/;

/** flowctl's notes: the message, dim italic (or italic in the level colour for warn and worse). */
function controlLines(entry: LogEntry, color: boolean): string[] {
  const lines = lineList(sanitizeForTerminal(entry.message, {keepStyles: false}));
  if (!color) return lines;
  const levelSgr = entry.level === 'warn' || entry.level === 'error' || entry.level === 'fatal' ? LEVEL_SGR[entry.level] : '';
  const sgr = levelSgr === '' ? CONTROL_SGR : `3;${levelSgr}`;
  return lines.map((line) => paint(sgr, line));
}

/**
 * The child's line: its own colours kept (and closed before our newline) when colouring,
 * stripped otherwise. Outside `raw` mode a warn-or-worse line the child left uncoloured
 * gets the level colour, so errors stand out in plain-text logs too.
 */
function rawBody(entry: LogEntry, options: Omit<RenderOptions, 'colorIndex'>): string {
  const raw = entry.raw;
  // The common line: one line, nothing to sanitise, no colours of its own.
  if (!CONTROL_OR_C1.test(raw)) return options.color && !options.raw ? paint(levelTint(entry), raw) : raw;
  const lines = lineList(sanitizeForTerminal(raw, {keepStyles: options.color}));
  if (!options.color) return lines.join('\n');
  const tint = !options.raw && !raw.includes('\x1b') ? levelTint(entry) : '';
  return lines
    .map((line) => {
      if (line.includes('\x1b')) return line.endsWith(RESET) ? line : line + RESET;
      return paint(tint, line);
    })
    .join('\n');
}

function levelTint(entry: LogEntry): string {
  return entry.level === 'warn' || entry.level === 'error' || entry.level === 'fatal' ? LEVEL_SGR[entry.level] : '';
}

/**
 * A parser found structure: fields, or a level and a message that is not simply the whole
 * line. A line with neither fields nor a level (Go's `log` prefix) prints as it came, so
 * the time it carries is not lost.
 */
function isStructured(entry: LogEntry): boolean {
  for (const key in entry.fields) if (Object.hasOwn(entry.fields, key)) return true;
  return entry.level !== 'unknown' && entry.message !== '' && entry.message !== plainText(entry.raw);
}

/** The level column (label padded to 5, then a space), plain and coloured, per level. */
const LEVEL_COLUMN = new Map<string, string>();
function levelColumn(level: LogEntry['level'], color: boolean): string {
  const id = color ? `c${level}` : level;
  let column = LEVEL_COLUMN.get(id);
  if (column === undefined) {
    const label = LEVEL_LABEL[level];
    const padding = ' '.repeat(LEVEL_COLUMN_WIDTH - label.length + 1);
    column = (color ? paint(LEVEL_SGR[level], label) : label) + padding;
    LEVEL_COLUMN.set(id, column);
  }
  return column;
}

/** `key=` as rendered (quoted when needed, dim when colouring), per key: keys repeat line after line. */
const KEY_TEXT = [new Map<string, string>(), new Map<string, string>()] as const;
function keyText(key: string, color: boolean): string {
  const cache = KEY_TEXT[color ? 1 : 0];
  let text = cache.get(key);
  if (text === undefined) {
    const pair = `${quoteFieldText(key)}=`;
    text = color ? paint(FIELD_KEY_SGR, pair) : pair;
    if (cache.size > 4096) cache.clear();
    cache.set(key, text);
  }
  return text;
}

/** What needs quoting (`quoteFieldText`) or sanitising: a value without any of it prints as is. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be quoted
const NEEDS_QUOTING_OR_SANITIZING = /[\s"=\\\x00-\x1f\x7f-\x9f]/;

/**
 * Left out of the compact line (`INFO  connecting to raw ledger source source_address=…`, as
 * the issue shows it): zap's `caller` is where in the source the line was logged, noise on a
 * console. It stays in the fields, the exports and the TUI's expanded view, and `--raw` shows it.
 */
const COMPACT_LEFT_OUT = 'caller';

/**
 * `LEVEL message key=value …`: the level column padded to 5, then the message's first line
 * and the single-line fields; then the message's further lines; then each multi-line field
 * value (a stack trace) on lines of its own.
 */
function structuredBody(entry: LogEntry, color: boolean): string {
  const message = entry.message;
  let rest = '';
  let head = levelColumn(entry.level, color);
  const column = head.length;
  if (CONTROL_OR_C1.test(message)) {
    const [first = '', ...more] = lineList(sanitizeForTerminal(message, {keepStyles: false}));
    head += first;
    for (const line of more) rest += `\n${line}`;
  } else {
    head += message;
  }
  let blocks = '';
  const fields = entry.fields;
  for (const key in fields) {
    if (!Object.hasOwn(fields, key) || key === COMPACT_LEFT_OUT) continue;
    const value = fields[key] as string;
    // No space between the level column and a first field when there is no message.
    const space = head.length === column ? '' : ' ';
    if (value !== '' && !NEEDS_QUOTING_OR_SANITIZING.test(value)) {
      head += `${space}${keyText(key, color)}${value}`;
    } else if (value.includes('\n')) {
      for (const line of lineList(sanitizeForTerminal(value, {keepStyles: false}))) blocks += `\n${line}`;
    } else {
      head += `${space}${keyText(key, color)}${sanitizeForTerminal(quoteFieldText(value), {keepStyles: false})}`;
    }
  }
  return head + rest + blocks;
}

/**
 * The lines of a text, without the empty ones a trailing newline leaves (so a rendered
 * entry never ends in a line break of its own); at least one line.
 */
function lineList(text: string): string[] {
  const lines = text.split('\n');
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** logfmt-style quoting: bare when unambiguous, else a JSON string (escapes quotes and controls). */
export function quoteFieldText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be quoted
  return text === '' || /[\s"=\\\x00-\x1f\x7f]/.test(text) ? JSON.stringify(text) : text;
}

/** Local time with milliseconds and the UTC offset: `2024-01-20T10:00:00.000+01:00`. */
export function formatTimestamp(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const date = new Date(ms);
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${String(date.getFullYear()).padStart(4, '0')}-${two(date.getMonth() + 1)}-${two(date.getDate())}` +
    `T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}` +
    `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
  );
}
