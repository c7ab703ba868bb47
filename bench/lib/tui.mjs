/**
 * The TUI figures (issue 7): under workload A's flood, with flowctl's supervisor ingesting
 * at full speed and the terminal UI drawing real frames into a fake 120×40 terminal in the
 * same process (`tui-driver.mjs`), key press → the frame that shows its effect (p50/p95/max)
 * and the share of the process's CPU spent rendering.
 */
import {spawn} from 'node:child_process';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {percentiles} from './latency.mjs';
import {pipelineYaml} from './systems.mjs';

const driver = join(dirname(fileURLToPath(import.meta.url)), 'tui-driver.mjs');

/**
 * @typedef {{keys: number, keysDuringFlood: number, p50: number, p95: number, max: number, renderShare: number, renderS: number, cpuS: number, floodS: number, linesPerS: number, frames: number, framesDuringFlood: number, handledToFrame: {p50: number, p95: number}, split: {drawS: number, inkS: number, writeS: number}, missed: number, exitCode: number}} TuiFigures
 */

/**
 * @param {{root: string, scratch: string, gen: import('./generators.mjs').Generator, templates: string, keep: boolean}} ctx
 * @param {import('./workloads.mjs').Workload} workload
 * @param {{minKeys: number}} options keys to press at least (more while the flood lasts)
 * @returns {Promise<TuiFigures>}
 */
export async function tuiRun(ctx, workload, {minKeys}) {
  return summariseTui(await driveTui(ctx, workload, [String(minKeys)]));
}

/**
 * D through the UI: print → the first frame that shows the line (`frame-latency.mjs`), over
 * the lines the UI showed.
 * @param {{root: string, scratch: string, gen: import('./generators.mjs').Generator, templates: string, keep: boolean}} ctx
 * @param {import('./workloads.mjs').Workload} workload
 * @returns {Promise<{count: number, p50: number, p99: number, max: number}>}
 */
export async function tuiLatencyRun(ctx, workload) {
  const raw = await driveTui(ctx, workload, ['0', 'latency']);
  if (!Array.isArray(raw.printToFrameMs)) throw new Error('bench: the TUI driver reported no print → frame latencies');
  return percentiles(raw.printToFrameMs);
}

/** Runs the driver on `workload`; its JSON report. */
async function driveTui(/** @type {any} */ ctx, /** @type {import('./workloads.mjs').Workload} */ workload, /** @type {string[]} */ args) {
  const runDir = join(ctx.scratch, 'tui');
  const logDir = join(runDir, 'logs');
  mkdirSync(runDir, {recursive: true});
  const file = join(runDir, 'pipeline.yaml');
  writeFileSync(file, pipelineYaml({workload, gen: ctx.gen, templates: ctx.templates, logDir, store: true}));
  // CI=true stays as it is: the UI hides it from Ink itself (src/tui/ink.ts).
  const env = {...process.env, NO_COLOR: '1'};
  const child = spawn(process.execPath, [driver, ctx.root, file, logDir, ...args], {cwd: runDir, env, stdio: ['ignore', 'pipe', 'inherit']});
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text) => (out += text));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (!ctx.keep) rmSync(runDir, {recursive: true, force: true});
  const line = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || line === '') throw new Error(`bench: the TUI driver exited with ${code} (see its stderr above)`);
  return JSON.parse(line);
}

/** Raw driver output → the figures (latencies of keys pressed during the flood when any were). */
export function summariseTui(/** @type {any} */ raw) {
  /** @type {{latencyMs?: number, duringFlood: boolean}[]} */
  const presses = raw.presses;
  const during = presses.filter((p) => p.duringFlood);
  const sample = (during.length > 0 ? during : presses).map((p) => p.latencyMs).filter((v) => v !== undefined);
  const sorted = /** @type {number[]} */ (sample).sort((a, b) => a - b);
  const at = (/** @type {number} */ p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  // Key handled → frame (the UI's part) of the same presses; the rest of the latency is the event loop's.
  const uiPart = (during.length > 0 ? during : presses).map((p) => p.inputToFrameMs).filter((v) => v !== undefined).sort((a, b) => a - b);
  const uiAt = (/** @type {number} */ p) => uiPart[Math.min(uiPart.length - 1, Math.floor((p / 100) * uiPart.length))] ?? NaN;
  return {
    keys: presses.length,
    keysDuringFlood: during.length,
    p50: at(50),
    p95: at(95),
    max: sorted.at(-1) ?? NaN,
    missed: presses.filter((p) => p.latencyMs === undefined).length,
    renderShare: raw.renderShare,
    renderS: raw.renderS,
    cpuS: raw.cpuS,
    floodS: raw.floodS,
    linesPerS: raw.linesPerS,
    frames: raw.frames,
    framesDuringFlood: raw.framesDuringFlood ?? NaN,
    handledToFrame: {p50: uiAt(50), p95: uiAt(95)},
    split: {drawS: raw.drawS, inkS: raw.inkS, writeS: raw.writeS},
    exitCode: raw.exitCode,
  };
}

/** One line for the terminal report. */
export function tuiLine(/** @type {TuiFigures} */ t) {
  const keys = t.keysDuringFlood > 0 ? `${t.keysDuringFlood} keys during the flood` : `${t.keys} keys, none during the flood (too short)`;
  return `TUI under A's flood (120×40): key → frame p50 ${t.p50.toFixed(0)} ms, p95 ${t.p95.toFixed(0)} ms, max ${t.max.toFixed(0)} ms, of which key handled → frame p50 ${t.handledToFrame.p50.toFixed(0)} ms, p95 ${t.handledToFrame.p95.toFixed(0)} ms (${keys}${t.missed > 0 ? `, ${t.missed} never shown` : ''}); rendering ${(t.renderShare * 100).toFixed(1)} % of the process's CPU (${t.renderS.toFixed(2)} of ${t.cpuS.toFixed(2)} CPU s, ${t.frames} frames, ${(t.framesDuringFlood / t.floodS).toFixed(1)}/s during the flood); ingest ${(t.linesPerS / 1e3).toFixed(0)} k lines/s`;
}
