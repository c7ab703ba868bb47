/**
 * `flowctl up | less`, `| grep`, `| tee`: the aggregate into a pipe whose reader pauses.
 * Regression console-pipe-write-failed: fd 1 was written with fs.WriteStream, and Node had
 * put the pipe in non-blocking mode; once the pipe was full, fs.WriteStream gave up after
 * five immediate EAGAIN retries ("write failed") and the console printed nothing more for
 * the rest of the run: a pause of one second cost every later line, uncounted.
 */
import {spawn} from 'node:child_process';
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
