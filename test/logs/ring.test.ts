import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {LogFilter} from '../../src/logs/api.js';
import {compileFilter} from '../../src/logs/filter.js';
import {Ring} from '../../src/logs/ring.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {entry} from './entries.js';

function seqs(entries: readonly LogEntry[]): number[] {
  return entries.map((e) => e.seq);
}

function range(from: number, to: number): number[] {
  return Array.from({length: to - from + 1}, (_, i) => from + i);
}

function filter(spec: Parameters<typeof compileFilter>[0]): LogFilter {
  const result = compileFilter(spec);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Appends entries with consecutive seqs from `start`, one component per entry from `components`. */
function fill(ring: Ring, start: number, components: readonly string[], extra: Partial<LogEntry> = {}): number {
  ring.append(components.map((componentId, i) => entry({seq: start + i, componentId, ...extra})));
  return start + components.length;
}

describe('Ring bounds', () => {
  it('is empty at first', () => {
    const ring = new Ring();
    expect([ring.size, ring.bytes, ring.evicted, ring.oldestSeq, ring.newestSeq]).toEqual([0, 0, 0, undefined, undefined]);
    expect(ring.query(undefined)).toEqual([]);
  });

  it('keeps at most maxEntries, evicting the oldest and counting them', () => {
    const ring = new Ring({maxEntries: 10});
    fill(ring, 1, Array.from({length: 15}, () => 'a'));
    expect(ring.size).toBe(10);
    expect(ring.evicted).toBe(5);
    expect([ring.oldestSeq, ring.newestSeq]).toEqual([6, 15]);
    expect(seqs(ring.query(undefined))).toEqual(range(6, 15));
  });

  it('defaults to 10 000 entries', () => {
    const ring = new Ring();
    fill(ring, 1, Array.from({length: 10_050}, () => 'a'));
    expect(ring.size).toBe(10_000);
    expect(ring.evicted).toBe(50);
  });

  it('keeps bytes (raw + message length) under maxBytes', () => {
    const ring = new Ring({maxEntries: 1000, maxBytes: 1000});
    // 50 + 50 = 100 per entry.
    fill(ring, 1, Array.from({length: 25}, () => 'a'), {raw: 'r'.repeat(50), message: 'm'.repeat(50)});
    expect(ring.size).toBe(10);
    expect(ring.bytes).toBe(1000);
    expect(ring.evicted).toBe(15);
    expect(ring.oldestSeq).toBe(16);
  });

  it('keeps the newest entry even when it alone is larger than maxBytes', () => {
    const ring = new Ring({maxBytes: 100});
    fill(ring, 1, ['a', 'b'], {raw: 'x', message: 'x'});
    ring.append([entry({seq: 3, componentId: 'c', raw: 'y'.repeat(500), message: ''})]);
    expect(seqs(ring.query(undefined))).toEqual([3]);
    expect(ring.bytes).toBe(500);
    expect(ring.evicted).toBe(2);
  });

  it('refuses nonsense bounds', () => {
    expect(() => new Ring({maxEntries: 0})).toThrow('Ring maxEntries must be a whole number ≥ 1, got 0');
    expect(() => new Ring({maxBytes: 0})).toThrow('Ring maxBytes must be ≥ 1, got 0');
  });

  it('refuses entries out of seq order, a bug in the caller', () => {
    const ring = new Ring();
    fill(ring, 5, ['a']);
    expect(() => fill(ring, 5, ['a'])).toThrow('ring append out of order (seq 5 after 5)');
  });
});

describe('Ring fairness', () => {
  it("a chatty component cannot evict a quiet component's last errors", () => {
    const ring = new Ring({maxEntries: 100});
    ring.append([1, 2, 3].map((seq) => entry({seq, componentId: 'quiet', level: 'error', raw: `failure ${seq}`})));
    fill(ring, 4, Array.from({length: 100_000}, () => 'chatty'));
    const quiet = ring.query(filter({components: ['quiet']}));
    expect(quiet.map((e) => e.raw)).toEqual(['failure 1', 'failure 2', 'failure 3']);
    expect(ring.size).toBe(100);
    expect(ring.evicted).toBe(100_003 - 100);
  });

  it('shrinks a component that was alone down to its fair share when another gets busy', () => {
    const ring = new Ring({maxEntries: 10});
    let next = fill(ring, 1, Array.from({length: 8}, () => 'first'));
    next = fill(ring, next, Array.from({length: 100}, () => 'second'));
    // 10 / 2 components = 5 each; each keeps its newest.
    expect(seqs(ring.query(filter({components: ['first']})))).toEqual([4, 5, 6, 7, 8]);
    expect(seqs(ring.query(filter({components: ['second']})))).toEqual(range(next - 5, next - 1));
  });

  it('applies fairness to the byte bound by evicting from the component holding the most bytes', () => {
    const ring = new Ring({maxEntries: 1000, maxBytes: 1000});
    ring.append([entry({seq: 1, componentId: 'quiet', raw: 'panic: nil map', message: 'panic: nil map'})]);
    fill(ring, 2, Array.from({length: 50}, () => 'big'), {raw: 'b'.repeat(100), message: ''});
    expect(ring.query(filter({components: ['quiet']})).map((e) => e.raw)).toEqual(['panic: nil map']);
    expect(ring.bytes).toBeLessThanOrEqual(1000);
  });

  it('keeps every component at or above its fair share, newest entries first (property)', () => {
    fc.assert(
      fc.property(fc.integer({min: 1, max: 30}), fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), {maxLength: 300}), (max, components) => {
        const ring = new Ring({maxEntries: max});
        components.forEach((componentId, i) => ring.append([entry({seq: i + 1, componentId})]));
        const kept = ring.query(undefined);
        expect(ring.size).toBe(Math.min(max, components.length));
        expect(kept.length).toBe(ring.size);
        expect(ring.size + ring.evicted).toBe(components.length);
        const seen = new Set(components);
        const fairShare = Math.floor(max / Math.max(1, seen.size));
        for (const id of seen) {
          const appended = components.flatMap((c, i) => (c === id ? [i + 1] : []));
          const mine = seqs(kept.filter((e) => e.componentId === id));
          expect(mine.length).toBeGreaterThanOrEqual(Math.min(appended.length, fairShare));
          expect(mine).toEqual(appended.slice(appended.length - mine.length));
        }
        expect(seqs(kept)).toEqual([...seqs(kept)].sort((x, y) => x - y));
      }),
      {numRuns: 300},
    );
  });
});

describe('Ring queries', () => {
  function ringOf(count: number): Ring {
    const ring = new Ring();
    fill(ring, 1, Array.from({length: count}, (_, i) => (i % 2 === 0 ? 'even' : 'odd')));
    return ring;
  }

  it('returns the newest `limit` without bounds, and everything without a limit', () => {
    const ring = ringOf(20);
    expect(seqs(ring.query(undefined, {limit: 3}))).toEqual([18, 19, 20]);
    expect(seqs(ring.query(undefined))).toEqual(range(1, 20));
    expect(ring.query(undefined, {limit: 0})).toEqual([]);
  });

  it('pages forward from afterSeq with the oldest `limit` after it', () => {
    const ring = ringOf(20);
    expect(seqs(ring.query(undefined, {afterSeq: 5, limit: 4}))).toEqual([6, 7, 8, 9]);
    expect(seqs(ring.query(undefined, {afterSeq: 9, limit: 4}))).toEqual([10, 11, 12, 13]);
    expect(seqs(ring.query(undefined, {afterSeq: 18}))).toEqual([19, 20]);
    expect(ring.query(undefined, {afterSeq: 20, limit: 4})).toEqual([]);
  });

  it('pages backward from beforeSeq with the newest `limit` before it', () => {
    const ring = ringOf(20);
    expect(seqs(ring.query(undefined, {beforeSeq: 10, limit: 4}))).toEqual([6, 7, 8, 9]);
    expect(seqs(ring.query(undefined, {beforeSeq: 6, limit: 4}))).toEqual([2, 3, 4, 5]);
    expect(seqs(ring.query(undefined, {beforeSeq: 3, limit: 4}))).toEqual([1, 2]);
    expect(seqs(ring.query(undefined, {afterSeq: 4, beforeSeq: 10, limit: 2}))).toEqual([8, 9]);
    expect(seqs(ring.query(undefined, {afterSeq: 4, beforeSeq: 10}))).toEqual([5, 6, 7, 8, 9]);
  });

  it('pages across seqs that were evicted and seqs that were never in the ring', () => {
    const ring = new Ring({maxEntries: 6});
    fill(ring, 1, ['quiet']);
    ring.append([10, 20, 30, 40, 50, 60, 70].map((seq) => entry({seq, componentId: 'chatty'})));
    expect(seqs(ring.query(undefined))).toEqual([1, 30, 40, 50, 60, 70]);
    expect(seqs(ring.query(undefined, {afterSeq: 1, limit: 2}))).toEqual([30, 40]);
    expect(seqs(ring.query(undefined, {afterSeq: 15, limit: 2}))).toEqual([30, 40]);
    expect(seqs(ring.query(undefined, {beforeSeq: 35, limit: 5}))).toEqual([1, 30]);
  });

  it('filters, then keeps the last `tail` matches, then applies the page limit within them', () => {
    const ring = ringOf(20);
    expect(seqs(ring.query(filter({components: ['odd']})))).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(seqs(ring.query(filter({components: ['odd'], tail: 3})))).toEqual([16, 18, 20]);
    expect(seqs(ring.query(filter({components: ['odd'], tail: 3}), {beforeSeq: 15}))).toEqual([10, 12, 14]);
    expect(seqs(ring.query(filter({components: ['odd'], tail: 4}), {limit: 2}))).toEqual([18, 20]);
    expect(seqs(ring.query(filter({components: ['odd'], tail: 4}), {afterSeq: 0, limit: 2}))).toEqual([14, 16]);
    expect(ring.query(filter({tail: 0}))).toEqual([]);
  });

  it('survives many evictions and compactions with consistent answers', () => {
    const ring = new Ring({maxEntries: 500});
    let next = 1;
    for (let round = 0; round < 50; round++) {
      next = fill(ring, next, Array.from({length: 97}, (_, i) => (i % 7 === 0 ? 'rare' : 'common')));
    }
    const all = ring.query(undefined);
    expect(all.length).toBe(500);
    expect(ring.newestSeq).toBe(next - 1);
    expect(ring.oldestSeq).toBe(all[0]?.seq);
    let pages: number[] = [];
    let after = 0;
    for (;;) {
      const page = ring.query(undefined, {afterSeq: after, limit: 64});
      if (page.length === 0) break;
      pages = pages.concat(seqs(page));
      after = page[page.length - 1]!.seq;
    }
    expect(pages).toEqual(seqs(all));
  });
});
