/**
 * `logs/<id>.log`: every line a component printed, one line per printed line, no prefix,
 * so `wc -l`, `grep` and `tail -f` work on it. Files must never lose data, so instead of
 * buffering without bound the writer reports backpressure (`write` returns false) and the
 * caller pauses the child's pipes until `onDrain` — the child then blocks on write, as it
 * would on a slow terminal.
 *
 * Lines are written without ANSI escapes by default (grep-friendly; tech.md §3.4); the
 * colours are still in the store's `raw` column. `keepAnsi` writes them as printed.
 */
import {closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, write as writeFd} from 'node:fs';
import type {Stats} from 'node:fs';
import {join} from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import {err, ok, type Result} from '../util/result.js';
import {TRUNCATED_MARK} from './split.js';
import {recordFileStart} from './file-runs.js';

export interface LogRotation {
  /** Rotate the current file once it would grow past this many bytes. */
  maxBytes: number;
  /** Old files kept (`<id>.log.1` … `<id>.log.<maxFiles>`); 0 keeps none. */
  maxFiles: number;
}

export interface ComponentLogOptions {
  /** Buffered characters past which `write` returns false (default 1 MiB). */
  highWaterMark?: number;
  /** Write ANSI escapes as printed instead of stripping them. */
  keepAnsi?: boolean;
}

export interface ComponentLog {
  readonly path: string;
  /**
   * Queues `text` (one or more lines; a final newline is added when missing). False means
   * the buffer is past its high-water mark: pause the producer until `onDrain` fires.
   */
  write(text: string): boolean;
  /** `write` of a batch of lines (each without its newline) as one chunk. */
  writeLines(lines: readonly string[]): boolean;
  /** Called whenever the buffer falls back below the high-water mark after a `false`. Returns an unsubscribe. */
  onDrain(listener: () => void): () => void;
  /** Called once if the disk refuses a write; later lines are counted in `lostLines`, never blocked on. */
  onError(listener: (message: string) => void): () => void;
  /** Lines that could not be written because of a write error. */
  readonly lostLines: number;
  /** Writes everything queued, then closes the file. */
  close(): Promise<void>;
}

const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;

/**
 * An entry's text as its file holds it (without the newline): the lines as printed, and a
 * visible mark after a line cut at `logging.max_line_bytes` (the file would otherwise end
 * it at exactly 1 048 576 bytes without a word).
 */
export function fileLineOf(entry: {raw: string; truncated: boolean}): string {
  return entry.truncated ? entry.raw + TRUNCATED_MARK : entry.raw;
}

/** Opens `<dir>/<id>.log` for a new run, keeping the previous run's file as `<id>.log.1`. */
export function openComponentLog(
  dir: string,
  id: string,
  rotation: LogRotation,
  options: ComponentLogOptions = {},
): Result<ComponentLog, string> {
  if (id === '' || id === '.' || id === '..' || /[/\\\0]/.test(id)) {
    return err(`cannot use component id ${JSON.stringify(id)} as a log file name: it must not contain / or \\`);
  }
  const path = join(dir, `${id}.log`);
  try {
    mkdirSync(dir, {recursive: true});
  } catch (error) {
    return err(`cannot create log folder ${dir}: ${describe(error)}`);
  }
  try {
    const previous = statOrUndefined(path);
    if (previous?.isDirectory()) return err(`cannot write ${path}: it is a directory; remove it or choose another --log-dir`);
    // An empty file from the previous run holds nothing worth keeping.
    if (previous !== undefined && previous.size > 0) rotate(path, rotation.maxFiles);
    const fd = openSync(path, 'w');
    recordFileStart(path, 'run');
    return ok(new FileLog(path, fd, rotation, options));
  } catch (error) {
    return err(`cannot write ${path}: ${describe(error)}`);
  }
}

class FileLog implements ComponentLog {
  #fd: number;
  #size = 0;
  #pending: string[] = [];
  /** Characters queued or in flight: what the high-water mark bounds. */
  #buffered = 0;
  #needDrain = false;
  #writing: Promise<void> | undefined;
  #failed = false;
  #lostLines = 0;
  #closing: Promise<void> | undefined;
  readonly #drainListeners = new Set<() => void>();
  readonly #errorListeners = new Set<(message: string) => void>();
  readonly #highWaterMark: number;

  constructor(
    readonly path: string,
    fd: number,
    private readonly rotation: LogRotation,
    private readonly options: ComponentLogOptions,
  ) {
    this.#fd = fd;
    this.#highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  }

  get lostLines(): number {
    return this.#lostLines;
  }

  write(text: string): boolean {
    if (this.#closing !== undefined) throw new Error(`Internal error: write to ${this.path} after close`);
    let chunk = text.endsWith('\n') ? text : `${text}\n`;
    if (this.options.keepAnsi !== true && chunk.includes('\u001b')) chunk = stripVTControlCharacters(chunk);
    if (this.#failed) {
      this.#lostLines += countLines(chunk);
      return true;
    }
    this.#pending.push(chunk);
    this.#buffered += chunk.length;
    this.#writing ??= this.#drain();
    if (this.#buffered < this.#highWaterMark) return true;
    this.#needDrain = true;
    return false;
  }

  writeLines(lines: readonly string[]): boolean {
    return lines.length === 0 ? this.#buffered < this.#highWaterMark : this.write(`${lines.join('\n')}\n`);
  }

  onDrain(listener: () => void): () => void {
    this.#drainListeners.add(listener);
    return () => this.#drainListeners.delete(listener);
  }

  onError(listener: (message: string) => void): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      while (this.#writing !== undefined) await this.#writing;
      if (this.#fd >= 0) closeSync(this.#fd);
    })();
    return this.#closing;
  }

  /**
   * One write per batch of queued text; rotation happens between writes, so lines are never
   * split, and a batch stops at the first line that reaches `maxBytes`: a file ends at most
   * one line past it. (Whole chunks, as the supervisor hands them over, put up to 64 KiB in
   * each file whatever `max_size` said: 10 KiB gave files of 28–65 KB.)
   */
  async #drain(): Promise<void> {
    while (this.#pending.length > 0 && !this.#failed) {
      let batch: {text: string; data: Buffer} = {text: '', data: Buffer.alloc(0)};
      try {
        if (this.#size > 0 && this.#size >= this.rotation.maxBytes) this.#rotateNow();
        batch = this.#takeBatch();
        await writeAll(this.#fd, batch.data);
        this.#size += batch.data.length;
      } catch (error) {
        this.#fail(error, batch.text);
      }
      this.#buffered -= batch.text.length;
      if (this.#needDrain && this.#buffered < this.#highWaterMark) {
        this.#needDrain = false;
        for (const listener of [...this.#drainListeners]) listener();
      }
    }
    this.#writing = undefined;
  }

  /**
   * Queued text up to the room left in the current file, ending at a line end: whole chunks
   * while they fit, then the lines of the next chunk up to the one that reaches the limit
   * (the rest of that chunk stays queued). At least one line.
   */
  #takeBatch(): {text: string; data: Buffer} {
    const room = this.rotation.maxBytes - this.#size;
    const pending = this.#pending;
    let text = '';
    let bytes = 0;
    let taken = 0;
    while (taken < pending.length && (bytes < room || taken === 0)) {
      const chunk = pending[taken] as string;
      const size = Buffer.byteLength(chunk);
      if (bytes + size > room) {
        // The line that crosses the limit is the last one in this file (chunks end with LF).
        const data = Buffer.from(chunk);
        const end = data.indexOf(0x0a, Math.max(0, room - bytes - 1)) + 1;
        if (end > 0 && end < data.length) {
          const rest = data.toString('utf8', end);
          text += chunk.slice(0, chunk.length - rest.length);
          pending[taken] = rest;
          break;
        }
      }
      text += chunk;
      bytes += size;
      taken += 1;
    }
    this.#pending = taken === 0 ? pending : pending.slice(taken);
    return {text, data: Buffer.from(text)};
  }

  // Synchronous on purpose: it happens once per maxBytes and the write loop waits for it anyway.
  #rotateNow(): void {
    const fd = this.#fd;
    this.#fd = -1;
    closeSync(fd);
    rotate(this.path, this.rotation.maxFiles);
    this.#fd = openSync(this.path, 'w');
    recordFileStart(this.path, 'more');
    this.#size = 0;
  }

  #fail(error: unknown, unwritten: string): void {
    this.#failed = true;
    this.#lostLines += countLines(unwritten) + this.#pending.reduce((sum, chunk) => sum + countLines(chunk), 0);
    this.#buffered -= this.#pending.reduce((sum, chunk) => sum + chunk.length, 0);
    this.#pending = [];
    // The producer must not stay paused on a file that will never drain.
    this.#needDrain = true;
    const message = `cannot write ${this.path}: ${describe(error)}; later lines of this component are not saved to its file`;
    for (const listener of [...this.#errorListeners]) listener(message);
  }
}

/** `<id>.log` → `.1` → `.2` …, dropping what falls past `maxFiles`. */
function rotate(path: string, maxFiles: number): void {
  if (maxFiles <= 0) {
    if (existsSync(path)) unlinkSync(path);
    return;
  }
  const oldest = `${path}.${maxFiles}`;
  if (existsSync(oldest)) unlinkSync(oldest);
  for (let i = maxFiles - 1; i >= 1; i--) {
    if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
  }
  if (existsSync(path)) renameSync(path, `${path}.1`);
}

function writeAll(fd: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      writeFd(fd, data, offset, data.length - offset, null, (error, written) => {
        if (error) reject(error);
        else if (offset + written < data.length) step(offset + written);
        else resolve();
      });
    };
    step(0);
  });
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
