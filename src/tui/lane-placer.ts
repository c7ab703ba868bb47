/**
 * Where each lane of the merged timeline is at a given entry's time (a search match being
 * revealed): one past its newest entry at or before that entry by time. The ring holds a
 * component from its own floor on and is searched at once; below it, the history is asked
 * once per lane and entry, without a seq bound, so a flood moving the floor meanwhile leaves
 * no gap between the two.
 */
import type {LogFilter, LogRing} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';
import {compileFilter} from '../logs/filter.js';
import {ok, type Result} from '../util/result.js';
import type {HistoryPager} from './history.js';
import {byTime, newestAtOrBefore, PROBE_PAGE} from './time-order.js';

/** The history's answer for one lane: being read (`bound` undefined), or the bound found. */
type Probe = {entry: number; bound: number | undefined};

export class LanePlacer {
  readonly #probes = new Map<string, Probe>();
  #failure: {lane: string; message: string} | undefined;

  constructor(
    private readonly ring: LogRing,
    private readonly history: HistoryPager | undefined,
    /** A history answer arrived: place the lanes again. */
    private readonly onAnswer: () => void,
  ) {}

  /**
   * One past the newest entry of lane `id` (under `filter`) at or before `entry` by time, 1
   * when it has none so early; undefined while the history is asked.
   */
  boundAt(id: string, filter: LogFilter, entry: LogEntry): number | undefined {
    // A whole millisecond later: the control plane carries bounds in milliseconds. Entries
    // in it after `entry` are skipped, with the same instant's later ones.
    const until = compileFilter({...filter.spec, until: Math.floor(entry.timestamp) + 1});
    // The pane's own window starts after the entry: nothing of the lane is at or before it.
    if (!until.ok) return 1;
    const timed: LogFilter = {spec: until.value.spec, sinceMs: until.value.sinceMs, untilMs: until.value.untilMs, tail: undefined, matches: (e) => until.value.matches(e) && filter.matches(e), includePieces: filter.includePieces};
    const floor = this.ring.componentFloor(id);
    const inRing = newestAtOrBefore(entry, (before, limit) => this.ring.query(timed, {afterSeq: Math.max(floor, 0) - 1, beforeSeq: before, limit}));
    if (inRing !== undefined) return inRing + 1;
    const history = this.history;
    if (history === undefined || floor <= 1) return Math.max(floor, 1);
    const probe = this.#probes.get(id);
    if (probe?.entry === entry.seq) return probe.bound;
    this.#probes.set(id, {entry: entry.seq, bound: undefined});
    void askHistory(history, timed, entry).then((result) => {
      const current = this.#probes.get(id);
      if (current?.entry !== entry.seq) return;
      if (!result.ok) this.#failure = {lane: id, message: result.error};
      current.bound = result.ok ? (result.value ?? 0) + 1 : Math.max(floor, 1);
      this.onAnswer();
    });
    return undefined;
  }

  /** The history is being asked for lane `id`. */
  loading(id: string): boolean {
    return this.#probes.has(id) && this.#probes.get(id)?.bound === undefined;
  }

  failure(id: string): string | undefined {
    return this.#failure?.lane === id ? this.#failure.message : undefined;
  }

  /** Forgets the answers for other entries than `keep` (all without it). */
  forget(keep?: number): void {
    for (const [id, probe] of this.#probes) if (probe.entry !== keep) this.#probes.delete(id);
    if (keep === undefined) this.#failure = undefined;
  }
}

/** The seq of the newest stored entry of `timed` at or before `entry` by time. */
async function askHistory(history: HistoryPager, timed: LogFilter, entry: LogEntry): Promise<Result<number | undefined, string>> {
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const page = await history.before(timed, before, PROBE_PAGE);
    if (!page.ok) return page;
    for (let i = page.value.length - 1; i >= 0; i--) {
      const candidate = page.value[i] as LogEntry;
      if (byTime(candidate, entry) <= 0) return ok(candidate.seq);
    }
    if (page.value.length < PROBE_PAGE) return ok(undefined);
    before = (page.value[0] as LogEntry).seq;
  }
}
