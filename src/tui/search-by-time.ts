/**
 * `n` / `N` in the merged timeline: the nearest match above or below the selected row in
 * time order (timestamp, then seq), as the pane shows it. Nearest by seq would skip to a row
 * far down the screen when a component's lines arrived late (merged-window.ts says why the
 * timeline is merged per component). Each component is searched on its own, bounded by the
 * selected entry's time (so the store, or the attached pipeline, prunes by time), and the
 * nearest of their matches wins.
 */
import type {LogFilter} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';
import {compileFilter} from '../logs/filter.js';
import {err, ok, type Result} from '../util/result.js';
import {byTime} from './time-order.js';
import {findMatch, findMatchEverywhere, type MatchResult, type SearchScope} from './search.js';

/**
 * What the ring answers, and which components' histories could still hold a nearer match.
 * The ring keeps each component's newest entries (it evicts a component's oldest first), so
 * a component's history holds only entries older than its oldest one in the ring, stamped no
 * later than it: it is read only when that could beat the ring's answer, and only between
 * the two times. A component the ring never saw has no entries.
 */
export interface LaneSearchPlan {
  /** The nearest match in the ring, over all components. */
  inRing: LogEntry | undefined;
  /** Components whose history is to be read, each with its filter narrowed to where a nearer match could be. */
  history: Array<{id: string; filter: LogFilter}>;
}

export function planLaneSearch(scope: SearchScope, lanes: readonly string[], from: LogEntry, direction: -1 | 1): Result<LaneSearchPlan, string> {
  let inRing: LogEntry | undefined;
  const oldest = new Map<string, LogEntry | undefined>();
  const seen = new Set(scope.ring.componentIds());
  for (const id of lanes) {
    const filter = laneFilter(scope, id, from, direction, undefined);
    if (!filter.ok) return filter;
    oldest.set(id, scope.ring.query(componentOnly(id), {afterSeq: -Infinity, limit: 1})[0]);
    if (filter.value === undefined) continue;
    let cursor = direction < 0 ? Infinity : 0;
    for (;;) {
      const entry = findMatch(scope.ring, filter.value, scope.regex, cursor, direction);
      if (entry === undefined || beyond(entry, from, direction)) {
        inRing = nearer(inRing, entry, direction);
        break;
      }
      cursor = entry.seq;
    }
  }
  const history: LaneSearchPlan['history'] = [];
  if (!mayReadHistory(scope)) return ok({inRing, history});
  for (const id of lanes) {
    const first = oldest.get(id);
    if (first === undefined && !seen.has(id)) continue;
    // Where a match older than the ring's could be: not past its oldest entry, and nearer than the ring's answer.
    if (first !== undefined && direction < 0 && inRing !== undefined && byTime(first, inRing) <= 0) continue;
    if (first !== undefined && direction > 0 && byTime(first, from) <= 0) continue;
    const filter = laneFilter(scope, id, from, direction, {first, inRing});
    if (!filter.ok) return filter;
    if (filter.value !== undefined) history.push({id, filter: filter.value});
  }
  return ok({inRing, history});
}

/**
 * With a history: the plan's components searched together, nearest by seq first (as the
 * store and GetLogs scan), and on from each match with the time window narrowed to what could
 * still be nearer in time, which the store prunes by its blocks' times. One component after
 * another, a component without a match was scanned back to the start of the run (minutes
 * under a flood).
 */
export async function findMatchByTime(scope: SearchScope, plan: LaneSearchPlan, from: LogEntry, direction: -1 | 1, cancelled: () => boolean): Promise<Result<MatchResult, string>> {
  let best: MatchResult = plan.inRing && {entry: plan.inRing, where: 'ring'};
  if (plan.history.length === 0) return ok(best);
  const ids = plan.history.map((lane) => lane.id);
  let cursor = direction < 0 ? Infinity : 0;
  for (;;) {
    if (cancelled()) return ok(undefined);
    const filter = lanesFilter(scope, ids, from, direction, best?.entry);
    if (!filter.ok) return filter;
    if (filter.value === undefined) return ok(best);
    const found = await findMatchEverywhere({...scope, filter: filter.value}, cursor, direction, cancelled);
    if (!found.ok) return found;
    const entry = found.value?.entry;
    // No more; or a reader that ignored the seq bound (an older pipeline's GetLogs): no progress, stop.
    if (entry === undefined || (direction < 0 ? entry.seq >= cursor : entry.seq <= cursor)) return ok(best);
    if (beyond(entry, from, direction) && nearer(best?.entry, entry, direction) !== best?.entry) best = found.value;
    cursor = entry.seq;
  }
}

/** The plan's components, on the selected entry's side in time and nearer than `best`. */
function lanesFilter(scope: SearchScope, ids: readonly string[], from: LogEntry, direction: -1 | 1, best: LogEntry | undefined): Result<LogFilter | undefined, string> {
  const narrowed = laneFilter(scope, '', from, direction, {first: undefined, inRing: best});
  if (!narrowed.ok || narrowed.value === undefined) return narrowed;
  const {spec, sinceMs, untilMs} = narrowed.value;
  const pane = scope.filter;
  return ok({
    spec: {...spec, components: [...ids]},
    sinceMs,
    untilMs,
    tail: undefined,
    matches: (entry) => ids.includes(entry.componentId) && (sinceMs === undefined || entry.timestamp >= sinceMs) && (untilMs === undefined || entry.timestamp < untilMs) && (pane === undefined || pane.matches(entry)),
  });
}

const componentOnly = (id: string): LogFilter => ({spec: {components: [id]}, sinceMs: undefined, untilMs: undefined, tail: undefined, matches: (entry) => entry.componentId === id});

/** Whether the search may read the history (the caller says "searching…"). */
export const mayReadHistory = (scope: SearchScope): boolean => scope.history !== undefined && Number.isFinite(scope.floor);

const beyond = (entry: LogEntry, from: LogEntry, direction: -1 | 1): boolean => (direction < 0 ? byTime(entry, from) < 0 : byTime(entry, from) > 0);

function nearer(best: LogEntry | undefined, entry: LogEntry | undefined, direction: -1 | 1): LogEntry | undefined {
  if (entry === undefined) return best;
  if (best === undefined) return entry;
  return direction < 0 ? (byTime(entry, best) > 0 ? entry : best) : byTime(entry, best) < 0 ? entry : best;
}

/**
 * The pane's filter narrowed to one component and to the selected entry's side in time (whole
 * milliseconds: the control plane carries bounds in milliseconds; the instant's own entries
 * are sorted out by `beyond`). `undefined`: the pane's own time window leaves nothing there.
 */
function laneFilter(
  scope: SearchScope,
  id: string,
  from: LogEntry,
  direction: -1 | 1,
  history: {first: LogEntry | undefined; inRing: LogEntry | undefined} | undefined,
): Result<LogFilter | undefined, string> {
  const pane = scope.filter;
  const instant = Math.floor(from.timestamp);
  // The pane's own window still holds: the search bounds only narrow it. In the history, also
  // not past the component's oldest entry in the ring, nor beyond the ring's answer.
  const atOrBefore = (entry: LogEntry | undefined): number => (entry === undefined ? Infinity : Math.floor(entry.timestamp) + 1);
  const atOrAfter = (entry: LogEntry | undefined): number => (entry === undefined ? -Infinity : Math.floor(entry.timestamp));
  const since = direction < 0 ? Math.max(pane?.sinceMs ?? -Infinity, atOrAfter(history?.inRing)) : Math.max(instant, pane?.sinceMs ?? -Infinity);
  const until = Math.min(direction < 0 ? instant + 1 : atOrBefore(history?.inRing), pane?.untilMs ?? Infinity, atOrBefore(history?.first));
  if (since >= until) return ok(undefined);
  const compiled = compileFilter({...pane?.spec, components: [id], ...(Number.isFinite(since) && {since}), ...(Number.isFinite(until) && {until})}, scope.now);
  if (!compiled.ok) return err(`search: ${compiled.error.message}`);
  const narrowed = compiled.value;
  return ok({
    spec: narrowed.spec,
    sinceMs: narrowed.sinceMs,
    untilMs: narrowed.untilMs,
    tail: undefined,
    matches: (entry) => narrowed.matches(entry) && (pane === undefined || pane.matches(entry)),
  });
}
