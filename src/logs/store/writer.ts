/**
 * The main-thread side of the history writer: packs appends for `writer-worker.js`, bounds
 * what is in flight, and turns the worker's replies into promises.
 *
 * Two bounds on the backlog (entries appended, not yet committed): past the gate's high
 * water mark the producers attached to `gate` (the components' pipes) are paused until the
 * worker catches up, so the history keeps everything and memory stays bounded; past
 * `maxQueue` (producers that cannot be paused, or no producer attached) appends are
 * dropped. Everything dropped is counted, told to `onDropped` listeners as it happens, and
 * explained to `onError` listeners.
 */
import type {Worker} from 'node:worker_threads';
import type {LogEntry} from '../entry.js';
import {errorMessage} from '../../util/error-message.js';
import {ok, type Result} from '../../util/result.js';
import {BacklogGate, type WaterMarks} from './backlog-gate.js';
import {BatchEncoder} from './batch-encoder.js';
import {startWorker, type FromWorker, type WorkerConfig} from './writer-start.js';

export interface WriterOptions extends WorkerConfig {
  /** Entries appended but not yet committed, past which appends are dropped and counted. */
  maxQueue: number;
  /** Backlog marks at which the gate pauses and resumes producers. */
  waterMarks: WaterMarks;
  /** The worker must say ready or failed within this time. */
  openTimeoutMs: number;
}

/** A batch of this many entries goes to the worker at once; a smaller one waits for more. */
const POST_AT_ONCE_ENTRIES = 512;
/** How long a small batch waits: one worker commit per line cost ~50 µs of CPU per line at 10 k lines/s. */
const SMALL_BATCH_DELAY_MS = 20;
/**
 * Text bytes in flight that weigh as one entry of backlog: at the default marks (40 000 /
 * 10 000) the producers are held at ~40 MiB of text and resume at ~10 MiB. Workload A's
 * lines (~200 B) stay bound by their count.
 */
export const BACKLOG_BYTES_PER_ENTRY = 1024;

export class StoreWriter {
  /** Pauses the producers attached to it while the backlog is high. */
  readonly gate: BacklogGate;
  readonly #encoder = new BatchEncoder();
  #postScheduled = false;
  /** Set while a small batch waits for more entries (`SMALL_BATCH_DELAY_MS`). */
  #postTimer: ReturnType<typeof setTimeout> | undefined;
  /** Entries posted to the worker and not yet committed (or failed). */
  #inFlight = 0;
  /** Text bytes of the batches posted and not yet settled by the worker. */
  #inFlightBytes = 0;
  #dropped = 0;
  /** Entries dropped because the backlog was full, since the last report of it. */
  #overflow = 0;
  readonly #dropListeners = new Set<(count: number) => void>();
  /**
   * Commits failing for one cause (a lock held elsewhere, a full disk): the first failure is
   * reported, later ones with the same cause are only counted until a commit succeeds. Else
   * each report would itself be an entry whose commit fails: a report every busy timeout.
   */
  #failing: {cause: string; count: number} | undefined;
  /** Highest seq announced by `published`, and highest seq appended (delivered or dropped). */
  #publishedSeq = 0;
  #appendedSeq = 0;
  #nextFlushId = 0;
  readonly #flushes = new Map<number, () => void>();
  readonly #errorListeners = new Set<(message: string) => void>();
  /** Reports made before anyone listened (the worker's notice right after opening): told to the first listener. */
  #unheard: string[] = [];
  #dead = false;
  /** The file turned out damaged: the history is off for this run, as if it had not opened. */
  #off = false;
  #closing: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly maxQueue: number,
    waterMarks: WaterMarks,
    /** What opening had to say (an old history moved aside): told to the first `onError` listener. */
    notice: string | undefined,
  ) {
    this.gate = new BacklogGate(waterMarks);
    if (notice !== undefined) this.#unheard.push(notice);
    worker.on('message', (message: FromWorker) => this.#onMessage(message));
    worker.on('error', (error) => this.#die(`the history writer failed: ${errorMessage(error)}`));
    worker.on('exit', () => this.#die(undefined));
  }

  /** Starts the worker and waits until it has the database open (or could not). */
  static async start(options: WriterOptions): Promise<Result<StoreWriter, string>> {
    const {maxQueue, openTimeoutMs, waterMarks, ...workerData} = options;
    const started = await startWorker(workerData, openTimeoutMs);
    return started.ok ? ok(new StoreWriter(started.value.worker, maxQueue, waterMarks, started.value.notice)) : started;
  }

  get dropped(): number {
    return this.#dropped;
  }

  onError(listener: (message: string) => void): () => void {
    this.#errorListeners.add(listener);
    const unheard = this.#unheard;
    this.#unheard = [];
    for (const message of unheard) listener(message);
    return () => this.#errorListeners.delete(listener);
  }

  /** Fires with each number of entries newly counted in `dropped`. */
  onDropped(listener: (count: number) => void): () => void {
    this.#dropListeners.add(listener);
    return () => this.#dropListeners.delete(listener);
  }

  /** Entries appended and not yet committed. */
  get queued(): number {
    return this.#inFlight + this.#encoder.count;
  }

  /**
   * What the gate watches: queued, plus entries published and not yet appended (see
   * `published`); queued counts by size too, one entry per `BACKLOG_BYTES_PER_ENTRY` of text,
   * so that lines of a megabyte hold the producers after tens of megabytes, not after
   * 40 000 of them.
   */
  get backlog(): number {
    const bySize = Math.ceil((this.#inFlightBytes + this.#encoder.textBytes) / BACKLOG_BYTES_PER_ENTRY);
    return Math.max(this.queued, bySize) + Math.max(0, this.#publishedSeq - this.#appendedSeq);
  }

  /**
   * Entries through `seq` were published and are on their way to `append` (the hub delivers
   * them a turn of the event loop later). Counting them at once pauses the producers in the
   * very read that crossed the high-water mark: in one turn libuv may read a fast child's
   * pipe many times over (megabytes), far past any mark checked only at `append`.
   */
  published(seq: number): void {
    if (seq <= this.#publishedSeq) return;
    this.#publishedSeq = seq;
    this.gate.update(this.backlog);
  }

  append(entries: readonly LogEntry[]): void {
    if (entries.length === 0) return;
    const lastSeq = (entries[entries.length - 1] as LogEntry).seq;
    if (lastSeq > this.#appendedSeq) this.#appendedSeq = lastSeq;
    // Not counted: the history said it is off (as if it never opened); the files have every line.
    if (this.#off) return;
    const gone = this.#dead || this.#closing !== undefined;
    const room = gone ? 0 : Math.max(0, this.maxQueue - this.queued);
    const kept = Math.min(room, entries.length);
    for (let i = 0; i < kept; i++) this.#encoder.add(entries[i] as LogEntry);
    if (kept < entries.length) this.#overflowed(entries.length - kept, gone);
    if (kept === 0) return;
    this.gate.update(this.backlog);
    if (this.#postScheduled) return;
    if (this.#encoder.count < POST_AT_ONCE_ENTRIES) {
      // At a moderate rate every turn of the loop carries a line or two, and each message is
      // a commit in the worker: a few lines wait a moment for more instead (nobody reads
      // the history that fresh: followers are served from the hub, and `flush` posts first).
      this.#postTimer ??= setTimeout(() => this.#post(), SMALL_BATCH_DELAY_MS);
      return;
    }
    this.#postScheduled = true;
    // One message per tick instead of one per append call.
    queueMicrotask(() => this.#post());
  }

  beginRun(runId: string, meta: {pipeline: string; startedAt: number}): void {
    this.#send({type: 'beginRun', runId, ...meta});
  }

  endRun(runId: string, at: number): void {
    this.#send({type: 'endRun', runId, at});
  }

  /** Resolves once everything appended before the call is committed (or the writer is gone). */
  flush(): Promise<void> {
    if (this.#dead) return Promise.resolve();
    const id = this.#nextFlushId++;
    return new Promise((resolve) => {
      this.#flushes.set(id, resolve);
      this.#send({type: 'flush', id});
    });
  }

  close(): Promise<void> {
    // Nothing more will be taken: producers held back now would wait forever.
    this.gate.openForGood();
    this.#closing ??= new Promise<void>((resolve) => {
      if (this.#dead) return resolve();
      this.worker.once('exit', () => {
        this.#recovered('');
        resolve();
      });
      this.#send({type: 'close'});
    });
    return this.#closing;
  }

  #post(): void {
    this.#postScheduled = false;
    if (this.#postTimer !== undefined) clearTimeout(this.#postTimer);
    this.#postTimer = undefined;
    if (this.#encoder.count === 0) return;
    const batch = this.#encoder.take();
    this.#inFlight += batch.count;
    this.#inFlightBytes += batch.text.byteLength;
    this.worker.postMessage({type: 'append', batch}, BatchEncoder.transferables(batch));
  }

  /** Counts entries refused for want of room; the first of a run of refusals is announced. */
  #overflowed(count: number, gone: boolean): void {
    // After close or death, the drop itself was announced (or the caller is shutting down).
    if (!gone && this.#overflow === 0) {
      this.#report(`the history writer is ${this.maxQueue.toLocaleString('en-US')} entries behind: new entries are not saved until it catches up`);
    }
    if (!gone) this.#overflow += count;
    this.#countDropped(count);
  }

  /** The backlog shrank: announce the end of a run of refusals with its total. */
  #settled(): void {
    this.gate.update(this.backlog);
    if (this.#overflow === 0 || this.queued > this.maxQueue / 2) return;
    const count = this.#overflow;
    this.#overflow = 0;
    this.#report(`${count.toLocaleString('en-US')} ${count === 1 ? 'entry was' : 'entries were'} not saved while the history writer was behind (they are in the log files)`);
  }

  /** A run of failures ended (`how` says how): the entries it lost after the first report are told. */
  #recovered(how: string): void {
    const failing = this.#failing;
    if (failing === undefined) return;
    this.#failing = undefined;
    if (failing.count === 0) return;
    const more = `${failing.count.toLocaleString('en-US')} more ${failing.count === 1 ? 'entry was' : 'entries were'} not saved (${failing.cause})`;
    this.#report(how === '' ? more : `${more} ${how}`);
  }

  #countDropped(count: number): void {
    if (count === 0) return;
    this.#dropped += count;
    for (const listener of [...this.#dropListeners]) listener(count);
  }

  /** Control messages keep their order relative to appends: pending appends go first. */
  #send(message: {type: string} & Record<string, unknown>): void {
    if (this.#dead) return;
    this.#post();
    this.worker.postMessage(message);
  }

  #onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'committed':
        this.#encoder.recycle(message.spare ?? []);
        this.#inFlight -= message.entries;
        this.#inFlightBytes -= message.bytes;
        this.#recovered('before the history could write again');
        this.#settled();
        return;
      case 'error':
        this.#encoder.recycle(message.spare ?? []);
        this.#inFlight -= message.lost;
        this.#inFlightBytes -= message.bytes ?? 0;
        this.#countDropped(message.lost);
        if (message.cause !== undefined && this.#failing?.cause === message.cause) {
          this.#failing.count += message.lost;
        } else {
          this.#recovered('');
          this.#report(message.message);
          if (message.cause !== undefined) this.#failing = {cause: message.cause, count: 0};
        }
        this.#settled();
        return;
      case 'damaged':
        this.#off = true;
        this.#die(message.message);
        return;
      case 'flushed':
        this.#flushes.get(message.id)?.();
        this.#flushes.delete(message.id);
        return;
      case 'ready':
      case 'openFailed':
      case 'closed':
        return;
    }
  }

  /** The worker is gone: nothing more will be committed; count what was in flight and release waiters. */
  #die(message: string | undefined): void {
    if (this.#dead) return;
    this.#dead = true;
    this.gate.openForGood();
    this.#recovered('');
    const lost = this.queued;
    if (this.#encoder.count > 0) this.#encoder.take();
    this.#inFlight = 0;
    this.#inFlightBytes = 0;
    this.#countDropped(lost);
    if (message !== undefined) this.#report(lost > 0 ? `${message} (${lost} entries not saved)` : message);
    for (const resolve of this.#flushes.values()) resolve();
    this.#flushes.clear();
  }

  #report(message: string): void {
    if (this.#errorListeners.size === 0 && this.#unheard.length < 100) this.#unheard.push(message);
    for (const listener of [...this.#errorListeners]) listener(message);
  }
}

