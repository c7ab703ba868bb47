/**
 * Where the ring stops being complete. It evicts per component (a chatty one loses its old
 * lines first, a quiet one keeps its last errors), so below the newest evicted entry it holds
 * only some components' entries. The hub assigns consecutive seqs, so the first hole walking
 * down from the newest entry is that point.
 */
import type {LogRing} from '../logs/api.js';

const SCAN_CHUNK = 4096;

/** The smallest seq from which `ring` holds every entry (its oldest entry when it has no hole). */
export function contiguousFloor(ring: LogRing): number {
  let expected = (ring.newestSeq ?? 0) + 1;
  for (;;) {
    // Bounded by the ring's size; callers cache the answer per change of the ring.
    // Seqs only: the ring's older entries are packed, and decoding them here cost a frame.
    const chunk = ring.seqs({beforeSeq: expected, limit: SCAN_CHUNK});
    for (let i = chunk.length - 1; i >= 0; i--) {
      const seq = chunk[i] as number;
      if (seq !== expected - 1) return expected;
      expected = seq;
    }
    if (chunk.length < SCAN_CHUNK) return expected;
  }
}
