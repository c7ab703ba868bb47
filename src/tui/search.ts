/**
 * `n` / `N`: the nearest entry whose text matches the search, older or newer than `from`,
 * among the entries the pane's filter shows. Reads the ring in pages, never all at once.
 */
import type {LogFilter, LogRing} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';
import {plainText} from '../logs/filter.js';

const PAGE = 1000;

/** The text search runs on: the line as printed (ANSI removed), else the message. */
export function searchText(entry: LogEntry): string {
  return entry.raw === '' ? entry.message : plainText(entry.raw);
}

export function findMatch(ring: LogRing, filter: LogFilter | undefined, regex: RegExp, from: number, direction: -1 | 1): LogEntry | undefined {
  let cursor = from;
  for (;;) {
    const page = direction < 0 ? ring.query(filter, {beforeSeq: cursor, limit: PAGE}) : ring.query(filter, {afterSeq: cursor, limit: PAGE});
    if (page.length === 0) return undefined;
    if (direction < 0) {
      for (let i = page.length - 1; i >= 0; i--) {
        const entry = page[i] as LogEntry;
        if (regex.test(searchText(entry))) return entry;
      }
      cursor = (page[0] as LogEntry).seq;
    } else {
      for (const entry of page) if (regex.test(searchText(entry))) return entry;
      cursor = (page[page.length - 1] as LogEntry).seq;
    }
  }
}
