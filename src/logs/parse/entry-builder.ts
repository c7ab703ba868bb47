/**
 * Split lines → entries, per stream: parses each line, joins continuation lines into the
 * entry they belong to (see `continuation.ts`) and batches the result.
 *
 * Hold-back: only the last open entry of a stream is kept back, and only when more lines
 * could still join it (text, Go `log`, and warn+ console lines; one-line JSON and logfmt
 * never take continuations and go out at once). It is emitted as soon as the next line
 * proves it complete, or `multiline.windowMs` after its last line (injected timer), or at
 * `flush()`. A line that arrives later than the window after the last line never joins,
 * even if the timer has not fired yet (a busy event loop must not change the grouping).
 */
import type {ComponentLogging} from '../../config/model.js';
import type {SplitLine} from '../api.js';
import type {ComponentType, LogEntry} from '../entry.js';
import {levelRank} from '../entry.js';
import type {ParsedLine} from './types.js';
import {attachesBlock, carryOn, isBlank, judge, openAttachedBlock, startGroup, type Group} from './continuation.js';
import {LineEntry} from './line-entry.js';
import {parseLine} from './parse-line.js';
import {toPlain} from './plain.js';
import {parseBlock} from './pretty-block.js';

/** An entry before the hub assigns `seq` and `runId`. */
export type PendingEntry = Omit<LogEntry, 'seq' | 'runId'>;

export interface EntryBuilderOptions {
  componentId: string;
  componentType: ComponentType;
  logging: ComponentLogging;
  /** Current restart count of the component (read when an entry starts). */
  restart: () => number;
  /** Injected timer; returns a cancel function. */
  setTimer: (fn: () => void, ms: number) => () => void;
  /** Called with batches, in order per stream; never with an empty batch. */
  onEntries: (entries: PendingEntry[]) => void;
}

export interface EntryBuilder {
  push(stream: 'stdout' | 'stderr', lines: SplitLine[], receivedAt: number): void;
  /** Emits everything held back (at exit). */
  flush(): void;
}

type OutputStream = 'stdout' | 'stderr';

interface OpenEntry {
  stream: OutputStream;
  head: ParsedLine;
  group: Group;
  raw: string[];
  /** ANSI-free lines of a pretty JSON block, from its opening line on. */
  blockLines: string[] | undefined;
  truncated: boolean;
  receivedAt: number;
  restart: number;
  lastAt: number;
}

interface StreamState {
  open: OpenEntry | undefined;
  /** Blank lines inside a Go dump, joined only if the dump continues. */
  blanks: SplitLine[];
  blanksAt: number;
  cancelTimer: (() => void) | undefined;
}

const WARN_RANK = levelRank('warn');

/** One-line JSON and logfmt never take continuation lines: they skip the grouping work. */
function isSelfContained(head: ParsedLine): boolean {
  switch (head.format) {
    case 'zap-json':
    case 'zerolog-json':
    case 'pino':
    case 'json':
    case 'logfmt':
      return true;
    default:
      return false;
  }
}

/** Whether more lines could join an entry that starts with this head. */
function mayContinue(head: ParsedLine, group: Group, plain: string): boolean {
  if (isBlank(plain)) return false;
  if (group.blockCloser !== undefined || group.goStack || group.tailOpen) return true;
  switch (head.format) {
    case 'text':
    case 'go-log':
      return true;
    case 'zap-console':
    case 'zerolog-console':
      return head.level !== 'unknown' && levelRank(head.level) >= WARN_RANK;
    default:
      return false;
  }
}

export function createEntryBuilder(options: EntryBuilderOptions): EntryBuilder {
  const {logging} = options;
  const windowMs = logging.multiline.windowMs;
  const states: Record<OutputStream, StreamState> = {
    stdout: {open: undefined, blanks: [], blanksAt: 0, cancelTimer: undefined},
    stderr: {open: undefined, blanks: [], blanksAt: 0, cancelTimer: undefined},
  };

  function single(stream: OutputStream, line: SplitLine, receivedAt: number, plain = toPlain(line.text)): PendingEntry {
    const head = parseLine(plain, logging.format);
    return entryOf(stream, head, line.text, line.truncated, receivedAt, options.restart(), true);
  }

  function entryOf(
    stream: OutputStream,
    parsed: ParsedLine,
    raw: string,
    truncated: boolean,
    receivedAt: number,
    restart: number,
    oneLine: boolean,
  ): PendingEntry {
    // Already in the hub's final shape, `seq` and `runId` still undefined (not yet published):
    // the hub fills them in place instead of copying every entry (see `Hub.publish`). One
    // line parsed on its own is marked as such: packing and the history keep only its `raw`.
    const entry = new LineEntry(
      options.componentId,
      options.componentType,
      stream,
      parsed.timestamp ?? receivedAt,
      receivedAt,
      parsed.level,
      parsed.message,
      parsed.fields,
      raw,
      restart,
      truncated,
      oneLine ? logging.format : undefined,
    );
    return entry as PendingEntry;
  }

  function finish(open: OpenEntry): PendingEntry {
    if (open.blockLines === undefined && open.raw.length === 1) {
      return entryOf(open.stream, open.head, open.raw[0] as string, open.truncated, open.receivedAt, open.restart, true);
    }
    const parsed = open.blockLines === undefined
      ? open.head
      : parseBlock(open.head, open.blockLines, open.group.blockAttached);
    return entryOf(open.stream, parsed, open.raw.join('\n'), open.truncated, open.receivedAt, open.restart, false);
  }

  /** Emits the open entry and any tentative blank lines (as entries of their own) into `out`. */
  function close(state: StreamState, out: PendingEntry[]): void {
    if (state.open !== undefined) out.push(finish(state.open));
    const stream = state.open?.stream;
    state.open = undefined;
    if (stream !== undefined) for (const blank of state.blanks) out.push(single(stream, blank, state.blanksAt));
    state.blanks = [];
  }

  function append(open: OpenEntry, line: SplitLine, plain: string, receivedAt: number): void {
    open.raw.push(line.text);
    open.blockLines?.push(plain);
    open.truncated ||= line.truncated;
    open.lastAt = receivedAt;
  }

  function start(
    stream: OutputStream,
    line: SplitLine,
    plain: string,
    receivedAt: number,
    head = parseLine(plain, logging.format),
  ): OpenEntry {
    const group = startGroup(head, plain);
    return {
      stream,
      head,
      group,
      raw: [line.text],
      blockLines: group.blockCloser === undefined ? undefined : [plain],
      truncated: line.truncated,
      receivedAt,
      restart: options.restart(),
      lastAt: receivedAt,
    };
  }

  /** The next part of a group that hit its size limit: same level and mode, its own lines. */
  function continuation(full: OpenEntry, line: SplitLine, plain: string, receivedAt: number): OpenEntry {
    const next = start(full.stream, line, plain, receivedAt);
    next.group = carryOn(full.group, plain);
    if (next.blockLines !== undefined || full.blockLines !== undefined) next.blockLines = [plain];
    if (next.head.level === 'unknown') next.head = {...next.head, level: full.head.level};
    return next;
  }

  /** One line against the open entry of its stream; completed entries go to `out`. */
  function take(state: StreamState, stream: OutputStream, line: SplitLine, receivedAt: number, out: PendingEntry[]): void {
    const plain = toPlain(line.text);
    const open = state.open;
    if (open !== undefined) {
      if (attachesBlock(open.group, open.head, plain)) {
        openAttachedBlock(open.group, plain);
        open.blockLines = [];
        append(open, line, plain, receivedAt);
        return;
      }
      const verdict = judge(open.group, plain);
      if (verdict === 'blank') {
        state.blanks.push(line);
        state.blanksAt = receivedAt;
        return;
      }
      if (verdict === 'join' || verdict === 'close') {
        for (const blank of state.blanks) append(open, blank, '', receivedAt);
        state.blanks = [];
        append(open, line, plain, receivedAt);
        if (verdict === 'close') close(state, out);
        return;
      }
      close(state, out);
      if (verdict === 'full') {
        state.open = continuation(open, line, plain, receivedAt);
        return;
      }
    }
    const head = parseLine(plain, logging.format);
    if (isSelfContained(head)) {
      out.push(entryOf(stream, head, line.text, line.truncated, receivedAt, options.restart(), true));
      return;
    }
    const next = start(stream, line, plain, receivedAt, head);
    if (mayContinue(next.head, next.group, plain)) state.open = next;
    else out.push(finish(next));
  }

  function arm(state: StreamState): void {
    state.cancelTimer?.();
    state.cancelTimer = undefined;
    if (state.open === undefined && state.blanks.length === 0) return;
    state.cancelTimer = options.setTimer(() => {
      state.cancelTimer = undefined;
      const out: PendingEntry[] = [];
      close(state, out);
      if (out.length > 0) options.onEntries(out);
    }, windowMs);
  }

  return {
    push(stream, lines, receivedAt) {
      if (lines.length === 0) return;
      const out: PendingEntry[] = [];
      if (!logging.multiline.enabled) {
        for (const line of lines) out.push(single(stream, line, receivedAt));
        options.onEntries(out);
        return;
      }
      const state = states[stream];
      // The timer may be late; the window is measured on receive times, not on its firing.
      if (state.open !== undefined && receivedAt - state.open.lastAt > windowMs) close(state, out);
      for (const line of lines) take(state, stream, line, receivedAt, out);
      arm(state);
      if (out.length > 0) options.onEntries(out);
    },
    flush() {
      for (const state of [states.stdout, states.stderr]) {
        state.cancelTimer?.();
        state.cancelTimer = undefined;
        const out: PendingEntry[] = [];
        close(state, out);
        if (out.length > 0) options.onEntries(out);
      }
    },
  };
}
