import path from 'node:path';
import type {Writable} from 'node:stream';
import type {LogHub, Subscription} from '../../logs/api.js';
import {DisplayFloor} from '../../logs/display-floor.js';
import type {Level, LogEntry} from '../../logs/entry.js';
import {createEntryRenderer, PIPELINE_PREFIX} from '../../logs/render.js';

export interface ConsoleViewOptions {
  hub: LogHub;
  /** Where lines go; a non-blocking stream (see stdout-stream.ts) in production. */
  out: Writable;
  color: boolean;
  timestamps: boolean;
  prefix: boolean;
  raw: boolean;
  /** Component ids in declaration order: fixes prefix width and colour per component. */
  components: readonly {id: string; minLevel: Level | undefined}[];
  /** Folder of the `<id>.log` files, named in "not shown" notes. */
  logDir: string;
  /** Entries queued for the console before the oldest are dropped (and counted). */
  maxQueue?: number;
  /** The same bound in characters (lines can be up to `max_line_bytes` long); default 16 Mi. */
  maxQueueBytes?: number;
  /**
   * Bytes the view may leave buffered in `out` before it waits for `drain` and lets the hub
   * queue instead (default 1 MiB). `write()` says "full" at the stream's high-water mark
   * (16 KiB for Node's own pipe streams): waiting there for it to empty after every batch
   * leaves the output idle between batches, and a flood then overflows the hub's queue
   * where the reader could have kept up.
   */
  maxBufferedBytes?: number;
  /** How long `close()` waits for a stalled reader before giving up (default 3 s). */
  closeTimeoutMs?: number;
  /**
   * Told once when the output fails for a reason other than a reader that closed it (EPIPE,
   * `| head`, which is silent as in `docker compose`): the view prints nothing more, so the
   * user must hear it elsewhere (stderr).
   */
  onOutputFailed?: (message: string) => void;
}

export interface ConsoleView {
  /** Stops following the hub and resolves when everything written so far is flushed. */
  close(): Promise<void>;
  /** Entries this view could not show because its output was too slow. */
  readonly dropped: number;
}

/**
 * The non-interactive aggregate (`docker compose up` style): `component | line`, one write
 * per batch. Output that cannot keep up never slows the pipeline: the hub queues a bounded
 * amount for us and drops the rest, and we print where the full text is.
 */
export function startConsoleView(options: ConsoleViewOptions): ConsoleView {
  const {out, components} = options;
  // flowctl's own notes (`flowctl | …`) line up with the components' lines too.
  const prefixWidth = Math.max(PIPELINE_PREFIX.length, ...components.map((c) => c.id.length));
  const colorIndex = new Map(components.map((c, index) => [c.id, index]));
  const floor = DisplayFloor.of(components);
  const relativeLogDir = path.relative(process.cwd(), options.logDir) || '.';
  let outputBroken = false;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;

  // `logging.level`, by the filter's rule (`unknown` counts as `info`), as in the terminal UI.
  const visible = (entry: LogEntry): boolean => floor === undefined || floor.shows(entry);

  const renderLine = createEntryRenderer(
    {color: options.color, prefix: options.prefix, prefixWidth, timestamps: options.timestamps, raw: options.raw},
    (id) => colorIndex.get(id) ?? 0,
  );
  const render = (entry: LogEntry): string => {
    const rendered = renderLine(entry);
    if (entry.stream === 'control' && entry.fields.flowctl === 'dropped') {
      // A drop marker from the hub: point at the files that hold every line.
      return `${rendered} (every line is in ${relativeLogDir}/<component>.log)`;
    }
    return rendered;
  };

  const onBatch = (batch: LogEntry[]): void | Promise<void> => {
    if (outputBroken) return;
    // One string, one write per batch.
    let text = '';
    for (let i = 0; i < batch.length; i++) {
      const entry = batch[i] as LogEntry;
      if (visible(entry)) text += `${render(entry)}\n`;
    }
    if (text === '') return;
    // `write()` false with a full budget: `needDrain` is set, so `drain` will come.
    if (out.write(text) || out.writableLength < maxBuffered) return;
    // The reader is slow: let the hub queue (bounded) until the output drains.
    return new Promise<void>((resolve) => {
      const done = (): void => {
        out.off('drain', done);
        out.off('error', done);
        out.off('close', done);
        resolve();
      };
      out.once('drain', done);
      out.once('error', done);
      out.once('close', done);
    });
  };

  // A closed pipe (`flowctl up | head`) is not an error of the pipeline: stop writing, keep running.
  out.on('error', (error: NodeJS.ErrnoException) => {
    if (!outputBroken && error.code !== 'EPIPE') options.onOutputFailed?.(error.message);
    outputBroken = true;
  });

  const subscription: Subscription = options.hub.subscribe(
    {name: 'console', rateLimited: true, maxQueue: options.maxQueue ?? 20_000, maxQueueBytes: options.maxQueueBytes ?? 16 * 1024 * 1024},
    onBatch,
  );

  return {
    get dropped() {
      return subscription.dropped;
    },
    async close() {
      // Everything queued for the console is written while the reader keeps reading, however
      // long that takes (after a flood into `| tee`, a fixed 3 s ended the output early). A
      // reader that stopped (a paused `less`) must not keep flowctl from exiting: after
      // `closeTimeoutMs` without progress, give up. Waiting for the hub's queue first hung on
      // such a reader forever (regression: console-close-hangs). Progress is seen when a
      // write completes: one large write still in flight after that long looks like a stall.
      const stallMs = options.closeTimeoutMs ?? 3000;
      let delivered = false;
      // Checked at once when the queue is delivered, not at the next tick of the 20 ms poll.
      let recheck = (): void => undefined;
      void subscription.drained().then(() => {
        delivered = true;
        recheck();
      });
      await new Promise<void>((resolve) => {
        let lastLength = -1;
        let lastProgress = Date.now();
        const check = (): void => {
          if (outputBroken || (delivered && out.writableLength === 0)) return finish();
          if (out.writableLength !== lastLength) {
            lastLength = out.writableLength;
            lastProgress = Date.now();
          } else if (Date.now() - lastProgress >= stallMs) {
            // Abandon what the reader will not take: a write in flight would keep flowctl alive.
            out.destroy();
            finish();
          }
        };
        const timer = setInterval(check, 20);
        const finish = (): void => {
          clearInterval(timer);
          recheck = () => undefined;
          resolve();
        };
        recheck = check;
        check();
      });
      subscription.close();
    },
  };
}
