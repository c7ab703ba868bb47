/**
 * Which lines continue the entry before them. An open entry is a `Group` whose flags say
 * what it still accepts; `judge` looks at one more ANSI-free line. Rules, in order:
 *
 * 1. Inside a pretty-printed JSON block (opened by a line that is exactly `{` or `[`):
 *    indented lines join; the matching closer at column 0 joins and completes the block;
 *    anything else ends it.
 * 2. An indented line joins when it is a stack frame (`    at …`, Node/Java), when an open
 *    `{`/`[` tail is pending (Node's `{ code, details, metadata }` after a stack), inside a
 *    Go stack, or when the head is warn/error/fatal, ends with `:` (a header such as
 *    `Configuration:`), or already has indented continuation lines.
 * 3. A column-0 `}`/`]` closes a pending tail and completes the entry.
 * 4. Inside a Go stack (zap console stacktrace after a warn+ line, `panic:`/`fatal error:`
 *    dumps): `goroutine N [state]:`, `[signal …]`, `created by …`, elision notes, and a
 *    function line (`pkg.(*T).Method(…)`, `main.main`) right after a tab-indented file line
 *    join; blank lines are held tentatively (they join only if the dump goes on).
 * 5. A line that is exactly `{`/`[` right after a single text or Go `log` line whose
 *    message ends with `:` (`Received TTP event:`) opens a block attached to that header. This is the only
 *    attachment rule: it keys on the colon so a block after an ordinary line stays separate.
 *
 * A group stops growing at MAX_GROUP_LINES lines or MAX_GROUP_CHARS characters; the next
 * line then starts a new entry (nothing is dropped).
 */
import {levelRank, type Level} from '../entry.js';
import type {ParsedLine} from './types.js';

export const MAX_GROUP_LINES = 2000;
export const MAX_GROUP_CHARS = 1 << 20;

export interface Group {
  lines: number;
  chars: number;
  /** Inside a pretty JSON block: the closer expected at column 0. */
  blockCloser: '}' | ']' | undefined;
  /** The block hangs off a header line rather than standing alone. */
  blockAttached: boolean;
  /** A joined line ended with `{`/`[`; a column-0 closer completes the entry. */
  tailOpen: boolean;
  goStack: boolean;
  /** In a Go stack, a function line may come next (after a file line or a goroutine header). */
  frameAllowed: boolean;
  takesIndented: boolean;
  /** Some indented line has joined (so more may). */
  indentedSeen: boolean;
}

/**
 * `join`: append; `close`: append and the entry is complete; `blank`: hold tentatively;
 * `no`: the line starts a new entry; `full`: it would join, but the group is at its size
 * limit, so it starts a new entry that carries on the group (see `carryOn`).
 */
export type Verdict = 'join' | 'close' | 'blank' | 'no' | 'full';

const WARN_RANK = levelRank('warn');

function isIndent(code: number): boolean {
  return code === 32 || code === 9;
}

/** Empty or only spaces/tabs (the trim runs only for lines that start with one). */
export function isBlank(plain: string): boolean {
  return plain.length === 0 || (isIndent(plain.charCodeAt(0)) && plain.trim().length === 0);
}

function endsWithOpener(plain: string): boolean {
  const trimmed = plain.trimEnd();
  const last = trimmed.charCodeAt(trimmed.length - 1);
  return last === 123 || last === 91;
}

function isGoroutineHeader(plain: string): boolean {
  return plain.startsWith('goroutine ') && plain.endsWith(':');
}

/** The line that opens a standalone pretty JSON block, or undefined. */
export function blockOpener(plain: string): '}' | ']' | undefined {
  const trimmed = plain.length > 1 ? plain.trimEnd() : plain;
  return trimmed === '{' ? '}' : trimmed === '[' ? ']' : undefined;
}

/** Starts the group of an entry whose first line is `plain`, parsed as `head`. */
export function startGroup(head: ParsedLine, plain: string): Group {
  const closer = blockOpener(plain);
  const goStack = plain.startsWith('panic: ') || plain.startsWith('fatal error: ') || isGoroutineHeader(plain) ||
    (head.format === 'zap-console' && levelRank(head.level) >= WARN_RANK);
  return {
    lines: 1,
    chars: plain.length,
    blockCloser: closer,
    blockAttached: false,
    tailOpen: closer === undefined && endsWithOpener(plain),
    goStack,
    frameAllowed: goStack,
    takesIndented: isSevere(head.level) || plain.trimEnd().endsWith(':'),
    indentedSeen: false,
  };
}

function isSevere(level: Level): boolean {
  return level !== 'unknown' && levelRank(level) >= WARN_RANK;
}

/**
 * Whether a function line of a Go stack: no spaces before the argument list, and either
 * an argument list at the end (`main.main()`, `panic({0x1?, 0x2?})`) or a dotted name
 * with no spaces at all (zap's `github.com/x/y.(*T).Method`). Checked only where a frame
 * may come, so a stray `config.yaml` is the worst false positive.
 */
export function isGoFunctionLine(plain: string): boolean {
  const first = plain.charCodeAt(0);
  const identStart = (first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 95;
  if (!identStart) return false;
  const paren = plain.indexOf('(');
  const space = plain.indexOf(' ');
  if (plain.endsWith(')') && paren > 0 && (space < 0 || space > paren)) return true;
  const last = plain.charCodeAt(plain.length - 1);
  return space < 0 && plain.includes('.') && last !== 46 /* . */ && last !== 58 /* : */;
}

/** Judges one more line for the open group, updating the group when it joins. */
export function judge(group: Group, plain: string): Verdict {
  const verdict = verdictFor(group, plain);
  if (verdict !== 'join' && verdict !== 'close') return verdict;
  if (group.lines >= MAX_GROUP_LINES || group.chars >= MAX_GROUP_CHARS) return 'full';
  accept(group, plain);
  return verdict;
}

/**
 * The group of an entry that continues a full one, so a 5 000-line goroutine dump becomes
 * three entries rather than one plus thousands of single lines.
 */
export function carryOn(full: Group, plain: string): Group {
  const group: Group = {...full, lines: 1, chars: plain.length, indentedSeen: true};
  if (group.blockCloser !== undefined) return group;
  accept(group, plain);
  group.lines = 1;
  group.chars = plain.length;
  return group;
}

/** A block opener right after a header line attaches to it (rule 5). */
export function attachesBlock(group: Group, head: ParsedLine, plain: string): boolean {
  return group.lines === 1 && group.blockCloser === undefined && !group.tailOpen &&
    (head.format === 'text' || head.format === 'go-log') &&
    blockOpener(plain) !== undefined && head.message.trimEnd().endsWith(':');
}

function verdictFor(group: Group, plain: string): Verdict {
  const first = plain.charCodeAt(0);
  if (group.blockCloser !== undefined) {
    if (plain.trimEnd() === group.blockCloser) return 'close';
    return isIndent(first) && !isBlank(plain) ? 'join' : 'no';
  }
  if (isBlank(plain)) return group.goStack ? 'blank' : 'no';
  if (isIndent(first)) {
    if (plain.trimStart().startsWith('at ')) return 'join';
    return group.tailOpen || group.goStack || group.takesIndented || group.indentedSeen ? 'join' : 'no';
  }
  if (group.tailOpen && (first === 125 /* } */ || first === 93 /* ] */)) return 'close';
  if (group.indentedSeen && plain.startsWith('Caused by: ')) return 'join';
  if (group.goStack) {
    if (isGoroutineHeader(plain) || plain.startsWith('[signal ') || plain.startsWith('created by ') ||
      plain.startsWith('...additional frames elided...')) {
      return 'join';
    }
    if (group.frameAllowed && isGoFunctionLine(plain)) return 'join';
  }
  return 'no';
}

function accept(group: Group, plain: string): void {
  group.lines += 1;
  group.chars += plain.length + 1;
  if (group.blockCloser !== undefined) return;
  const first = plain.charCodeAt(0);
  const indented = isIndent(first);
  if (indented) group.indentedSeen = true;
  if (isGoroutineHeader(plain)) group.goStack = true;
  // Go stacks alternate function line / tab-indented file line.
  group.frameAllowed = first === 9 || isGoroutineHeader(plain);
  if (!indented && (first === 125 || first === 93)) group.tailOpen = false;
  else if (endsWithOpener(plain)) group.tailOpen = true;
}

/** Opens a block attached to the header the group started with (rule 5). */
export function openAttachedBlock(group: Group, plain: string): void {
  group.blockCloser = blockOpener(plain);
  group.blockAttached = true;
  group.lines += 1;
  group.chars += plain.length + 1;
}
