/**
 * The ring's bounds under a real `flowctl up` with a small `logging.buffer_size` (entries) or
 * `logging.buffer_bytes`: `flowctl logs` against the running pipeline (live, through the
 * control plane) still answers with everything, the part the ring evicted read from the
 * history — no gap, no duplicate — while the flood goes on and after it.
 *
 * A quiet component prints a few start-up lines and then idles: the ring's per-component
 * fairness keeps those while a chatty component's later lines are evicted, so what the ring
 * holds is NOT a suffix of the run (regression: live logs skip what a chatty component
 * evicted after a quiet component's entries).
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {LogEntry} from '../../src/logs/entry.js';
import {finished, fixture, flowctl, ndjson, queryStore, range, scratch, start, UP, type Scratch} from './log-e2e-helpers.js';

const CHATTY = 3000;
/** Lines per write of the flood (250 ms apart: the flood lasts about 5 s, time to catch it mid-way). */
const LINES_PER_CHUNK = 150;

let s: Scratch;
beforeEach(() => {
  s = scratch('log-ring');
});
afterEach(() => s.remove());

function writePipeline(logging: string, pad: number): string {
  const text = range(1, CHATTY).map((i) => `chatty line ${i}${pad > 0 ? ` ${'x'.repeat(pad)}` : ''}\n`);
  let offset = 0;
  const chunks: number[] = [];
  text.forEach((line, i) => {
    offset += Buffer.byteLength(line);
    if ((i + 1) % LINES_PER_CHUNK === 0) chunks.push(offset);
  });
  s.write('chatty.txt', text.join(''));
  return s.write(
    'pipeline.yaml',
    `pipeline:
  name: log-ring-e2e
  logging: ${logging}
  components:
    - name: quiet
      type: source
      command: [node, ${fixture('source')}]
      env: {START_DELAY: "600000", HEALTH_PORT: "0"}
    - name: chatty
      type: sink
      inputs: [quiet]
      command: [node, ${fixture('emit')}]
      env: {EMIT_FILE: "${s.path('chatty.txt')}", EMIT_CHUNKS: "${chunks.join(',')}", EMIT_DELAY_MS: "250", START_DELAY: "300"}
`,
  );
}

/** `flowctl logs --export ndjson [args]` against the running pipeline. */
async function live(args: string[] = []): Promise<LogEntry[]> {
  const result = await flowctl(s, ['logs', '--export', 'ndjson', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return ndjson(result.stdout);
}

/** Every seq of the run from 1 on, each once: what a complete answer of the current run looks like. */
function expectNoGapNoDuplicate(entries: LogEntry[]): void {
  expect(entries.map((e) => e.seq)).toEqual(range(1, entries.length));
}

async function floodThenRead(logging: string, pad: number): Promise<void> {
  const run = start(s, [...UP, writePipeline(logging, pad)]);
  const chattyDone = (out: string): boolean => /^chatty +\| exited with code 0$/m.test(out);
  try {
    const started = /^chatty +\| started, pid (\d+)$/m;
    await run.waitForOutput((out) => started.test(out), 30_000);
    const chattyPid = Number(started.exec(run.stdout())?.[1]);

    // Mid-flood, far past the ring: freeze the chatty component and ask. Entries evicted a
    // moment ago must come from the history, and the answer must be a complete prefix.
    await run.waitForOutput((out) => /^chatty +\| chatty line 450\b/m.test(out), 30_000);
    process.kill(chattyPid, 'SIGSTOP');
    try {
      const frozen = await live();
      expectNoGapNoDuplicate(frozen);
      const printed = frozen.filter((e) => e.componentId === 'chatty' && e.stream === 'stdout');
      expect(printed.length).toBeGreaterThanOrEqual(450);
      expect(printed.map((e) => e.message.split(' x')[0])).toEqual(range(1, printed.length).map((i) => `chatty line ${i}`));
    } finally {
      process.kill(chattyPid, 'SIGCONT');
    }

    await run.waitForOutput(chattyDone);
    const all = await live();
    expectNoGapNoDuplicate(all);
    const chatty = all.filter((e) => e.componentId === 'chatty' && e.stream === 'stdout');
    expect(chatty.map((e) => e.message.split(' x')[0])).toEqual(range(1, CHATTY).map((i) => `chatty line ${i}`));
    const quiet = all.filter((e) => e.componentId === 'quiet' && e.stream !== 'control');
    expect(quiet.map((e) => e.raw)).toContainEqual(expect.stringContaining('Stellar Live Source starting'));
    // The very same entries as the history holds for this run.
    const stored = await queryStore(s.path('logs/history.sqlite'), {}, all[0]?.runId);
    expect(stored.slice(0, all.length)).toEqual(all);

    // A tail reaching past the ring, a component filter, a grep: exact answers as well.
    const [tail, quietOnly, grep] = await Promise.all([live(['-n', '500']), live(['quiet']), live(['--grep', '^chatty line 1[0-9]{2}( |$)'])]);
    expect(tail).toEqual(all.slice(-500));
    expect(quietOnly).toEqual(all.filter((e) => e.componentId === 'quiet'));
    expect(grep.map((e) => e.message.split(' x')[0])).toEqual(range(100, 199).map((i) => `chatty line ${i}`));
  } finally {
    run.child.kill('SIGINT');
  }
  const ended = await finished(run);
  expect(ended.stderr).toBe('');
  expect(ended.code).toBe(0);
}

describe('flowctl logs on a running pipeline whose ring is much smaller than its history', () => {
  it('buffer_size (entries): no gap, no duplicate', async () => {
    await floodThenRead('{buffer_size: 100}', 0);
  }, 90_000);

  it('buffer_bytes: no gap, no duplicate', async () => {
    // Each chatty entry is ~2 × 215 characters (raw + message): 16 KiB hold about 40 of them.
    await floodThenRead('{buffer_size: 100000, buffer_bytes: 16KiB}', 200);
  }, 90_000);
});
