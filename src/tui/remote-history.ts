/**
 * Older entries for `flowctl attach`: pages of the run read from the pipeline's control plane
 * with GetLogs' seq bounds (`before_seq` + `tail` going back, `after_seq` + `head` going
 * forward), exactly as the local pager reads the store. The server answers from its store,
 * or from its ring when it keeps none (then it says `partial`: the rest is in the log files).
 */
import type {FilterSpec, LogFilter} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';
import type {SeqBounds} from '../control/log-reader.js';
import {err, ok, type Result} from '../util/result.js';
import type {HistoryPager} from './history.js';
import type {RemoteControl} from './remote-source.js';

/** The filter's spec without a `tail` of its own (the pager sets the page size). */
export function pageSpec(filter: LogFilter | undefined, limit: {tail: number} | undefined): FilterSpec {
  const {tail: _tail, ...spec} = filter?.spec ?? {};
  return limit === undefined ? spec : {...spec, tail: limit.tail};
}

/** A pager over the attached pipeline's history (`run` '' = its current run). */
export function remoteHistoryPager(client: Pick<RemoteControl, 'readLogs'>, run = ''): HistoryPager {
  let partial = false;
  const read = async (spec: FilterSpec, bounds: SeqBounds): Promise<Result<LogEntry[], string>> => {
    const stream = client.readLogs({spec, follow: false, run, bounds});
    const entries: LogEntry[] = [];
    const pageSize = spec.tail ?? bounds.head ?? Infinity;
    try {
      for await (const batch of stream) {
        entries.push(...batch);
        // More than the page asked for: a server that ignores `head`; stop reading its whole run.
        if (entries.length > pageSize) {
          stream.cancel();
          break;
        }
      }
    } catch (error) {
      return err(`reading older entries from the pipeline failed: ${(error as Error).message}`);
    }
    partial = stream.partial === true;
    // A flowctl from before seq bounds ignores them (unknown proto fields) and answers the
    // newest entries: never show those as older ones.
    const outside = entries.length > pageSize ? entries[pageSize] : entries.find((e) => (bounds.beforeSeq !== undefined && e.seq >= bounds.beforeSeq) || (bounds.afterSeq !== undefined && e.seq <= bounds.afterSeq));
    if (outside !== undefined) return err(`the pipeline's flowctl cannot page its history (entry #${outside.seq} is outside the range asked for): run the same flowctl version for up and attach`);
    return ok(entries);
  };
  return {
    get partial() {
      return partial;
    },
    before(filter, bound, limit) {
      // Whole seqs on the wire: a live view's summary sits between two (live-view.ts).
      const beforeSeq = Math.ceil(bound);
      if (beforeSeq <= 1) return Promise.resolve(ok([]));
      return read(pageSpec(filter, {tail: limit}), Number.isFinite(beforeSeq) ? {beforeSeq} : {});
    },
    after(filter, afterBound, beforeBound, limit) {
      const afterSeq = afterBound === undefined ? undefined : Math.floor(afterBound);
      const beforeSeq = Math.ceil(beforeBound);
      const lower = afterSeq !== undefined && afterSeq > 0 ? afterSeq : undefined;
      if (beforeSeq <= (lower ?? 0) + 1) return Promise.resolve(ok([]));
      return read(pageSpec(filter, undefined), {
        ...(lower === undefined ? {} : {afterSeq: lower}),
        ...(Number.isFinite(beforeSeq) ? {beforeSeq} : {}),
        head: limit,
      });
    },
  };
}
