/**
 * What a following pane shows when the pipeline rate-limits its live views (`logging.rate_limit`):
 * the entries the limit let through and, in their place, the hub's summaries ("… 1 946 lines
 * from noisy not shown (rate limit 100/s)"), as the console shows them. Kept in a ring of its
 * own, filled at the limited rate, so a flood costs the UI nothing per hidden line.
 *
 * Only following reads it: a paused pane reads the run as kept (the full ring, then the
 * store), every line included — scrolling back is reading the history, which the limit never
 * touches (issue 4: "entries still go to files and the store").
 *
 * A summary carries the seq of the entry it precedes and is in no store, so it gets a place
 * of its own here: half-way between the entry appended before it and the next whole seq
 * (`5 → 5.5 → 5.75` for several in a row). Fractions never leave the UI: a pane that pauses
 * on one rounds down to the entry above it, and the history pagers round to whole seqs.
 */
import type {LogEntry} from '../logs/entry.js';
import {Ring} from '../logs/ring.js';

/** A rate-limit summary of the hub (`fields.flowctl`), or a drop marker: not one of the run's entries. */
export function isHubNote(entry: LogEntry): boolean {
  return entry.stream === 'control' && entry.fields.flowctl !== undefined;
}

export class LiveView {
  readonly ring: Ring;
  #newest = 0;
  /** Summaries that found no place (more in a row than a double can split): counted, not shown. */
  unplaced = 0;

  constructor(maxEntries: number) {
    this.ring = new Ring({maxEntries});
  }

  /** Appends a delivered batch in order; returns what was appended (for the panes' counters). */
  add(batch: readonly LogEntry[]): LogEntry[] {
    const added: LogEntry[] = [];
    for (const entry of batch) {
      if (!isHubNote(entry)) {
        // Entries below what the ring holds cannot occur (the hub delivers in seq order).
        if (entry.seq <= this.#newest) continue;
        added.push(entry);
        this.#newest = entry.seq;
        continue;
      }
      if (entry.fields.flowctl !== 'rate-limited') continue;
      const seq = (this.#newest + Math.floor(this.#newest) + 1) / 2;
      if (!(seq > this.#newest && seq < Math.floor(this.#newest) + 1)) {
        this.unplaced += 1;
        continue;
      }
      added.push({...entry, seq});
      this.#newest = seq;
    }
    if (added.length > 0) this.ring.append(added);
    return added;
  }
}
