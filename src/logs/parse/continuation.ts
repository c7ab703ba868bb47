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
 * 6. After a warn/error/fatal head (logback/log4j `log.error("…", e)`, Python
 *    `logger.exception(…)`), the first column-0 throwable line (`java.lang.IllegalStateException: …`,
 *    `a.B$InnerError`) or `Traceback (most recent call last):` joins; its frames then join by
 *    rule 2 and `Caused by:` by its own rule. Not after info/debug/unknown heads: those are the
 *    bulk of output (printf lines included), so a stack after one is as likely another thread's
 *    `printStackTrace()`; joined, the exception would hide behind an unrelated message, while
 *    apart it still heads its own entry with its frames.
 * 7. Inside a Python traceback (one that joined, or one that heads its entry): the column-0
 *    exception line after the frames (`ValueError: bad`, `pkg.errors.UniqueViolation`) joins,
 *    and so do a chained traceback's `During handling of …`/`The above exception …` line and
 *    its `Traceback` line, with the blank lines between them held tentatively (as in rule 4).
 *
 * Column-0 lines join only by these shapes, none of which a levelled or structured line has
 * (a time or level prefix, `{`, `key=value`): the next real log line always starts an entry.
 *
 * A group stops growing at MAX_GROUP_LINES lines or MAX_GROUP_CHARS characters; the next
 * line then starts a new entry (nothing is dropped).
 */
import {levelRank, type Level} from '../entry.js';
import {unreachable} from '../../util/unreachable.js';
import {leadingLevel} from './level-tokens.js';
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
  /** A severe head with no exception yet: a column-0 throwable or `Traceback` line may join (rule 6). */
  throwableAllowed: boolean;
  pyTraceback: PyTraceback;
}

/**
 * Where a Python traceback stands: `frames` after its `Traceback …:` line (the exception line
 * ends it), `ended` after the exception line (a chain phrase may follow), `chained` after
 * that phrase (the next traceback's `Traceback …:` line may follow).
 */
export type PyTraceback = 'none' | 'frames' | 'ended' | 'chained';

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

const PY_TRACEBACK_HEADER = 'Traceback (most recent call last):';
const PY_CHAIN_PHRASES: readonly string[] = [
  'During handling of the above exception, another exception occurred:',
  'The above exception was the direct cause of the following exception:',
];
/** A JVM throwable line as logback/log4j/printStackTrace print it: a qualified class name ending in Exception/Error/Throwable. */
const THROWABLE_LINE = /^(?:[A-Za-z_$][\w$]*\.)+[A-Z][\w$]*(?<=Exception|Error|Throwable)(?::.*)?$/;
/** A Python exception line: an optionally qualified CamelCase name (so not `ERROR`/`INFO`), then `: message` or nothing. */
const PY_EXCEPTION_LINE = /^(?:[A-Za-z_]\w*\.)*[A-Z]\w*[a-z]\w*(?::.*)?$/;

function isLetterOrUnderscore(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

/** A line rule 6 lets join a severe head. */
export function isExceptionStart(plain: string): boolean {
  return plain === PY_TRACEBACK_HEADER || THROWABLE_LINE.test(plain);
}

/** The exception line ending a Python traceback, unless it reads as a levelled line (`Error: …`, `Warning: …`). */
export function isPyExceptionLine(plain: string): boolean {
  return isLetterOrUnderscore(plain.charCodeAt(0)) && PY_EXCEPTION_LINE.test(plain) && leadingLevel(plain) === undefined;
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
    throwableAllowed: isSevere(head.level),
    pyTraceback: plain === PY_TRACEBACK_HEADER ? 'frames' : 'none',
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
  if (!isLetterOrUnderscore(plain.charCodeAt(0))) return false;
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
  if (isBlank(plain)) return group.goStack || group.pyTraceback === 'ended' || group.pyTraceback === 'chained' ? 'blank' : 'no';
  if (isIndent(first)) {
    if (plain.trimStart().startsWith('at ')) return 'join';
    return group.tailOpen || group.goStack || group.takesIndented || group.indentedSeen ? 'join' : 'no';
  }
  if (group.tailOpen && (first === 125 /* } */ || first === 93 /* ] */)) return 'close';
  if (group.indentedSeen && plain.startsWith('Caused by: ')) return 'join';
  if (group.throwableAllowed && isLetterOrUnderscore(first) && isExceptionStart(plain)) return 'join';
  if (pyTracebackTakes(group.pyTraceback, plain)) return 'join';
  if (group.goStack) {
    if (isGoroutineHeader(plain) || plain.startsWith('[signal ') || plain.startsWith('created by ') ||
      plain.startsWith('...additional frames elided...')) {
      return 'join';
    }
    if (group.frameAllowed && isGoFunctionLine(plain)) return 'join';
  }
  return 'no';
}

/** Whether a column-0 line continues a Python traceback (rule 7). */
function pyTracebackTakes(state: PyTraceback, plain: string): boolean {
  switch (state) {
    case 'none':
      return false;
    case 'frames':
      return isPyExceptionLine(plain);
    case 'ended':
      return PY_CHAIN_PHRASES.includes(plain);
    case 'chained':
      return plain === PY_TRACEBACK_HEADER;
    default:
      return unreachable(state);
  }
}

/** The traceback state after a column-0 line joined. */
function nextPyTraceback(state: PyTraceback, plain: string): PyTraceback {
  if (plain === PY_TRACEBACK_HEADER) return 'frames';
  switch (state) {
    case 'none':
      return 'none';
    case 'frames':
      return 'ended';
    case 'ended':
      return 'chained';
    case 'chained':
      return 'chained';
    default:
      return unreachable(state);
  }
}

function accept(group: Group, plain: string): void {
  group.lines += 1;
  group.chars += plain.length + 1;
  if (group.blockCloser !== undefined) return;
  const first = plain.charCodeAt(0);
  const indented = isIndent(first);
  if (indented) group.indentedSeen = true;
  else {
    // Any column-0 line that joined a severe head is its exception (or a `Caused by:`): one per entry.
    group.throwableAllowed = false;
    group.pyTraceback = nextPyTraceback(group.pyTraceback, plain);
  }
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
