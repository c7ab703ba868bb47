/**
 * The fixed workloads of issue 5. `--quick` shrinks every count so the whole harness runs in
 * seconds (CI keeps it working; no speed is asserted there).
 */

/**
 * @typedef {{id: string, count: number, size: number, format: 'zap' | 'short' | 'mixed' | 'rate', rate?: number}} ComponentLoad
 * @typedef {{id: string, title: string, components: ComponentLoad[], bytesPerLine: number}} Workload
 */

/** @returns {Workload} */
function workload(/** @type {string} */ id, /** @type {string} */ title, /** @type {number} */ n, /** @type {Omit<ComponentLoad, 'id'>} */ load, bytesPerLine = load.size) {
  const width = String(n - 1).length;
  const prefix = id.toLowerCase();
  return {
    id,
    title,
    bytesPerLine,
    components: Array.from({length: n}, (_, i) => ({id: `${prefix}${String(i).padStart(width, '0')}`, ...load})),
  };
}

/**
 * @param {{quick: boolean, scale?: number}} options scale multiplies A's line count (scaling runs)
 * @returns {{A: Workload, B: Workload, C: Workload, D: Workload & {seconds: number}, historyEntries: number}}
 */
export function workloads({quick, scale = 1}) {
  const q = (/** @type {number} */ full, /** @type {number} */ small) => (quick ? small : full);
  const dSeconds = q(20, 3);
  const dTotalRate = q(10_000, 2_000);
  return {
    A: workload('A', 'A: 4 × zap JSON 200 B, as fast as they print', 4, {count: q(250_000, 5_000) * scale, size: 200, format: 'zap'}),
    B: workload('B', 'B: 1 × short lines (32 B)', 1, {count: q(1_000_000, 20_000), size: 32, format: 'short'}),
    C: workload('C', 'C: 16 × mixed formats (fixtures/samples)', 16, {count: q(20_000, 500), size: 0, format: 'mixed'}, 110),
    D: {
      ...workload('D', `D: 4 × steady ${dTotalRate / 4} lines/s for ${dSeconds} s (latency)`, 4, {
        count: (dTotalRate / 4) * dSeconds,
        size: 200,
        format: 'rate',
        rate: dTotalRate / 4,
      }),
      seconds: dSeconds,
    },
    historyEntries: q(10_000_000, 100_000),
  };
}

/** Component id → expected line count. */
export function expectedLines(/** @type {Workload} */ w) {
  return new Map(w.components.map((c) => [c.id, c.count]));
}

export function totalLines(/** @type {Workload} */ w) {
  return w.components.reduce((sum, c) => sum + c.count, 0);
}
