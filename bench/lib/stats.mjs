/** Small statistics for pair-by-pair comparisons. */

/** @typedef {{min: number, median: number, max: number}} Spread */

/** @returns {Spread} */
export function spread(/** @type {number[]} */ values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return {min: NaN, median: NaN, max: NaN};
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return {min: sorted[0] ?? NaN, median, max: sorted[sorted.length - 1] ?? NaN};
}

/** Ratio of `a` to `b` computed run by run (the i-th run of each ran back to back). */
export function pairRatios(/** @type {number[]} */ a, /** @type {number[]} */ b) {
  const n = Math.min(a.length, b.length);
  return spread(Array.from({length: n}, (_, i) => (a[i] ?? NaN) / (b[i] ?? NaN)));
}
