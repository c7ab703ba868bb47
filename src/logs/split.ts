/**
 * Byte-level line splitter for child process output.
 *
 * Why not split2 (measured, see research tech.md §3): split2 destroys the stream with
 * "maximum buffer reached" on an over-long line, or with `skipOverflow` drops the line
 * silently; it checks `maxLength` only against the leftover fragment, so memory is not
 * really bounded; it keeps lone `\r` (progress bars) inside the line; it re-splits the
 * accumulated fragment on every chunk (O(n²) for long lines) and holds a partial line until
 * end of stream. Here the caller decides when a partial line is due (`flush`), over-long lines
 * are cut and marked, and complete lines are decoded straight from the chunk.
 *
 * Rules:
 * - Lines end at LF (0x0A). Scanning bytes is UTF-8 safe: 0x0A never occurs inside a
 *   multi-byte sequence, so each line slice decodes on its own (invalid bytes → U+FFFD).
 * - One CR before the LF is removed (CRLF). Other CRs act as a terminal would: text after a
 *   CR overwrites the line from column 0 (`abcdef\rXY` → `XYcdef`, `10%\r50%\r100%` → `100%`),
 *   escape sequences taking no column (terminal-line.ts).
 * - A line whose content (without CRLF) exceeds `maxLineBytes` is cut at a UTF-8 boundary
 *   at or below the limit, emitted with `truncated: true` as soon as it is known to be too
 *   long, and the rest of it is discarded up to the next LF. Memory held is at most
 *   `maxLineBytes + 1` bytes whatever the line length.
 * - A partial line ended by `flush` (idle time, end of stream) is complete: an LF or CRLF
 *   arriving right after it ends nothing (a prompt, then the newline the user typed).
 * - The output never depends on how the bytes were chunked (property-tested).
 */
import type {SplitLine} from './api.js';
import {overwriteCarriageReturns} from './terminal-line.js';

/**
 * Appended where a truncated line is shown (console, `logs/<id>.log`, text export): the entry
 * keeps the cut text in `raw` with `truncated: true`; the mark says so to a reader, and which
 * setting to raise.
 */
export const TRUNCATED_MARK = ' … [truncated: line longer than logging.max_line_bytes]';

const LF = 0x0a;
const CR = 0x0d;
/** Above this, the carry-over buffer is released after use instead of kept for the next line. */
const KEEP_PENDING_CAPACITY = 64 * 1024;

export interface LineSplitterOptions {
  /** Longest line content kept, in bytes; longer lines are truncated and marked. */
  maxLineBytes: number;
  /** Receives the complete lines of one `push` (one call per push at most) or of `flush`. */
  onLines: (lines: SplitLine[]) => void;
}

/** Splits a byte stream into lines; one instance per stream (stdout and stderr apart). */
export class LineSplitter {
  readonly #max: number;
  readonly #onLines: (lines: SplitLine[]) => void;
  /** Bytes of the current unfinished line that arrived in earlier chunks (≤ max + 1). */
  #pending: Buffer = Buffer.alloc(0);
  #pendingLen = 0;
  /** The current line was already emitted truncated; skip bytes until the next LF. */
  #discarding = false;
  /**
   * After `flush` emitted a line: `start` until the next bytes say whether they begin with
   * the newline that ends it; `cr` while a lone CR that may begin a CRLF is held.
   */
  #afterFlush: 'no' | 'start' | 'cr' = 'no';

  constructor(options: LineSplitterOptions) {
    if (!Number.isSafeInteger(options.maxLineBytes) || options.maxLineBytes < 1) {
      throw new RangeError(`maxLineBytes must be a positive integer, got ${options.maxLineBytes}`);
    }
    this.#max = options.maxLineBytes;
    this.#onLines = options.onLines;
  }

  /** Bytes of an unfinished line currently held (what `flush` would emit). */
  get pendingBytes(): number {
    return this.#pendingLen;
  }

  /** Feeds one chunk; calls `onLines` once with every line the chunk completed, if any. */
  push(chunk: Buffer): void {
    if (this.#afterFlush !== 'no' && chunk.length > 0) chunk = this.#skipNewlineAfterFlush(chunk);
    const lines: SplitLine[] = [];
    const len = chunk.length;
    let pos = 0;
    if (this.#discarding || this.#pendingLen > 0) {
      const lf = chunk.indexOf(LF);
      if (this.#discarding) {
        if (lf === -1) return;
        this.#discarding = false;
      } else if (this.#carryOver(chunk, lf === -1 ? len : lf, lines)) {
        // The carried line overflowed and was emitted truncated: discard the rest of it.
        if (lf === -1) this.#discarding = true;
      } else if (lf !== -1) {
        lines.push(this.#pendingLine());
        this.#resetPending();
      }
      if (lf === -1) {
        this.#deliver(lines);
        return;
      }
      pos = lf + 1;
    }

    // Hot path: lines entirely inside this chunk, decoded straight from it. `cr` is the first
    // CR at or after `pos` (or -1): one extra native scan per chunk tells which lines hold CRs.
    let cr = pos < len ? chunk.indexOf(CR, pos) : -1;
    while (pos < len) {
      const lf = chunk.indexOf(LF, pos);
      if (lf === -1) break;
      lines.push(this.#line(chunk, pos, lf, cr !== -1 && cr < lf));
      pos = lf + 1;
      if (cr !== -1 && cr < pos) cr = chunk.indexOf(CR, pos);
    }

    if (pos < len) {
      if (len - pos > this.#max + 1) {
        // Longer than any line we keep, and no LF yet: emit the cut now, skip the rest.
        lines.push(this.#truncated(chunk, pos));
        this.#discarding = true;
      } else {
        this.#append(chunk, pos, len);
      }
    }
    this.#deliver(lines);
  }

  /**
   * Ends the current line as if an LF had arrived: emits the held partial line, if any.
   * The caller calls this at end of stream and after an idle time; bytes pushed afterwards
   * start a new line. If an over-long line was being skipped, skipping stops here.
   */
  flush(): void {
    this.#discarding = false;
    if (this.#afterFlush === 'cr') {
      // Only a lone CR after the flushed line: the cursor went back to column 0, no content.
      this.#resetPending();
      this.#afterFlush = 'start';
    }
    if (this.#pendingLen === 0) return;
    const line = this.#pendingLine();
    this.#resetPending();
    this.#afterFlush = 'start';
    this.#onLines([line]);
  }

  /**
   * A line flushed on idle is complete (a prompt, `Password: `): the LF or CRLF the program
   * prints right after it ends that line, it does not add an empty one (regression
   * idle-flush-blank-line: `printf "Password: "; sleep 3; echo; echo done` gave three lines).
   * Only the bytes right after the flush count, so the lines never depend on chunking.
   */
  #skipNewlineAfterFlush(chunk: Buffer): Buffer {
    const state = this.#afterFlush;
    this.#afterFlush = 'no';
    if (state === 'cr') {
      if (chunk[0] !== LF) return chunk;
      this.#resetPending();
      return chunk.subarray(1);
    }
    if (chunk[0] === LF) return chunk.subarray(1);
    if (chunk[0] !== CR) return chunk;
    if (chunk.length > 1) return chunk[1] === LF ? chunk.subarray(2) : chunk;
    // A lone CR: held as the start of the next line until the next byte tells.
    this.#append(chunk, 0, 1);
    this.#afterFlush = 'cr';
    return chunk.subarray(1);
  }

  /** The held line, ended (rare path: only lines that span chunks). */
  #pendingLine(): SplitLine {
    const hasCr = this.#pending.subarray(0, this.#pendingLen).includes(CR);
    return this.#line(this.#pending, 0, this.#pendingLen, hasCr);
  }

  #deliver(lines: SplitLine[]): void {
    if (lines.length > 0) this.#onLines(lines);
  }

  /**
   * Adds `chunk[0, end)` to the held line. Returns true when that made the line too long
   * (it was then emitted truncated into `lines` and the held bytes released).
   */
  #carryOver(chunk: Buffer, end: number, lines: SplitLine[]): boolean {
    const room = this.#max + 1 - this.#pendingLen;
    if (end <= room) {
      this.#append(chunk, 0, end);
      return false;
    }
    // More than max + 1 bytes before any LF: too long whatever comes next.
    this.#append(chunk, 0, room);
    lines.push(this.#truncated(this.#pending, 0));
    this.#resetPending();
    return true;
  }

  /** One line from `buf[start, end)` (end excludes the LF); `hasCr` says whether a CR is inside. */
  #line(buf: Buffer, start: number, end: number, hasCr: boolean): SplitLine {
    let contentEnd = end;
    if (hasCr && contentEnd > start && buf[contentEnd - 1] === CR) contentEnd--;
    if (contentEnd - start > this.#max) return this.#truncated(buf, start);
    let text = buf.toString('utf8', start, contentEnd);
    if (hasCr && text.includes('\r')) text = overwriteCarriageReturns(text);
    return {text, truncated: false};
  }

  /** The first `max` bytes of the line at `start`, cut back to a UTF-8 character boundary. */
  #truncated(buf: Buffer, start: number): SplitLine {
    const cut = utf8BoundaryAtOrBefore(buf, start, start + this.#max);
    let text = buf.toString('utf8', start, cut);
    if (text.includes('\r')) text = overwriteCarriageReturns(text);
    return {text, truncated: true};
  }

  /** Copies `chunk[from, to)` into the carry-over buffer (callers keep the total ≤ max + 1). */
  #append(chunk: Buffer, from: number, to: number): void {
    const needed = this.#pendingLen + (to - from);
    if (needed > this.#pending.length) {
      const capacity = Math.min(this.#max + 1, Math.max(needed, this.#pending.length * 2, 256));
      const grown = Buffer.allocUnsafe(capacity);
      this.#pending.copy(grown, 0, 0, this.#pendingLen);
      this.#pending = grown;
    }
    chunk.copy(this.#pending, this.#pendingLen, from, to);
    this.#pendingLen = needed;
  }

  #resetPending(): void {
    this.#pendingLen = 0;
    if (this.#pending.length > KEEP_PENDING_CAPACITY) this.#pending = Buffer.alloc(0);
  }
}

/**
 * Largest cut position ≤ `cut` that does not split a UTF-8 character, never below `start`.
 * `buf[cut]` must exist. Continuation bytes are `10xxxxxx`; a character has at most three of
 * them, so if none of `buf[cut-3 … cut]` starts a character the bytes are invalid anyway and
 * `cut` stays.
 */
function utf8BoundaryAtOrBefore(buf: Buffer, start: number, cut: number): number {
  for (let at = cut; at >= start && at >= cut - 3; at--) {
    if ((buf[at]! & 0xc0) !== 0x80) return at;
  }
  return cut;
}
