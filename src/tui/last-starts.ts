/**
 * When each component last started, kept after it exits: "since the last restart" (`t`) must
 * follow a component that restarts, and mean its last run while it is down (a crash loop
 * spends most of its time backing off, when its status has no start time).
 *
 * Seen in two places, whichever comes first: a status with a start time (`up` reports every
 * change; `attach` polls, so a run shorter than a poll is missed there), and flowctl's own
 * "starting" note in the log, which every view receives (stamped with the run's start, so
 * the window begins with it).
 */
import type {LogFilter} from '../logs/api.js';
import type {LogEntry} from '../logs/entry.js';
import type {ComponentStatus} from '../supervisor/status.js';

export class LastStarts {
  readonly #at = new Map<string, number>();

  /** The latest start seen for `id`, if any. */
  of(id: string): number | undefined {
    return this.#at.get(id);
  }

  /** True when a start later than the one known was seen. */
  observeStatuses(statuses: readonly ComponentStatus[]): boolean {
    let changed = false;
    for (const status of statuses) if (status.startedAt !== undefined) changed = this.#saw(status.id, status.startedAt) || changed;
    return changed;
  }

  observeEntries(batch: readonly LogEntry[]): boolean {
    let changed = false;
    for (const entry of batch) if (isStartNote(entry)) changed = this.#saw(entry.componentId, entry.timestamp) || changed;
    return changed;
  }

  #saw(id: string, at: number): boolean {
    const known = this.#at.get(id);
    if (known !== undefined && known >= at) return false;
    this.#at.set(id, at);
    return true;
  }
}

/** flowctl's note that a component's run begins. */
const isStartNote = (entry: LogEntry): boolean => entry.stream === 'control' && entry.componentId !== '' && entry.message === 'starting';

/** The ring's start notes (tested on the ring's light views: no entry is built for the rest). */
export const START_NOTES: LogFilter = {spec: {}, sinceMs: undefined, untilMs: undefined, tail: undefined, matches: isStartNote};
