/**
 * Runs one system on one workload and measures it from the outside:
 * - wall time: spawn to exit of the whole command;
 * - CPU seconds: user + system of the command and every descendant it waited for, from
 *   GNU time (`/usr/bin/time -f`); without it, from sampling `/proc/<pid>/stat`;
 * - peak RSS of the aggregator's process tree: `/proc` is sampled every ~50 ms and the RSS of
 *   every descendant is summed, leaving out the generators (they are the workload, not the
 *   aggregator) and the `time` wrapper itself.
 */
import {spawn} from 'node:child_process';
import {existsSync, openSync, closeSync, readFileSync, readdirSync} from 'node:fs';

const PAGE = 4096;
const TIME = '/usr/bin/time';

/**
 * @typedef {{wallS: number, cpuS: number, peakRssMB: number, exitCode: number | null, stderrTail: string, cpuSource: 'time' | 'proc'}} Measurement
 */

/**
 * @param {{command: string, cwd: string, env?: NodeJS.ProcessEnv, stdoutPath: string, timeFile: string, sampleMs?: number, timeoutMs?: number}} options
 *   command: a `sh -c` script.
 * @returns {Promise<Measurement>}
 */
export async function measure(options) {
  const useTime = existsSync(TIME);
  const argv = useTime ? [TIME, '-f', '%e %U %S', '-o', options.timeFile, 'sh', '-c', options.command] : ['sh', '-c', options.command];
  const out = openSync(options.stdoutPath, 'w');
  const started = process.hrtime.bigint();
  const child = spawn(argv[0] ?? 'sh', argv.slice(1), {cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', out, 'pipe']});
  closeSync(out);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    stderr = (stderr + text).slice(-4000);
  });
  const rootPid = child.pid ?? -1;
  let peakRss = 0;
  /** @type {Map<number, number>} pid → utime+stime ticks last seen (fallback CPU) */
  const cpuTicks = new Map();
  const sample = () => {
    let rss = 0;
    for (const pid of descendants(rootPid)) {
      const stat = readStat(pid);
      if (stat === undefined) continue;
      if (!useTime) cpuTicks.set(pid, stat.ticks);
      if (pid === rootPid && useTime) continue;
      if (isGenerator(pid, stat.comm)) continue;
      rss += stat.rssPages * PAGE;
    }
    if (rss > peakRss) peakRss = rss;
  };
  const timer = setInterval(sample, options.sampleMs ?? 50);
  sample();
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30 * 60_000);
  const exitCode = await new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(timer);
  clearTimeout(killer);
  let cpuS = [...cpuTicks.values()].reduce((a, b) => a + b, 0) / 100;
  if (useTime) {
    const fields = readFileSync(options.timeFile, 'utf8').trim().split('\n').pop()?.split(' ').map(Number) ?? [];
    cpuS = (fields[1] ?? NaN) + (fields[2] ?? NaN);
  }
  return {wallS, cpuS, peakRssMB: peakRss / 2 ** 20, exitCode: /** @type {number | null} */ (exitCode), stderrTail: stderr, cpuSource: useTime ? 'time' : 'proc'};
}

/** The pid and all its descendants, through `/proc/<pid>/task/<tid>/children`. */
function descendants(/** @type {number} */ root) {
  const found = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = /** @type {number} */ (queue.pop());
    found.push(pid);
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) if (child !== '') queue.push(Number(child));
      } catch {
        // The task ended between the listing and the read.
      }
    }
  }
  return found;
}

function readStat(/** @type {number} */ pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: fields resume after the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // Fields after comm, 0-based: 11 utime, 12 stime, 21 rss (pages).
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rssPages = Number(fields[21]);
    return {comm, ticks, rssPages};
  } catch {
    return undefined;
  }
}

/** The workload's own processes: the C generator, or the Node fallback generator. */
function isGenerator(/** @type {number} */ pid, /** @type {string} */ comm) {
  if (comm === 'gen') return true;
  if (comm !== 'node') return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('gen-fallback');
  } catch {
    return false;
  }
}
