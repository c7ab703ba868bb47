/**
 * A component's `logging.level`: the least level its lines are shown with in the live views of
 * `flowctl up` (the console and the terminal UI). Files and the history keep everything, and
 * `flowctl logs` (a query) applies only the user's own flags.
 *
 * One rule with the filter's `minLevel` (`--min-level`, the UI's `1`…`5`): levels compare by
 * `levelRank`, so `unknown` counts as `info` — a line that says nothing is hidden by a `warn`
 * floor as by `--min-level warn`. flowctl's own notes (stream `control`: started, exited,
 * drop and rate-limit summaries) are always shown.
 */
import type {LogFilter} from './api.js';
import {levelRank, type Level, type LogEntry} from './entry.js';
import {compileFilter} from './filter.js';

export class DisplayFloor {
  readonly #ranks: ReadonlyMap<string, number>;

  private constructor(ranks: ReadonlyMap<string, number>) {
    this.#ranks = ranks;
  }

  /** The floor of these components; `undefined` when none sets a level (nothing to hide). */
  static of(components: readonly {id: string; minLevel: Level | undefined}[]): DisplayFloor | undefined {
    const ranks = new Map<string, number>();
    for (const {id, minLevel} of components) if (minLevel !== undefined) ranks.set(id, levelRank(minLevel));
    return ranks.size === 0 ? undefined : new DisplayFloor(ranks);
  }

  shows(entry: Pick<LogEntry, 'stream' | 'componentId' | 'level'>): boolean {
    if (entry.stream === 'control') return true;
    const rank = this.#ranks.get(entry.componentId);
    return rank === undefined || levelRank(entry.level) >= rank;
  }
}

/** A filter that also applies a floor; `spec` stays the user's own (it is what the UI describes). */
class FlooredFilter implements LogFilter {
  constructor(
    readonly base: LogFilter,
    readonly floor: DisplayFloor,
  ) {}

  get spec(): LogFilter['spec'] {
    return this.base.spec;
  }
  get sinceMs(): number | undefined {
    return this.base.sinceMs;
  }
  get untilMs(): number | undefined {
    return this.base.untilMs;
  }
  get tail(): number | undefined {
    return this.base.tail;
  }
  /** The base's: the floor only narrows what passes. */
  get includePieces(): readonly RegExp[] | undefined {
    return this.base.includePieces;
  }

  matches(entry: LogEntry): boolean {
    return this.floor.shows(entry) && this.base.matches(entry);
  }
}

const EVERYTHING = compileFilter({});

/** `filter` (none: everything) with `floor` applied too; the filter itself without a floor. */
export function withDisplayFloor(filter: LogFilter | undefined, floor: DisplayFloor | undefined): LogFilter | undefined {
  if (floor === undefined) return filter;
  const base = filter ?? (EVERYTHING.ok ? EVERYTHING.value : undefined);
  if (base === undefined) throw new Error('Internal error: the empty filter does not compile');
  return new FlooredFilter(base, floor);
}

/** `next` under the same floor as `previous` (a filter rebuilt from `previous.spec`, like search's). */
export function keepDisplayFloor(previous: LogFilter | undefined, next: LogFilter): LogFilter {
  return previous instanceof FlooredFilter ? new FlooredFilter(next, previous.floor) : next;
}
