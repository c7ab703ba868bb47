/**
 * The contracts of the log engine, shared by the supervisor (producer), the console view,
 * the TUI and the control plane (consumers). Implementations live beside this file:
 * `filter.ts` (compileFilter), `ring.ts` (LogRing), `hub.ts` (LogHub).
 */
import type {Level, LogEntry} from './entry.js';
import type {Result} from '../util/result.js';

/** What a user asks for, as typed on a command line, in the TUI or over gRPC. */
export interface FilterSpec {
  components?: string[];
  /** Exact set of levels. */
  levels?: Level[];
  /** Minimum level (`warn` keeps warn, error, fatal). */
  minLevel?: Level;
  /** RFC 3339, `2024-01-20 10:00:00` (local time), relative (`10m`, `2h`, `1d`), or epoch ms. */
  since?: string | number;
  until?: string | number;
  /**
   * Regexes; an entry matches when any include matches (if any are given) … Include tests
   * the line as printed (ANSI-free raw), the message, and the message with its fields as
   * `key=value`; see `filter.ts`.
   */
  include?: string[];
  /** … and no exclude matches. Exclude tests only what the view shows: the message, and the message with its fields. */
  exclude?: string[];
  /** Field equality, all must hold: `{request_id: "42"}`. */
  fields?: Record<string, string>;
  /** Keep only the last N matching entries. */
  tail?: number;
  runId?: string;
}

/** A bad term names the flag the user typed so the CLI can say `--since: …`. */
export interface FilterError {
  /** `since`, `until`, `include`, `exclude`, `levels`, `minLevel`, `fields`, `tail`. */
  term: keyof FilterSpec;
  message: string;
}

/** A compiled filter: one implementation for ring, store (per block it opens), CLI, TUI and control plane. */
export interface LogFilter {
  readonly spec: FilterSpec;
  /** Resolved absolute bounds (epoch ms) of since/until, if any. */
  readonly sinceMs: number | undefined;
  readonly untilMs: number | undefined;
  readonly tail: number | undefined;
  matches(entry: LogEntry): boolean;
  /**
   * Patterns one of which an entry's line must contain to pass (the `include` terms' pieces,
   * `TextRegex.rawPieces`), when every include term has them: a store scan skips a block
   * whose lines hold none (`store/text-skip.ts`). Undefined: no such shortcut.
   */
  readonly includePieces?: readonly RegExp[] | undefined;
}

export type CompileFilter = (spec: FilterSpec, now?: number) => Result<LogFilter, FilterError>;

/** The bounded in-memory window of recent entries. */
export interface LogRing {
  append(entries: readonly LogEntry[]): void;
  /**
   * Entries matching `filter` in seq order, restricted to `afterSeq < seq < beforeSeq`.
   * With `limit`, the newest `limit` of them when `beforeSeq` is set or neither bound is set,
   * else the oldest `limit` after `afterSeq` (paging forward).
   */
  query(filter: LogFilter | undefined, range?: {afterSeq?: number; beforeSeq?: number; limit?: number}): LogEntry[];
  /** The components it has held entries of, in the order first seen. */
  componentIds(): string[];
  /**
   * The smallest seq from which it holds every entry of one component (-∞: all of them):
   * where a component's history must take over. Unlike the ring's floor over all
   * components, a quiet component's stays put while a chatty one's moves on.
   */
  componentFloor(componentId: string): number;
  /** The seqs `query(undefined, range)` would return, without building (or decoding) an entry. */
  seqs(range?: {beforeSeq?: number; limit?: number}): number[];
  readonly oldestSeq: number | undefined;
  readonly newestSeq: number | undefined;
  readonly size: number;
  readonly bytes: number;
  /** Entries evicted so far (still in files and the store). */
  readonly evicted: number;
}

export interface SubscribeOptions {
  /** Shown in drop markers: "console missed 120 entries". */
  name: string;
  filter?: LogFilter;
  /** Bounded queue (entries); past it the oldest queued entries are dropped and counted. Default 10 000. */
  maxQueue?: number;
  /**
   * Bound of the queue in characters of `raw` + `message` (the ring's measure), on top of
   * `maxQueue`: with lines up to `max_line_bytes` long, an entry count alone bounds nothing.
   * Past it the oldest queued entries are dropped and counted (the newest is always kept).
   * Default: no byte bound.
   */
  maxQueueBytes?: number;
  /** Live views get the per-component rate limit applied; the store and files do not. */
  rateLimited?: boolean;
}

export interface Subscription {
  close(): void;
  /** Resolves once everything published so far has been delivered (used before closing at exit). */
  drained(): Promise<void>;
  /** Entries this subscriber missed because it was too slow. */
  readonly dropped: number;
}

/**
 * Fan-out. `publish` assigns `seq` (global, monotonic) and `runId`, appends to the ring,
 * and queues the batch for every subscriber; it never blocks and never throws because of
 * a subscriber. A subscriber's `onBatch` may return a promise: the hub delivers its next
 * batch only after it settles, queueing meanwhile (bounded). After a drop, the next batch
 * it receives starts with a marker entry (stream `control`, level `warn`) saying how many
 * entries it missed.
 */
export interface LogHub {
  publish(entries: Omit<LogEntry, 'seq' | 'runId'>[]): LogEntry[];
  subscribe(options: SubscribeOptions, onBatch: (batch: LogEntry[]) => void | Promise<void>): Subscription;
  readonly ring: LogRing;
  readonly runId: string;
  /** Next seq to be assigned (all entries with a lower seq have been published). */
  readonly nextSeq: number;
  /** Sum of every subscriber's drops and rate-limited entries, for the "entries dropped" banner. */
  readonly droppedTotal: number;
}

/** One line out of the byte splitter (`split.ts`), before parsing. */
export interface SplitLine {
  /** Decoded UTF-8 (invalid bytes → U+FFFD), line ending removed, lone-CR overwrites applied. */
  text: string;
  /** Longer than the limit: cut at a UTF-8 boundary; the rest of the line was discarded. */
  truncated: boolean;
}
