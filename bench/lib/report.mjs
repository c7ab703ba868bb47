/**
 * Summaries, the targets as met / not met, and the terminal table.
 */
import {pairRatios, spread} from './stats.mjs';

/** @typedef {import('./throughput.mjs').RunResult} RunResult */

/** The measured references, in SYSTEMS order: every other system is compared with each that precedes it. */
const BASELINES = ['null', 'sed', 'concurrently', 'node-ceiling', 'node-ceiling-io'];
const REFERENCES = ['null', 'sed', 'concurrently'];

/**
 * Per workload and system: spreads of every figure; per system but null, sed and concurrently
 * (the ceilings and flowctl's variants): ratios of lines/s to each baseline before it, pair
 * by pair (node-ceiling-io to node-ceiling is the price of the writes alone).
 * @param {RunResult[]} runs
 */
export function summarise(runs) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const workload of [...new Set(runs.map((r) => r.workload))]) {
    const of = (/** @type {string} */ system) => runs.filter((r) => r.workload === workload && r.system === system).sort((a, b) => a.run - b.run);
    const systems = [...new Set(runs.filter((r) => r.workload === workload).map((r) => r.system))];
    /** @type {Record<string, any>} */
    const bySystem = {};
    for (const system of systems) {
      const rs = of(system);
      bySystem[system] = {
        runs: rs.length,
        linesPerS: spread(rs.map((r) => r.linesPerS)),
        wallS: spread(rs.map((r) => r.wallS)),
        cpuS: spread(rs.map((r) => r.cpuS)),
        peakRssMB: spread(rs.map((r) => r.peakRssMB)),
        lost: Math.max(...rs.map((r) => r.lost)),
        ...(rs.some((r) => r.consoleDropped !== undefined) ? {consoleDropped: Math.max(...rs.map((r) => r.consoleDropped ?? 0))} : {}),
        torn: Math.max(...rs.map((r) => r.torn)),
        reordered: Math.max(...rs.map((r) => r.reordered)),
        failedRuns: rs.filter((r) => r.exitCode !== 0).length,
        ...(rs.some((r) => r.storeRows !== undefined) ? {storeRowsMin: Math.min(...rs.map((r) => r.storeRows ?? 0))} : {}),
      };
      if (!REFERENCES.includes(system)) {
        const before = BASELINES.includes(system) ? BASELINES.slice(0, BASELINES.indexOf(system)) : BASELINES;
        bySystem[system].ratios = Object.fromEntries(
          before.filter((b) => systems.includes(b)).map((b) => [b, pairRatios(rs.map((r) => r.linesPerS), of(b).map((r) => r.linesPerS))]),
        );
      }
    }
    out[workload] = bySystem;
  }
  return out;
}

/**
 * The targets, judged from this run.
 * @param {{summary: Record<string, any>, runs: RunResult[], scaling?: {factor: number, peakRssMB: number, wallS: number}[], latency?: {p99: number}, queries?: {query: string, firstMs: number}[]}} r
 */
export function judgeTargets({summary, runs, scaling, latency, queries}) {
  const a = summary.A ?? {};
  const target = (/** @type {string} */ name, /** @type {boolean | undefined} */ met, /** @type {string} */ detail) => ({name, met: met === undefined ? 'not measured' : met ? 'met' : 'not met', detail});
  const fmt = (/** @type {number} */ n) => n.toFixed(2);
  const full = a.flowctl?.ratios?.concurrently;
  const nostore = a['flowctl-nostore']?.ratios?.concurrently;
  const flowRuns = runs.filter((r) => r.system.startsWith('flowctl'));
  const s1 = scaling?.find((s) => s.factor === 1);
  const s10 = scaling?.find((s) => s.factor === 10);
  const qMax = queries === undefined ? undefined : Math.max(...queries.map((q) => q.firstMs));
  return [
    target(
      'A, everything on: lines/s ≥ concurrently (every pair), zero lost/torn',
      full && a.flowctl ? full.min >= 1 && a.flowctl.lost === 0 && a.flowctl.torn === 0 : undefined,
      full ? `ratio min ${fmt(full.min)} median ${fmt(full.median)} max ${fmt(full.max)}; lost ${a.flowctl.lost}, torn ${a.flowctl.torn} (console dropped up to ${a.flowctl.consoleDropped ?? 0})` : '',
    ),
    target('A, store off: lines/s ≥ 1.5 × concurrently (every pair)', nostore ? nostore.min >= 1.5 : undefined, nostore ? `ratio min ${fmt(nostore.min)} median ${fmt(nostore.median)} max ${fmt(nostore.max)}` : ''),
    target(
      'Peak RSS at 10× A within 10 % of 1× and under 150 MB',
      s1 && s10 ? s10.peakRssMB <= s1.peakRssMB * 1.1 && s10.peakRssMB < 150 : undefined,
      s1 && s10 ? `1×: ${s1.peakRssMB.toFixed(0)} MB, 10×: ${s10.peakRssMB.toFixed(0)} MB` : '',
    ),
    target('D: p99 print → logs -f client under 50 ms', latency ? latency.p99 < 50 : undefined, latency ? `p99 ${latency.p99.toFixed(1)} ms` : ''),
    target('E: every query\'s first result under 300 ms', qMax === undefined ? undefined : qMax < 300, qMax === undefined ? '' : `slowest first result ${qMax.toFixed(0)} ms`),
    target(
      'Zero lines lost (files, history) or torn (files, console) in every flowctl run',
      flowRuns.length > 0 ? flowRuns.every((r) => r.lost === 0 && r.torn === 0 && r.reordered === 0) : undefined,
      `${flowRuns.filter((r) => r.lost > 0 || r.torn > 0 || r.reordered > 0).length} of ${flowRuns.length} runs lost, tore or reordered lines; ` +
        `${flowRuns.filter((r) => (r.consoleDropped ?? 0) > 0).length} runs dropped console lines`,
    ),
  ];
}

/** A plain-text table. */
export function table(/** @type {string[]} */ header, /** @type {string[][]} */ rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (/** @type {string[]} */ cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const k = (/** @type {number} */ n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : `${(n / 1e3).toFixed(0)} k`);
const ratio = (/** @type {{min: number, median: number, max: number} | undefined} */ r) => (r ? `${r.median.toFixed(2)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})` : '');

/** The throughput table: one row per workload × system, medians, ratios as median (min–max). */
export function throughputTable(/** @type {Record<string, any>} */ summary, /** @type {Record<string, string>} */ titles) {
  const rows = [];
  for (const [workload, systems] of Object.entries(summary)) {
    for (const [system, s] of Object.entries(systems)) {
      rows.push([
        `${workload} ${titles[system] ?? system}`,
        k(s.linesPerS.median),
        s.wallS.median.toFixed(2),
        s.cpuS.median.toFixed(2),
        s.peakRssMB.median.toFixed(0),
        String(s.lost),
        s.consoleDropped === undefined ? '' : String(s.consoleDropped),
        String(s.torn),
        ratio(s.ratios?.concurrently),
        ratio(s.ratios?.sed),
        ratio(s.ratios?.null),
        ratio(s.ratios?.['node-ceiling']),
        ratio(s.ratios?.['node-ceiling-io']),
      ]);
    }
  }
  return table(['workload / system', 'lines/s', 'wall s', 'CPU s', 'RSS MB', 'lost', 'console drop', 'torn', '× concurrently', '× sed', '× /dev/null', '× Node ceiling', '× ceiling + I/O'], rows);
}
