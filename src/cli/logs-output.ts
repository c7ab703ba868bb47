/**
 * Where `flowctl logs` prints: the console rendering of `flowctl up` (prefix coloured per
 * component, level colours) or an export format, to stdout or `-o FILE`. A reader that goes
 * away (`| head`) ends the command silently.
 */
import {createWriteStream, openSync} from 'node:fs';
import type {Writable} from 'node:stream';
import type {LogEntry} from '../logs/entry.js';
import {createExporter, type Exporter} from '../logs/export/index.js';
import {consolePrefixWidth, createEntryRenderer} from '../logs/render.js';
import {wantsColor} from './color.js';
import {err, ok, type Result} from '../util/result.js';
import type {LogsRequest} from './logs-options.js';
import {RUN_START_NOTE} from '../control/run-span.js';

export interface LogPrinter {
  write(entries: readonly LogEntry[]): Promise<void>;
  /** Closes the document (JSON `]`) and the file; resolves when flushed. */
  end(): Promise<void>;
  /** Writes out what `write` buffered now (before a notice on stderr, so the two keep their order). */
  flush(): void;
  /** Set when the reader went away (EPIPE): stop reading, exit quietly. */
  readonly closed: boolean;
  onClosed(listener: () => void): void;
}

export interface PrinterContext {
  /** Component ids in declaration order: palette slots and prefix width. */
  components: string[];
  stdout: Writable & {isTTY?: boolean};
  env: NodeJS.ProcessEnv;
}

/** Buffered text past which it is written at once (a pipe holds 64 KiB). */
const FLUSH_AT_CHARS = 64 * 1024;

export function openPrinter(request: LogsRequest, context: PrinterContext): Result<LogPrinter, string> {
  let out: Writable & {isTTY?: boolean};
  const toFile = request.output !== undefined;
  if (request.output !== undefined) {
    try {
      // Open synchronously so a bad path is reported now, as a usage-level problem.
      const fd = openSync(request.output, 'w', 0o644);
      out = createWriteStream('', {fd});
    } catch (error) {
      return err(`--output: cannot write ${request.output}: ${(error as Error).message}`);
    }
  } else {
    out = context.stdout;
  }
  // `--color` / `--no-color` first (a flag beats the environment), then `up`'s rule: NO_COLOR,
  // FORCE_COLOR, a terminal. Only text has colour; a file is no terminal: colour when asked.
  const text = request.exportFormat === undefined || request.exportFormat === 'text';
  const color = text && (request.color === true || wantsColor(request.color, context.env, !toFile && out.isTTY === true));
  const prefixWidth = consolePrefixWidth(context.components);
  const colorIndex = new Map(context.components.map((c, i) => [c, i]));

  // Each component's prefix is built once, not per line: `logs -f` renders every line it gets.
  const render = createEntryRenderer({color, prefix: request.prefix, prefixWidth, timestamps: request.timestamps, raw: request.raw}, (id) => colorIndex.get(id));

  let closed = false;
  const closedListeners: (() => void)[] = [];
  const markClosed = (): void => {
    if (closed) return;
    closed = true;
    for (const l of closedListeners) l();
  };
  out.on('error', (error: NodeJS.ErrnoException) => {
    // EPIPE: `| head` is done with us. Anything else on stdout is just as final.
    void error;
    markClosed();
  });

  // Text is written on the next turn of the event loop, not per batch: stdout on a pipe or a
  // file is written synchronously, one write(2) per call, and a follower that fell behind
  // gets many small batches per socket read. Measured on workload D (10 000 lines/s): 39 000
  // writes in 20 s, 3 s of the client's time in them, while it was the slowest link.
  let flowing = true;
  let pending = '';
  let flushScheduled = false;
  const flush = (): void => {
    flushScheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    if (!closed) flowing = out.write(text);
  };
  const sink = (chunk: string): boolean => {
    if (closed) return true;
    pending += chunk;
    if (pending.length >= FLUSH_AT_CHARS) {
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
    return flowing;
  };
  // `flowing` follows the stream's own 'drain', listened to all along: a flush on the next
  // turn can fill the stream after `write` returned, and its drain then comes with nobody
  // waiting. Listened to only while waiting, that drain was missed, `flowing` stayed false,
  // and `end()` waited for a drain that never came (`logs -f` on Ctrl+C exited 13).
  const drainWaiters: (() => void)[] = [];
  out.on('drain', () => {
    flowing = true;
    for (const resolve of drainWaiters.splice(0)) resolve();
  });
  const waitDrain = (): Promise<void> => {
    if (flowing || closed) return Promise.resolve();
    return new Promise((resolve) => {
      drainWaiters.push(resolve);
      closedListeners.push(resolve);
    });
  };

  const exporter: Exporter | undefined =
    request.exportFormat === undefined
      ? undefined
      : createExporter(request.exportFormat, sink, {
          color,
          timestamps: request.timestamps,
          raw: request.raw,
          prefixWidth,
          colorIndexOf: (id) => colorIndex.get(id),
          ...(request.csvFields === undefined ? {} : {fieldColumns: request.csvFields}),
        });

  return ok({
    get closed() {
      return closed;
    },
    onClosed: (listener) => closedListeners.push(listener),
    flush,
    async write(entries) {
      if (closed || entries.length === 0) return;
      if (exporter) {
        // The note between runs is for reading; exported entries carry their run_id.
        const kept = entries.some(isRunStartNote) ? entries.filter((e) => !isRunStartNote(e)) : entries;
        if (kept.length > 0) exporter.write(kept);
      } else {
        let text = '';
        for (const entry of entries) text += render(entry) + '\n';
        sink(text);
      }
      await waitDrain();
    },
    async end() {
      if (exporter && !closed) exporter.end();
      flush();
      if (toFile) {
        await new Promise<void>((resolve) => out.end(resolve));
      } else {
        await waitDrain();
      }
    },
  });
}


function isRunStartNote(entry: LogEntry): boolean {
  return entry.stream === 'control' && entry.fields.flowctl === RUN_START_NOTE;
}
