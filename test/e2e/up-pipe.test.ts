/**
 * `flowctl up | less`, `| grep`, `| tee`: the aggregate into a pipe whose reader pauses.
 * Regression console-pipe-write-failed: fd 1 was written with fs.WriteStream, and Node had
 * put the pipe in non-blocking mode; once the pipe was full, fs.WriteStream gave up after
 * five immediate EAGAIN retries ("write failed") and the console printed nothing more for
 * the rest of the run: a pause of one second cost every later line, uncounted.
 */
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {CLI} from '../support/cli.js';
import {fixture, lines, range, scratch, UP, type Scratch} from './log-e2e-helpers.js';

const COUNT = 20_000;
const PAD = 'x'.repeat(90);
let s: Scratch;
let result: {code: number | null; stdout: string; stderr: string};

beforeAll(async () => {
  s = scratch('up-pipe');
  // ~2.2 MB: far more than a pipe (64 KiB) plus what the view leaves buffered in its stream.
  s.write('flood.txt', range(1, COUNT).map((i) => `flood line ${i} ${PAD}`).join('\n') + '\n');
  const file = s.write(
    'pipeline.yaml',
    `pipeline:
  name: up-pipe
  components:
    - {name: flood, type: source, command: [node, ${fixture('emit')}], env: {EMIT_FILE: "${s.path('flood.txt')}"}}
`,
  );
  const child = spawn(process.execPath, [CLI, ...UP, file], {
    cwd: s.dir,
    env: {...process.env, ...s.env, NO_COLOR: '1', FORCE_COLOR: undefined},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // The reader pauses for 1.5 s, as a paused pager does, then reads on.
  child.stdout.pause();
  setTimeout(() => child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk)).resume(), 1500);
  const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  result = {code, stdout, stderr};
}, 60_000);
afterAll(() => s?.remove());

it('regression console-pipe-write-failed: a reader that pauses still gets every line, in order, and the end of the run', () => {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const out = lines(result.stdout);
  const shown = out.filter((l) => l.startsWith('flood   | flood line ')).map((l) => Number(/flood line (\d+)/.exec(l)?.[1]));
  // Nothing this small may be dropped (the view buffers 1 MiB, the hub 20 000 entries), and
  // in any case nothing may go missing without a "missed N entries" marker.
  expect(out.filter((l) => l.includes(' missed '))).toEqual([]);
  expect(shown).toEqual(range(1, COUNT));
  expect(out).toContain('flood   | exited with code 0');
});

/** Lines of `id` an inline drop notice counts: its share of the breakdown, or all when it names only id's file. */
function missedIn(notice: string, id: string): number {
  const n = (text: string | undefined): number => Number(text?.replaceAll(' ', '') ?? 0);
  const breakdown = /\(too slow: ([^)]*)\)/.exec(notice)?.[1];
  if (breakdown !== undefined) return n(new RegExp(`(?:^|, )${id} ([\\d ]+)(?:,|$)`).exec(breakdown)?.[1]);
  return notice.endsWith(`see logs/${id}.log`) ? n(/… ([\d ]+) lines? not shown/.exec(notice)?.[1]) : 0;
}

it('console-gives-up-silently: a reader that stalls until flowctl exits is told on stderr what it missed, per component, and where it is', async () => {
  const t = scratch('up-pipe-stalled');
  try {
    const count = 30_000;
    for (const id of ['a', 'b1']) t.write(`${id}.txt`, range(1, count).map((i) => `${id} line ${i} ${PAD}`).join('\n') + '\n');
    const file = t.write(
      'pipeline.yaml',
      `pipeline:
  name: up-stalled
  components:
    - {name: a, type: source, command: [node, ${fixture('emit')}], env: {EMIT_FILE: "${t.path('a.txt')}"}}
    - {name: b1, type: source, command: [node, ${fixture('emit')}], env: {EMIT_FILE: "${t.path('b1.txt')}"}}
`,
    );
    const child = spawn(process.execPath, [CLI, 'up', '--no-tui', '--no-control-plane', '--no-store', file], {
      cwd: t.dir,
      env: {...process.env, ...t.env, NO_COLOR: '1', FORCE_COLOR: undefined},
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // `| (sleep …; cat)`: nothing is read until flowctl has exited. (The listener is there
    // from the start: Node resumes a child's stdout when it exits, listener or not.)
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stdout.pause();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    child.stdout.resume();
    await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const match = /^flowctl up: the console output stopped early \(its reader stopped reading\): ([\d ]+) lines not shown \(a ([\d ]+), b1 ([\d ]+)\), see logs\/a\.log, logs\/b1\.log(; the last line printed is cut off)?\n$/u.exec(stderr);
    expect(match, stderr).not.toBeNull();
    const n = (group: string | undefined): number => Number(group?.replaceAll(' ', ''));
    // Shown inline (whole lines only) plus counted in the notice: every line, per component;
    // the files hold every one.
    const whole = stdout.split('\n').slice(0, -1);
    for (const [id, group] of [['a', 2], ['b1', 3]] as const) {
      const shown = whole.filter((l) => new RegExp(`^${id} +\\| `).test(l)).length;
      const missed = whole.filter((l) => l.startsWith('flowctl | … ')).reduce((sum, l) => sum + missedIn(l, id), 0);
      // Lifecycle notes (starting, started, exited) are lines too, counted when not shown:
      // their number is the supervisor's business; the data lines must all be accounted for.
      // (The unit test on a real pipe checks the counts exactly.)
      expect(shown + missed + n(match?.[group])).toBeGreaterThanOrEqual(count);
      expect(shown + missed + n(match?.[group])).toBeLessThanOrEqual(count + 4);
      expect(readFileSync(t.path(`logs/${id}.log`), 'utf8').split('\n')).toHaveLength(count + 1);
    }
    expect(match?.[4] !== undefined).toBe(!stdout.endsWith('\n'));
  } finally {
    t.remove();
  }
}, 60_000);
