/**
 * Packing for the ring's older entries. Why: under a flood the ring's 10 000 entries (the
 * design's `buffer_size`) outlive two of V8's young-generation collections, so every entry,
 * its strings and its fields object were promoted to the old generation, to die there soon
 * after, evicted; the old generation grew from ~25 MB live to ~130 MB between full
 * collections. (Workload A with a 2 000-entry ring: peak RSS 108 MB instead of 220 MB.)
 * Packed, measured A/B on workload A: peak RSS 220 → 180 MB store off, 280 → 237 MB with the
 * history, CPU −6 %. Not the whole gap to the small ring, and not for the reason above
 * alone: with packed entries dropped instead of kept the peak is still ~180 MB, and what else
 * grows with the ring's size is not found (at peak glibc's heap holds 7 MB with a 2 000-entry
 * ring, 46 MB with 10 000, while V8's traces look alike).
 *
 * So only the newest entries stay objects; older ones are packed, a few hundred at a time,
 * into the layout the history store uses (`store/batch-encoder.ts`): typed arrays and one
 * UTF-8 buffer, outside V8's heap. A query decodes only the entries it returns, and a
 * filter reads a packed entry through a probe that decodes just the properties it tests
 * (`store/block-entries.ts`), so the live views, which read the newest entries, never pay.
 * What packing cannot keep as is it keeps as the store does: a lone UTF-16 surrogate
 * becomes U+FFFD.
 */
import type {LogEntry} from './entry.js';
import {BatchEncoder} from './store/batch-encoder.js';
import {BlockEntries} from './store/block-entries.js';

/** Entries of one component and run, packed together; entry `i` is the `i`-th packed. */
export type PackedSegment = BlockEntries;

export class EntryPacker {
  readonly #encoder = new BatchEncoder();
  /** The encoder's name table, grown in step with it (segments index into it). */
  readonly #names: string[] = [];

  /** Packs `entries`, all of one run, in order. */
  pack(entries: readonly LogEntry[]): PackedSegment {
    const runId = entries[0]?.runId ?? '';
    for (const entry of entries) {
      if (entry.runId !== runId) throw new Error('Internal error: a packed segment mixes runs');
      this.#encoder.add(entry);
    }
    const batch = this.#encoder.take(true);
    for (const name of batch.names) this.#names.push(name);
    const {text} = batch;
    return new BlockEntries(
      {numbers: bytesOf(batch.numbers), tags: bytesOf(batch.tags), keys: bytesOf(batch.keys), lengths: bytesOf(batch.lengths)},
      this.#names,
      runId,
      () => text,
    );
  }
}

function bytesOf(array: Float64Array | Uint32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
