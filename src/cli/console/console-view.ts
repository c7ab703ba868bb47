import type {Writable} from 'node:stream';
import type {LogHub, Subscription} from '../../logs/api.js';
import {DisplayFloor} from '../../logs/display-floor.js';
import type {Level, LogEntry} from '../../logs/entry.js';
import {consolePrefixWidth, createEntryRenderer} from '../../logs/render.js';
import {isDropMarker, NotShown, reportsProgress, rotatedSince, WriteLedger} from './not-shown.js';

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
  onOutputFailed?: (error: NodeJS.ErrnoException) => void;
  /**
   * Told once when `close()` gives up on a reader that stopped reading: how many lines it
   * did not show, per component, which files hold them, and whether the last line printed
   * was cut part-way. The console itself cannot say it any more (stderr).
   */
  onAbandoned?: (message: string) => void;
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
  const prefixWidth = consolePrefixWidth(components.map((c) => c.id));
  const componentIds = components.map((c) => c.id);
  const colorIndex = new Map(components.map((c, index) => [c.id, index]));
  const floor = DisplayFloor.of(components);
  let outputBroken = false;
  /** `close()` gave up on the reader: what still arrives is counted, not written. */
  let abandoned: NotShown | undefined;
  const ledger = new WriteLedger();
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  // Files rotated after this moment hold this run's lines: drop notices name them too.
  const startedAt = Date.now();
  const rotated = (id: string): string[] => rotatedSince(options.logDir, id, startedAt);

  // `logging.level`, by the filter's rule (`unknown` counts as `info`), as in the terminal UI.
  const visible = (entry: LogEntry): boolean => floor === undefined || floor.shows(entry);

  const renderLine = createEntryRenderer(
    {color: options.color, prefix: options.prefix, prefixWidth, timestamps: options.timestamps, raw: options.raw},
    (id) => colorIndex.get(id) ?? 0,
  );
  const render = (entry: LogEntry): string => {
    if (!isDropMarker(entry)) return renderLine(entry);
    // A drop marker from the hub: whose lines, and the files that hold every one of them.
    const notShown = new NotShown(componentIds);
    notShown.add(entry);
    const message = `… ${notShown.describe('too slow', options.logDir, rotated)}`;
    return renderLine({...entry, message, raw: message});
  };

  const onBatch = (batch: LogEntry[]): void | Promise<void> => {
    if (abandoned !== undefined) {
      for (const entry of batch) if (visible(entry)) abandoned.add(entry);
      return;
    }
    if (outputBroken) return;
    // One string, one write per batch.
    let text = '';
    const shown: LogEntry[] = [];
    for (let i = 0; i < batch.length; i++) {
      const entry = batch[i] as LogEntry;
      if (!visible(entry)) continue;
      text += `${render(entry)}\n`;
      shown.push(entry);
    }
    if (text === '') return;
    ledger.add(shown, text);
    const written = out.write(text, (error) => {
      if (error === null || error === undefined) ledger.completed();
    });
    // `write()` false with a full budget: `needDrain` is set, so `drain` will come.
    if (written || out.writableLength < maxBuffered) return;
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
    if (!outputBroken && error.code !== 'EPIPE') options.onOutputFailed?.(error);
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
      // such a reader forever (regression: console-close-hangs). Progress is bytes the reader
      // took: a write completing, or the text in flight advancing (`inFlightWritten`). Counting
      // completed writes alone cut off a reader taking 90 KiB/s: one 1 MB write in flight
      // looked stalled after 3 s (regression: console-cuts-slow-reader).
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
        let lastInFlight = -1;
        let lastProgress = Date.now();
        const check = (): void => {
          if (outputBroken || (delivered && out.writableLength === 0)) return finish(resolve);
          const inFlight = reportsProgress(out) ? out.inFlightWritten : 0;
          if (out.writableLength !== lastLength || inFlight !== lastInFlight) {
            lastLength = out.writableLength;
            lastInFlight = inFlight;
            lastProgress = Date.now();
          } else if (Date.now() - lastProgress >= stallMs) {
            finish(() => void giveUp().then(resolve));
          }
        };
        const timer = setInterval(check, 20);
        const finish = (then: () => void): void => {
          clearInterval(timer);
          recheck = () => undefined;
          then();
        };
        recheck = check;
        check();
      });
      subscription.close();
    },
  };

  /**
   * The reader stopped reading and flowctl must exit: abandon the output (a write in flight
   * would keep flowctl alive), count what it did not get, say so on stderr. Never silent:
   * the user who later reads the pipe must learn the console output is incomplete.
   */
  async function giveUp(): Promise<void> {
    const notShown = new NotShown(componentIds);
    abandoned = notShown;
    const closed = new Promise<void>((resolve) => (out.closed ? resolve() : out.once('close', () => resolve())));
    out.destroy();
    // Once closed, the writer thread is gone: what it reports written is final.
    await closed;
    const cut = ledger.settle(reportsProgress(out) ? out.inFlightWritten : undefined, render, notShown);
    // The hub delivers what it still queues for us (it waited on the output): counted in onBatch.
    await subscription.drained();
    if (notShown.total === 0 && cut === false) return;
    const ending = cut === true ? '; the last line printed is cut off' : cut === undefined ? '; the last line printed may be cut off' : '';
    options.onAbandoned?.(`the console output stopped early (its reader stopped reading): ${notShown.describe(undefined, options.logDir, rotated)}${ending}`);
  }
}
