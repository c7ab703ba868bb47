/**
 * `n` / `N`: the nearest entry whose text matches the search, older or newer than `from`,
 * among the entries the pane's filter shows. The ring is read in pages, never all at once;
 * beyond it (its floor: below it the ring has holes) the run's history is asked for the one
 * nearest match, with the search as one more `include` of the pane's filter, so the store or
 * the attached pipeline's GetLogs does the scanning.
 */
import type {LogFilter, LogRing} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';
import {compileFilter} from '../logs/filter.js';
import {EntryText, textRegex} from '../logs/filter-text.js';
import {keepDisplayFloor} from '../logs/display-floor.js';
import {err, ok, type Result} from '../util/result.js';
import {smartCase} from './filter-state.js';
import type {HistoryPager} from './history.js';
import {contiguousFloor} from './ring-floor.js';

const PAGE = 1000;
/** History entries read per request while the pane's own includes are checked here. */
const HISTORY_PAGE = 200;

/**
 * Whether an entry matches the search: as the filter's `--grep` / `/` match (filter-text.ts),
 * the line as printed (ANSI removed), its message, or the message with its fields as
 * `key=value`. So what a row shows (`connecting … source_address=localhost:50052`) is found
 * even when the line was JSON, and the history (searched with the search as an include)
 * agrees with the ring.
 */
export function searchMatcher(regex: RegExp): (entry: LogEntry) => boolean {
  const term = textRegex(regex.source, regex.flags);
  return (entry) => new EntryText(entry).included(term);
}

/**
 * The nearest match in the ring, older (`-1`) or newer (`+1`) than `from`; going older, not
 * below `floor` (where the ring stops being complete; `-Infinity`: all of it).
 */
export function findMatch(ring: LogRing, filter: LogFilter | undefined, regex: RegExp, from: number, direction: -1 | 1, floor = -Infinity): LogEntry | undefined {
  let cursor = from;
  const matches = searchMatcher(regex);
  const lower = Number.isFinite(floor) ? {afterSeq: floor - 1} : {};
  for (;;) {
    const page = direction < 0 ? ring.query(filter, {...lower, beforeSeq: cursor, limit: PAGE}) : ring.query(filter, {afterSeq: cursor, limit: PAGE});
    if (page.length === 0) return undefined;
    if (direction < 0) {
      for (let i = page.length - 1; i >= 0; i--) {
        const entry = page[i] as LogEntry;
        if (matches(entry)) return entry;
      }
      cursor = (page[0] as LogEntry).seq;
    } else {
      for (const entry of page) if (matches(entry)) return entry;
      cursor = (page[page.length - 1] as LogEntry).seq;
    }
  }
}

export interface SearchScope {
  ring: LogRing;
  /** The run's older entries; absent: the ring is all there is. */
  history: HistoryPager | undefined;
  /** Smallest seq from which the ring holds every entry (`Scrollback.floor()`). */
  floor: number;
  filter: LogFilter | undefined;
  regex: RegExp;
  /** The search as typed (smart case, like the regex). */
  pattern: string;
  now: number;
}

/** `where`: the match is in the ring (drawn at once) or was read from the history. */
export type MatchResult = {entry: LogEntry; where: 'ring' | 'history'} | undefined;

/** Whether finding the next match may need the history (the caller says "searching…"). */
export function needsHistory(scope: SearchScope, from: number, direction: -1 | 1): boolean {
  if (scope.history === undefined || !Number.isFinite(scope.floor)) return false;
  return direction < 0 ? findMatch(scope.ring, scope.filter, scope.regex, from, -1, scope.floor) === undefined && Math.min(from, scope.floor) > 1 : from < scope.floor - 1;
}

/**
 * The nearest match older or newer than `from`, in the ring where it is complete, else in the
 * history. `cancelled`: checked before each history page; once true, no more pages are read.
 */
export async function findMatchEverywhere(scope: SearchScope, from: number, direction: -1 | 1, cancelled: () => boolean = () => false): Promise<Result<MatchResult, string>> {
  const {ring, history, floor, filter, regex} = scope;
  if (history === undefined || !Number.isFinite(floor)) {
    const entry = findMatch(ring, filter, regex, from, direction);
    return ok(entry && {entry, where: 'ring'});
  }
  const searched = searchFilter(scope);
  if (!searched.ok) return searched;
  // The history scans with the search as the include; the pane's own includes (an include
  // list keeps entries matching ANY of its patterns, not all) are checked here.
  const exact = (scope.filter?.spec.include ?? []).length === 0;
  const matches = searchMatcher(regex);
  const shown = (entry: LogEntry): boolean => (filter === undefined || filter.matches(entry)) && matches(entry);
  const limit = exact ? 1 : HISTORY_PAGE;
  if (direction < 0) {
    const inRing = findMatch(ring, filter, regex, from, -1, floor);
    if (inRing !== undefined) return ok({entry: inRing, where: 'ring'});
    for (let below = Math.min(from, floor); below > 1 && !cancelled(); ) {
      const page = await history.before(searched.value, below, limit);
      if (!page.ok) return page;
      const entry = page.value.findLast(shown);
      if (entry !== undefined) return ok({entry, where: 'history'});
      if (page.value.length < limit) break;
      below = (page.value[0] as LogEntry).seq;
    }
    return ok(undefined);
  }
  // Newer: the history up to the floor, then the ring. A flood can evict the ring past the
  // floor while the history is read: what it evicted is then read from the history too, up to
  // where the ring is complete now, so no match in between is skipped (regression:
  // search-skips-evicted-gap).
  let upTo = floor;
  let after = from;
  for (;;) {
    while (after < upTo - 1 && !cancelled()) {
      const page = await history.after(searched.value, after, upTo, limit);
      if (!page.ok) return page;
      const entry = page.value.find(shown);
      if (entry !== undefined) return ok({entry, where: 'history'});
      if (page.value.length < limit) after = upTo - 1;
      else after = (page.value.at(-1) as LogEntry).seq;
    }
    const complete = contiguousFloor(ring);
    if (complete <= upTo || cancelled()) break;
    after = Math.max(after, upTo - 1);
    upTo = complete;
  }
  const entry = findMatch(ring, filter, regex, Math.max(from, upTo - 1), 1);
  return ok(entry && {entry, where: 'ring'});
}

/** The pane's filter with the search in place of its includes (checked by the caller). */
function searchFilter(scope: SearchScope): Result<LogFilter, string> {
  const spec = scope.filter?.spec ?? {};
  const compiled = compileFilter({...spec, include: [smartCase(scope.pattern)]}, scope.now);
  return compiled.ok ? ok(keepDisplayFloor(scope.filter, compiled.value)) : err(`search: ${compiled.error.message}`);
}
