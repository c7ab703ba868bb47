/**
 * Workload D: components print at a steady rate with their print time in each line
 * (`"t":<epoch µs>`); a follow client of the control plane records when each line arrives.
 * `flowctl logs -f` as a separate process once `src/cli/logs.ts` exists (its stdout is read
 * by this process); until then flowctl's own control-plane client (`GetLogBatches`, follow)
 * in this process. The address comes from the pipeline's state file (XDG_STATE_HOME points
 * into the scratch folder so runs never see each other).
 */
import {spawn} from 'node:child_process';
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {flowctlProgram, withThisNode} from './systems.mjs';

const PRINT_TIME = /"t":(\d+)/;
const TICKS_PER_S = 100;

/**
 * CPU seconds (user + system) of a process, from /proc; `undefined` once it is gone or off
 * Linux. Sampled while it runs, because a process that exited can no longer be asked.
 */
export function cpuSeconds(/** @type {number} */ pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/**
 * Samples the CPU time of the supervisor (its pid is in the state file) and of the follow
 * client until stopped: on a shared machine the latency tail is mostly CPU contention, and
 * the CPU each side spends per line is the steadier figure to compare builds by.
 * @param {number[]} pids
 */
function sampleCpu(pids) {
  const last = pids.map(() => 0);
  const timer = setInterval(() => {
    pids.forEach((pid, i) => (last[i] = cpuSeconds(pid) ?? last[i] ?? 0));
  }, 200);
  return () => {
    clearInterval(timer);
    return last;
  };
}
const nowMs = () => performance.timeOrigin + performance.now();

/** Polls for the state file `up` writes once its control plane listens. */
export async function waitForState(/** @type {string} */ stateHome, timeoutMs = 20_000) {
  const dir = join(stateHome, 'flowctl');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.json')) : undefined;
    if (file !== undefined) {
      try {
        return JSON.parse(readFileSync(join(dir, file), 'utf8'));
      } catch {
        // Caught mid-write (it is written atomically, but be lenient).
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`bench: no state file appeared in ${dir}: did flowctl up start its control plane?`);
}

/**
 * Follows the pipeline's logs until `until` resolves; returns the latencies (ms) of lines
 * printed after the client was attached.
 * @param {{root: string, stateHome: string, until: Promise<unknown>}} o
 * @returns {Promise<{latenciesMs: number[], client: string, supervisorCpuS?: number, clientCpuS?: number}>}
 */
export async function followLatency({root, stateHome, until}) {
  const state = await waitForState(stateHome);
  const cli = join(root, 'dist/cli/logs.js');
  if (existsSync(cli)) return followWithCli({root, stateHome, until, supervisorPid: state.pid});
  const {ControlClient} = await import(pathToFileURL(join(root, 'dist/control/client.js')).href);
  const client = new ControlClient({address: state.address, token: state.token});
  const stream = client.readLogs({spec: {}, follow: true, run: ''});
  // Lines printed before the first batch arrived are history replayed on connect, not live.
  let attachedAt = Infinity;
  const latenciesMs = [];
  let stopped = false;
  void until.then(() => {
    stopped = true;
    stream.cancel();
  });
  try {
    for await (const batch of stream) {
      const arrived = nowMs();
      if (attachedAt === Infinity) attachedAt = arrived * 1000;
      for (const entry of batch) {
        const match = PRINT_TIME.exec(entry.raw);
        if (match === null) continue;
        const printedUs = Number(match[1]);
        if (printedUs >= attachedAt) latenciesMs.push(arrived - printedUs / 1000);
      }
    }
  } catch (error) {
    if (!stopped) throw error;
  } finally {
    client.close();
  }
  return {latenciesMs, client: 'control-plane client (GetLogBatches follow)'};
}

/** `flowctl logs -f --no-color` in its own process; arrival = when its stdout reaches us. */
async function followWithCli({root, stateHome, until, supervisorPid}) {
  const child = spawn(flowctlProgram(root), ['logs', '-f', '--no-color'], {
    env: withThisNode({...process.env, XDG_STATE_HOME: stateHome, FORCE_COLOR: '0'}),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stopSampling = sampleCpu([supervisorPid, child.pid ?? 0]);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // Lines printed before the client's first output are history replayed on connect, not live.
  let attachedAt = Infinity;
  const latenciesMs = [];
  // Read as bytes, not strings: this process is the terminal of the measurement, and on a
  // shared machine a reader that splits and regex-scans strings falls behind first (the
  // client then blocks in write(2) on a full pipe and its lag counts as flowctl's).
  let carry = Buffer.alloc(0);
  child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
    const arrived = nowMs();
    if (attachedAt === Infinity) attachedAt = arrived * 1000;
    const text = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    let start = 0;
    for (let end = text.indexOf(10); end !== -1; start = end + 1, end = text.indexOf(10, start)) {
      const printedUs = printTimeIn(text, start, end);
      if (printedUs !== undefined && printedUs >= attachedAt) latenciesMs.push(arrived - printedUs / 1000);
    }
    carry = Buffer.from(text.subarray(start));
  });
  // `logs -f` ends by itself when the pipeline stops; SIGINT in case it does not.
  await until;
  const stop = setTimeout(() => child.kill('SIGINT'), 5000);
  await exited;
  clearTimeout(stop);
  const [supervisorCpuS, clientCpuS] = stopSampling();
  process.stderr.write(`  CPU during the run: supervisor ${supervisorCpuS?.toFixed(2)} s, logs -f ${clientCpuS?.toFixed(2)} s\n`);
  return {latenciesMs, client: '`flowctl logs -f` process', supervisorCpuS, clientCpuS};
}

const RAW_MARK = Buffer.from('"t":');
const FIELD_MARK = Buffer.from('t=');

/**
 * The print time (µs) in one line `text[start, end)`: the console shows the field as
 * `t=<µs>` (a word of its own), the raw line as `"t":<µs>`; the leftmost with 13+ digits,
 * as `/(?:"t":|\bt=)(\d{13,})/` would find it.
 * @param {Buffer} text
 * @param {number} start
 * @param {number} end
 */
export function printTimeIn(text, start, end) {
  let best;
  let bestAt = end;
  for (const [mark, wordStart] of /** @type {const} */ ([[RAW_MARK, false], [FIELD_MARK, true]])) {
    for (let at = text.indexOf(mark, start); at !== -1 && at < bestAt; at = text.indexOf(mark, at + 1)) {
      if (wordStart && at > start && isWordByte(text[at - 1] ?? 0)) continue;
      const value = digitsAt(text, at + mark.length, end);
      if (value !== undefined) {
        best = value;
        bestAt = at;
        break;
      }
    }
  }
  return best;
}

function isWordByte(/** @type {number} */ b) {
  return (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 95;
}

/** The number of 13 or more digits starting at `from` (before `end`), else undefined. */
function digitsAt(/** @type {Buffer} */ text, /** @type {number} */ from, /** @type {number} */ end) {
  let value = 0;
  let i = from;
  while (i < end && (text[i] ?? 0) >= 48 && (text[i] ?? 0) <= 57) value = value * 10 + ((text[i++] ?? 48) - 48);
  return i - from >= 13 ? value : undefined;
}

/** p50/p99/max of a sample, in ms. */
export function percentiles(/** @type {number[]} */ values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (/** @type {number} */ p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return {count: sorted.length, p50: at(50), p99: at(99), max: sorted[sorted.length - 1] ?? NaN};
}
