/**
 * The part of the SQLite log store (`src/logs/store/`) the control plane reads: written
 * structurally so the control plane depends on the contract, not on the implementation.
 *
 * Its reads throw when the file cannot be read (SQLite finds it damaged: `database disk image
 * is malformed`, or it went away): the log reader (log-reader.ts) answers from the ring alone
 * then and says so, never with an internal error.
 */
import type {LogEntry} from '../logs/entry.js';
import type {LogFilter} from '../logs/api.js';

export interface HistoryQueryOptions {
  runId?: string;
  afterSeq?: number;
  beforeSeq?: number;
  limit?: number;
  order?: 'asc' | 'desc';
}

/** One recorded run, as the store lists it. */
export interface StoredRun {
  runId: string;
  /** Epoch ms, when the store recorded it (shown between runs' entries). */
  startedAt?: number;
}

export interface HistoryStore {
  /** Matching entries in batches, in `order` of seq (default ascending). */
  query(filter: LogFilter, options: HistoryQueryOptions): AsyncIterable<LogEntry[]>;
  /** Recorded runs, newest first. */
  runs(): StoredRun[] | Promise<StoredRun[]>;
  /**
   * Optional: resolves once every entry published so far is committed (or given up on), so a
   * read of what the ring evicted finds it. Without it, entries still on their way to the
   * store are missing from such a read.
   */
  flush?(): Promise<void>;
}
