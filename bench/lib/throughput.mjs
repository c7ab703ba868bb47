/**
 * One throughput run of one system on one workload: measured from outside (measure.mjs),
 * then every output verified (verify.mjs): the captured stdout for every system but `null`,
 * and for flowctl and node-ceiling-io also `logs/<id>.log` and the SQLite history (flowctl's
 * rows counted through its store; node-ceiling-io's blocks read line by line). `lost` is what
 * never reached the system's record of the run: its stdout for the baselines and the
 * ceilings, the log files and, with the store on, the history (`storeLost`) too for flowctl
 * (whose console drops are `consoleDropped`) and node-ceiling-io (whose stdout drops nothing). Workload C's multi-line grouping could merge lines into one entry; its
 * templates are single lines, so entries = lines there too.
 */
import {existsSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {measure} from './measure.mjs';
import {systemCommand} from './systems.mjs';
import {verifyAggregate, verifyBlocks, verifyLogFiles} from './verify.mjs';
import {expectedLines, totalLines} from './workloads.mjs';

/**
 * @typedef {{system: string, workload: string, run: number, lines: number, wallS: number, linesPerS: number, cpuS: number, peakRssMB: number,
 *   exitCode: number | null, stdout?: Verdict, files?: Verdict, store?: Verdict, storeRows?: number, storeLost?: number, consoleDropped?: number, lost: number, torn: number, reordered: number, stderrTail?: string}} RunResult
 * @typedef {import('./verify.mjs').Verdict} Verdict
 */

/**
 * @param {{system: import('./systems.mjs').SystemId, workload: import('./workloads.mjs').Workload, run: number, ctx: {root: string, scratch: string, gen: import('./generators.mjs').Generator, templates: string, keep: boolean}, extraFlags?: string[], env?: NodeJS.ProcessEnv}} o
 * @returns {Promise<RunResult>}
 */
export async function throughputRun({system, workload, run, ctx, extraFlags, env}) {
  const runDir = join(ctx.scratch, `${workload.id}-${system}-${run}`);
  rmSync(runDir, {recursive: true, force: true});
  const {command, logDir, blocksDb} = systemCommand({system, workload, gen: ctx.gen, templates: ctx.templates, runDir, root: ctx.root, extraFlags});
  const stdoutPath = join(ctx.scratch, 'stdout.txt');
  const m = await measure({
    command,
    cwd: ctx.root,
    env: {...process.env, FORCE_COLOR: '0', NO_COLOR: '1', XDG_STATE_HOME: join(runDir, 'state'), ...env},
    stdoutPath,
    timeFile: join(ctx.scratch, 'time.txt'),
  });
  const expected = expectedLines(workload);
  const lines = totalLines(workload);
  /** @type {RunResult} */
  const result = {system, workload: workload.id, run, lines, wallS: m.wallS, linesPerS: lines / m.wallS, cpuS: m.cpuS, peakRssMB: m.peakRssMB, exitCode: m.exitCode, lost: 0, torn: 0, reordered: 0};
  if (m.exitCode !== 0) result.stderrTail = m.stderrTail;
  if (system !== 'null') {
    result.stdout = verifyAggregate(stdoutPath, expected);
    // flowctl's console view may drop entries it cannot render in time (counted, with a
    // marker, by design): reported as `consoleDropped`; its record of every line is the files.
    if (!system.startsWith('flowctl')) account(result, result.stdout);
    else {
      result.consoleDropped = result.stdout.lost;
      result.torn += result.stdout.torn;
      result.reordered += result.stdout.reordered;
    }
  }
  if (logDir !== undefined) {
    result.files = verifyLogFiles(logDir, expected);
    account(result, result.files);
    const history = join(logDir, 'history.sqlite');
    if (system === 'flowctl' || system === 'flowctl-pipe') {
      // Entries the history did not keep (writer queue overflow) are lost from it too.
      result.storeRows = existsSync(history) ? await countRows(ctx.root, history) : 0;
      result.storeLost = Math.max(0, lines - result.storeRows);
      result.lost = Math.max(result.lost, result.storeLost);
    }
  }
  if (blocksDb !== undefined) {
    result.store = verifyBlocks(blocksDb, expected);
    account(result, result.store);
    result.storeRows = result.store.intact;
    result.storeLost = result.store.lost;
  }
  if (!ctx.keep) {
    rmSync(runDir, {recursive: true, force: true});
    if (existsSync(stdoutPath) && statSync(stdoutPath).size > 0) rmSync(stdoutPath);
  }
  return result;
}

/** The worst of the outputs counts: a line missing from the files is lost even if the console showed it. */
function account(/** @type {RunResult} */ result, /** @type {Verdict} */ verdict) {
  result.lost = Math.max(result.lost, verdict.lost);
  result.torn += verdict.torn;
  result.reordered += verdict.reordered;
}

/** Entries of the history, flowctl's own notes left out (read through the store: entries are stored in packed blocks). */
async function countRows(/** @type {string} */ root, /** @type {string} */ path) {
  const {openStore} = await import(pathToFileURL(join(root, 'dist/logs/store/index.js')).href);
  const opened = await openStore(path, {retentionMs: 0, readonly: true});
  if (!opened.ok) throw new Error(`bench: cannot count the history: ${opened.error}`);
  let rows = 0;
  for await (const page of opened.value.query(undefined, {pageSize: 10_000})) for (const entry of page) if (entry.stream !== 'control') rows++;
  await opened.value.close();
  return rows;
}
