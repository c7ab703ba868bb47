/**
 * The merged timeline's order and its lanes (merged-window.ts): entries by timestamp, then
 * seq; one component's entries under a pane's filter; finding where a lane is at a time.
 */
import type {LogFilter} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';

/** Entries read at a time while placing a lane at a time. */
export const PROBE_PAGE = 64;

/** Display order: timestamp, then seq. */
export const byTime = (a: LogEntry, b: LogEntry): number => a.timestamp - b.timestamp || a.seq - b.seq;

/**
 * Through pages read newest first (`read(before, limit)`, oldest first within a page), the seq
 * of the newest entry at or before `entry` by time; entries of the same instant after it are read past.
 */
export function newestAtOrBefore(entry: LogEntry, read: (before: number, limit: number) => readonly LogEntry[]): number | undefined {
  let before = Infinity;
  for (;;) {
    const page = read(before, PROBE_PAGE);
    for (let i = page.length - 1; i >= 0; i--) {
      const candidate = page[i] as LogEntry;
      if (byTime(candidate, entry) <= 0) return candidate.seq;
    }
    if (page.length < PROBE_PAGE) return undefined;
    before = (page[0] as LogEntry).seq;
  }
}

/** The last `count` of `entries` by time. */
export function newest(entries: LogEntry[], count: number): LogEntry[] {
  entries.sort(byTime);
  return entries.length > count ? entries.slice(entries.length - count) : entries;
}

/** The pane's filter narrowed to one component (named in `spec`, so the ring and the store read only its entries). */
export function laneFilter(filter: LogFilter | undefined, id: string): LogFilter {
  return {
    spec: {...(filter?.spec ?? {}), components: [id]},
    sinceMs: filter?.sinceMs,
    untilMs: filter?.untilMs,
    tail: undefined,
    matches: (entry) => entry.componentId === id && (filter === undefined || filter.matches(entry)),
  };
}
