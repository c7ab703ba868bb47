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
  /** `write` of a batch of lines, each without its newline. */
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
    return ok(new FileLog(path, fd, rotation, options));
  } catch (error) {
    return err(`cannot write ${path}: ${describe(error)}`);
  }
}

class FileLog implements ComponentLog {
  #fd: number;
  #size = 0;
  /** Queued groups of lines, each line to be written followed by a newline. */
  #pending: Queued[] = [];
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
    return this.writeLines([text.endsWith('\n') ? text.slice(0, -1) : text]);
  }

  /**
   * Lines stay separate strings until they are encoded into the write's buffer: joined, a
   * batch was one more copy of every line, plus a large string per write (see `encodeAll`).
   */
  writeLines(lines: readonly string[]): boolean {
    if (this.#closing !== undefined) throw new Error(`Internal error: write to ${this.path} after close`);
    if (lines.length === 0) return this.#buffered < this.#highWaterMark;
    let kept = lines;
    if (this.options.keepAnsi !== true && lines.some((line) => line.includes('\u001b'))) {
      kept = lines.map((line) => (line.includes('\u001b') ? stripVTControlCharacters(line) : line));
    }
    if (this.#failed) {
      this.#lostLines += countLines(kept);
      return true;
    }
    let chars = 0;
    for (const line of kept) chars += line.length + 1;
    this.#pending.push({lines: kept, chars});
    this.#buffered += chars;
    this.#writing ??= this.#drain();
    if (this.#buffered < this.#highWaterMark) return true;
    this.#needDrain = true;
    return false;
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

  /** One write per batch of queued chunks; rotation happens between writes so lines are never split. */
  async #drain(): Promise<void> {
    while (this.#pending.length > 0 && !this.#failed) {
      const batch = this.#takeBatch();
      const data = encodeAll(batch);
      try {
        if (this.#size > 0 && this.#size + data.length > this.rotation.maxBytes) this.#rotateNow();
        await writeAll(this.#fd, data);
        this.#size += data.length;
      } catch (error) {
        this.#fail(error, batch);
      }
      for (const queued of batch) this.#buffered -= queued.chars;
      if (this.#needDrain && this.#buffered < this.#highWaterMark) {
        this.#needDrain = false;
        for (const listener of [...this.#drainListeners]) listener();
      }
    }
    this.#writing = undefined;
  }

  /** Queued chunks that fit in the current file (at least one). */
  #takeBatch(): Queued[] {
    let room = Math.max(1, this.rotation.maxBytes - this.#size);
    let count = 0;
    for (const queued of this.#pending) {
      // Characters approximate bytes here; rotation only needs to be about right.
      if (count > 0 && queued.chars > room) break;
      room -= queued.chars;
      count += 1;
    }
    const batch = this.#pending.slice(0, count);
    this.#pending = this.#pending.slice(count);
    return batch;
  }

  // Synchronous on purpose: it happens once per maxBytes and the write loop waits for it anyway.
  #rotateNow(): void {
    const fd = this.#fd;
    this.#fd = -1;
    closeSync(fd);
    rotate(this.path, this.rotation.maxFiles);
    this.#fd = openSync(this.path, 'w');
    this.#size = 0;
  }

  #fail(error: unknown, unwritten: readonly Queued[]): void {
    this.#failed = true;
    this.#lostLines += [...unwritten, ...this.#pending].reduce((sum, queued) => sum + countLines(queued.lines), 0);
    this.#buffered -= this.#pending.reduce((sum, queued) => sum + queued.chars, 0);
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

/** Lines waiting to be written, and their characters counting the newlines. */
interface Queued {
  lines: readonly string[];
  chars: number;
}

/**
 * The queued lines as one UTF-8 buffer, each line encoded straight into it and followed by a
 * newline. Not `join` and `Buffer.from`: under a flood a batch is up to the high-water mark
 * (1 MiB), and a string that large is born in V8's large-object space, which only a full
 * mark-compact frees; joining also copied every line once more.
 */
function encodeAll(batch: readonly Queued[]): Buffer {
  let size = 0;
  for (const queued of batch) for (const line of queued.lines) size += Buffer.byteLength(line) + 1;
  const data = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const queued of batch) {
    for (const line of queued.lines) {
      offset += data.write(line, offset);
      data[offset++] = NEWLINE;
    }
  }
  return data;
}

const NEWLINE = 0x0a;

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

/** Printed lines in a group of queued lines (a line may hold several: a joined entry). */
function countLines(lines: readonly string[]): number {
  let count = lines.length;
  for (const line of lines) for (let i = line.indexOf('\n'); i !== -1; i = line.indexOf('\n', i + 1)) count += 1;
  return count;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
