/**
 * Older entries than the ring holds, for scrolling past it: pages of the current run read
 * from the SQLite history (`flowctl up` with the store on), or through the control plane
 * (`attach`: remote-history.ts). A source without one (store off) has no pager and the UI
 * points at the log files instead.
 */
import type {LogFilter} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';
import type {LogStore} from '../logs/store/index.js';
import {err, ok, type Result} from '../util/result.js';

/** Pages of one run's stored entries, always oldest first; `limit` is at most one page. */
export interface HistoryPager {
  /** The newest `limit` entries matching `filter` with `seq < beforeSeq`. */
  before(filter: LogFilter | undefined, beforeSeq: number, limit: number): Promise<Result<LogEntry[], string>>;
  /** The oldest `limit` entries matching `filter` with `afterSeq < seq < beforeSeq` (no lower bound when `afterSeq` is undefined). */
  after(filter: LogFilter | undefined, afterSeq: number | undefined, beforeSeq: number, limit: number): Promise<Result<LogEntry[], string>>;
  /**
   * After a read: it reached back only as far as the pipeline's ring (an attached pipeline
   * without a store), so running out of entries means "older ones are in the log files",
   * not "start of the run". Absent: the history is the whole run.
   */
  readonly partial?: boolean;
}

export interface StorePagerOptions {
  store: LogStore;
  /** The run the UI shows (the hub's `runId`). */
  runId: string;
  /** Waits for the hub to hand what it published to the store (default: one macrotask). */
  settle?: () => Promise<void>;
}

/**
 * A pager over the running pipeline's own store. The ring evicted what the UI asks for a
 * moment ago, and the store writes in a worker: before each read, the hub gets a turn to
 * deliver its queued batch to the store and the store commits what it was given, so a page
 * never misses an entry that is simply still on its way (a gap at the seam).
 */
export function storeHistoryPager({store, runId, settle = nextMacrotask}: StorePagerOptions): HistoryPager {
  const read = async (filter: LogFilter | undefined, range: {afterSeq?: number; beforeSeq: number}, limit: number, order: 'asc' | 'desc'): Promise<Result<LogEntry[], string>> => {
    try {
      await settle();
      await store.flush();
      const entries: LogEntry[] = [];
      for await (const page of store.query(filter, {runId, ...range, limit, order, pageSize: limit})) entries.push(...page);
      return ok(order === 'desc' ? entries.reverse() : entries);
    } catch (error) {
      return err(`reading the log history failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    before: (filter, beforeSeq, limit) => read(filter, {beforeSeq}, limit, 'desc'),
    after: (filter, afterSeq, beforeSeq, limit) => read(filter, afterSeq === undefined ? {beforeSeq} : {afterSeq, beforeSeq}, limit, 'asc'),
  };
}

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
