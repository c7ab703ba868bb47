/**
 * What `GetLogs` answers: the history (ring, merged with the store once the ring evicted) and,
 * with `follow`, the live stream — with no gap and no duplicate at the seam.
 *
 * The seam: subscribe to the hub FIRST and remember `hub.nextSeq` in the same tick. `publish`
 * assigns seqs and queues them to subscribers synchronously, so every entry with a lower seq
 * is already in the ring (or store) and every entry from the seam on arrives through the
 * subscription. History is read strictly below the seam, live entries strictly at or above it.
 */
import type {LogEntry} from '../logs/entry.js';
import type {LogFilter, LogHub, Subscription} from '../logs/api.js';
import {errorMessage} from '../util/error-message.js';
import {err, ok, type Result} from '../util/result.js';
import {BatchHandoff} from './handoff.js';
import type {HistoryStore} from './history-store.js';

/** Entries per history batch written to a client. */
const HISTORY_CHUNK = 500;

export interface LogSources {
  hub: LogHub;
  store?: HistoryStore | undefined;
}

export interface ReadOptions {
  filter: LogFilter;
  follow: boolean;
  /** '' = current run, 'previous', or a run id / unique prefix. */
  run: string;
  /** Shown in the hub's drop markers. */
  subscriberName: string;
  now?: () => number;
  /** Seq bounds of the history (pages of older entries); none by default. */
  bounds?: SeqBounds;
  /**
   * The sentence for a history that cannot be read (`cause`: what the store said): the text of
   * the note a follower gets (see `historyUnreadable`). Default: says the cause.
   */
  describeUnreadable?: (cause: string) => string;
  /** The live part has the pipeline's rate limit (default), or every line (`--no-rate-limit`). */
  rateLimited?: boolean;
}

/**
 * Which part of the run's history to read: `afterSeq < seq < beforeSeq`, and with `head` only
 * the first N matches (the filter's `tail` takes the last N). Pages for a viewer that scrolls
 * past what it holds (`flowctl attach`); `beforeSeq` is never combined with following.
 */
export interface SeqBounds {
  afterSeq?: number;
  beforeSeq?: number;
  head?: number;
}

export interface LogReader extends AsyncIterable<LogEntry[]> {
  /** Stops following; an iteration in progress ends after its current batch. */
  close(): void;
  /** Entries the live part missed because the reader was too slow (also announced in-band). */
  readonly dropped: number;
  /**
   * The history came from the ring alone after it evicted (no store): entries older than
   * what was answered exist only in the log files.
   */
  readonly partial: boolean;
  /**
   * Set once the history store could not be read (what it said): the history part came from
   * the ring alone (current run) or stopped there (another run). A follower also gets a note
   * (stream `control`, `fields.flowctl: history-unreadable`) before the live part.
   */
  readonly historyUnreadable: string | undefined;
  /** It follows (asked to, on the current run, no upper bound): then the note said it. */
  readonly follows: boolean;
}

/** Why a run could not be resolved: it does not exist, or the history cannot be read. */
export type RunProblem = {kind: 'unknown-run'; message: string} | {kind: 'history-unreadable'; cause: string};

/** A store read that threw: the file is damaged or gone (history-store.ts); never a bug of ours. */
export class HistoryUnreadable extends Error {}

/** The store's own failure, told from anything else thrown while reading. */
async function* guarded(read: () => AsyncIterable<LogEntry[]>): AsyncGenerator<LogEntry[]> {
  let iterator: AsyncIterator<LogEntry[]>;
  try {
    iterator = read()[Symbol.asyncIterator]();
  } catch (error) {
    throw new HistoryUnreadable(errorMessage(error));
  }
  for (;;) {
    let next: IteratorResult<LogEntry[]>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw new HistoryUnreadable(errorMessage(error));
    }
    if (next.done === true) return;
    yield next.value;
  }
}

/** Resolves the `run` option to a run id. */
export async function resolveRun(sources: LogSources, run: string): Promise<Result<string, RunProblem>> {
  const current = sources.hub.runId;
  const unknown = (message: string) => err({kind: 'unknown-run' as const, message});
  if (run === '' || run === 'current' || run === current) return ok(current);
  if (!sources.store) return unknown(`run "${run}" is not available: this pipeline keeps no history store (logging.store: none)`);
  let runs: string[];
  try {
    // Newest first.
    runs = (await sources.store.runs()).map((r) => r.runId);
  } catch (error) {
    return err({kind: 'history-unreadable', cause: errorMessage(error)});
  }
  if (run === 'previous') {
    const previous = runs.filter((id) => id !== current)[0];
    return previous === undefined ? unknown('there is no previous run in the history store') : ok(previous);
  }
  const matches = [...new Set([...runs, current])].filter((id) => id.startsWith(run));
  if (matches.length === 1 && matches[0] !== undefined) return ok(matches[0]);
  if (matches.length === 0) return unknown(`no run "${run}" in the history store (known: ${runs.slice(0, 5).join(', ') || 'none'})`);
  return unknown(`run "${run}" is ambiguous: it prefixes ${matches.join(', ')}`);
}

/** Opens a reader; the subscription (for follow) is taken synchronously, before any await. */
export function openLogReader(sources: LogSources, runId: string, options: ReadOptions): LogReader {
  const {hub} = sources;
  const now = options.now ?? Date.now;
  const isCurrent = runId === hub.runId;
  const untilMs = options.filter.untilMs;
  const bounds = options.bounds ?? {};
  const follow = options.follow && isCurrent && bounds.beforeSeq === undefined && bounds.head === undefined && (untilMs === undefined || untilMs > now());
  const partial = isCurrent && sources.store === undefined && hub.ring.evicted > 0;
  const handoff = new BatchHandoff<LogEntry>();
  let subscription: Subscription | undefined;
  const seam = hub.nextSeq;
  if (follow) {
    // A follower is a live view: the pipeline's rate limit applies, with its summary entries
    // (the history part above is a query and has every line), unless it asked for every line.
    const rateLimited = options.rateLimited ?? true;
    subscription = hub.subscribe({name: options.subscriberName, filter: options.filter, rateLimited}, (batch) => handoff.offer(batch));
  }
  let untilTimer: NodeJS.Timeout | undefined;
  if (follow && untilMs !== undefined) {
    untilTimer = setTimeout(() => close(), Math.max(0, untilMs - now()));
    untilTimer.unref();
  }
  let historyUnreadable: string | undefined;
  const describe = options.describeUnreadable ?? ((cause: string) => `the log history cannot be read (${cause})`);
  let closed = false;
  function close(): void {
    if (closed) return;
    closed = true;
    if (untilTimer) clearTimeout(untilTimer);
    subscription?.close();
    handoff.end();
  }

  async function* iterate(): AsyncGenerator<LogEntry[]> {
    try {
      const history = readHistory(sources, runId, options.filter, isCurrent ? seam : undefined, bounds, (cause) => (historyUnreadable = cause));
      for await (const batch of firstOf(history, bounds.head)) {
        if (closed) return;
        yield batch;
      }
      if (!follow) return;
      // A follower has no status until it stops: what is missing is said in-band, where it is.
      if (historyUnreadable !== undefined) yield [unreadableNote(describe(historyUnreadable), seam, runId, now())];
      for (;;) {
        const batch = await handoff.take();
        if (batch === undefined) return;
        // Markers (stream `control`, from the hub) pass; entries below the seam cannot occur
        // by construction, the check keeps a future hub change from duplicating silently.
        const live = batch.filter((e) => e.seq >= seam || e.stream === 'control');
        if (live.length > 0) yield live;
      }
    } finally {
      close();
    }
  }

  return {
    [Symbol.asyncIterator]: iterate,
    close,
    get dropped() {
      return subscription?.dropped ?? 0;
    },
    partial,
    follows: follow,
    get historyUnreadable() {
      return historyUnreadable;
    },
  };
}

/** The note before a follower's live part when the history could not be read (seq: the seam's, as the hub's notes). */
export function unreadableNote(message: string, seq: number, runId: string, now: number): LogEntry {
  return {
    seq, componentId: '', componentType: '', stream: 'control', timestamp: now, receivedAt: now, level: 'error',
    message, fields: {flowctl: 'history-unreadable'}, raw: message, runId, restart: 0, truncated: false,
  };
}

/**
 * History strictly below `beforeSeq` (current run) or the whole stored run, oldest first.
 *
 * Once the ring has evicted anything, what it holds is not a suffix of the run: it keeps each
 * component's fair share, so a quiet component's old entries stay while a chatty component's
 * entries after them are gone. So the store is read for everything below the seam (after a
 * flush, so what was evicted a moment ago has been committed) and merged with the ring by
 * seq: every entry once, and the ring fills in anything the store could not save.
 */
async function* readHistory(
  sources: LogSources,
  runId: string,
  filter: LogFilter,
  seam: number | undefined,
  bounds: SeqBounds,
  onUnreadable: (cause: string) => void,
): AsyncGenerator<LogEntry[]> {
  const tail = filter.tail;
  const lower = bounds.afterSeq === undefined ? {} : {afterSeq: bounds.afterSeq};
  if (seam === undefined) {
    const range = {runId, ...lower, ...(bounds.beforeSeq === undefined ? {} : {beforeSeq: bounds.beforeSeq})};
    try {
      if (sources.store) yield* fromStore(sources.store, filter, range, tail);
    } catch (error) {
      if (!(error instanceof HistoryUnreadable)) throw error;
      onUnreadable(error.message);
    }
    return;
  }
  const beforeSeq = Math.min(seam, bounds.beforeSeq ?? Infinity);
  const ring = sources.hub.ring;
  const fromRing = ring.query(filter, {...lower, beforeSeq, ...(tail === undefined ? {} : {limit: tail})});
  const {store} = sources;
  if (store === undefined || ring.evicted === 0) {
    for (let i = 0; i < fromRing.length; i += HISTORY_CHUNK) yield fromRing.slice(i, i + HISTORY_CHUNK);
    return;
  }
  // Past the last entry handed over, if the store fails midway the ring still has the rest.
  let lastSeq = 0;
  try {
    await flushed(store);
    const merged = mergeBySeq(fromStore(store, filter, {runId, ...lower, beforeSeq}, tail), fromRing);
    if (tail === undefined) {
      for await (const batch of merged) {
        lastSeq = batch.at(-1)?.seq ?? lastSeq;
        yield batch;
      }
      return;
    }
    const all: LogEntry[] = [];
    for await (const batch of merged) all.push(...batch);
    const last = all.slice(Math.max(0, all.length - tail));
    for (let i = 0; i < last.length; i += HISTORY_CHUNK) yield last.slice(i, i + HISTORY_CHUNK);
  } catch (error) {
    if (!(error instanceof HistoryUnreadable)) throw error;
    onUnreadable(error.message);
    const rest = fromRing.filter((entry) => entry.seq > lastSeq);
    for (let i = 0; i < rest.length; i += HISTORY_CHUNK) yield rest.slice(i, i + HISTORY_CHUNK);
  }
}

/** Waits for the store to commit what was published (a failure there is the history's too). */
async function flushed(store: HistoryStore): Promise<void> {
  try {
    await store.flush?.();
  } catch (error) {
    throw new HistoryUnreadable(errorMessage(error));
  }
}

/** Two seq-ordered sources as one, each seq once (the ring's copy is the same entry). */
async function* mergeBySeq(stored: AsyncIterable<LogEntry[]>, ring: readonly LogEntry[]): AsyncGenerator<LogEntry[]> {
  let next = 0;
  for await (const batch of stored) {
    const out: LogEntry[] = [];
    for (const entry of batch) {
      while (next < ring.length && (ring[next] as LogEntry).seq < entry.seq) out.push(ring[next++] as LogEntry);
      if (next < ring.length && (ring[next] as LogEntry).seq === entry.seq) next++;
      out.push(entry);
    }
    if (out.length > 0) yield out;
  }
  for (let i = next; i < ring.length; i += HISTORY_CHUNK) yield ring.slice(i, i + HISTORY_CHUNK);
}

/** The first `head` entries of `batches` (all without `head`); stops reading once there. */
async function* firstOf(batches: AsyncIterable<LogEntry[]>, head: number | undefined): AsyncGenerator<LogEntry[]> {
  if (head === undefined) return yield* batches;
  let left = head;
  if (left <= 0) return;
  for await (const batch of batches) {
    yield batch.length <= left ? batch : batch.slice(0, left);
    left -= batch.length;
    if (left <= 0) return;
  }
}

/** One stored run's entries matching `filter` in `range`, oldest first; throws HistoryUnreadable when the store cannot be read. */
export async function* fromStore(
  store: HistoryStore,
  filter: LogFilter,
  range: {runId: string; afterSeq?: number; beforeSeq?: number},
  limit: number | undefined,
): AsyncGenerator<LogEntry[]> {
  if (limit === undefined) {
    for await (const batch of guarded(() => store.query(filter, {...range, order: 'asc'}))) if (batch.length > 0) yield batch;
    return;
  }
  // The last `limit` entries: read newest first, then hand them over oldest first.
  const newest: LogEntry[] = [];
  for await (const batch of guarded(() => store.query(filter, {...range, limit, order: 'desc'}))) newest.push(...batch);
  newest.sort((a, b) => a.seq - b.seq);
  const last = newest.slice(-limit);
  for (let i = 0; i < last.length; i += HISTORY_CHUNK) yield last.slice(i, i + HISTORY_CHUNK);
}
