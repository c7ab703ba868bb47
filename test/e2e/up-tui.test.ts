/**
 * `flowctl up` in a real terminal (tmux) opens the terminal UI instead of the plain aggregate,
 * and `q` stops the pipeline and gives the terminal back. Piped, the same command prints lines.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {CLI, REPO} from '../support/cli.js';
import {startTmux, type TmuxSession} from '../support/tmux.js';

let term: TmuxSession;
let dir = '';

async function until(check: () => boolean, what: string, timeoutMs = 40_000): Promise<void> {
  await term.until(() => check(), what, timeoutMs);
}

const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowctl-up-tui-'));
  const component = (name: string): string => path.join(REPO, 'fixtures/components', `${name}.mjs`);
  writeFileSync(
    path.join(dir, 'pipeline.yaml'),
    `pipeline:
  name: tui-pipeline
  components:
    - {name: source, type: source, command: [node, ${component('source')}], env: {RATE: "5", HEALTH_PORT: "0"}}
    - {name: sink, type: sink, command: [node, ${component('consumer')}], inputs: [source], env: {RATE: "5", HEALTH_PORT: "0"}}
`,
  );
  // The exit code and the pids land in files so the test can read them after the UI is gone.
  const command = `cd ${dir} && NO_COLOR=1 ${process.execPath} ${CLI} up --control-plane-port 0; echo $? > ${dir}/exit-code; sleep 120`;
  term = startTmux('flowctl-up-tui', command);
});

afterEach(() => {
  term.kill();
  rmSync(dir, {recursive: true, force: true});
});

test('flowctl up on a terminal shows the UI; q stops everything and restores the terminal', async () => {
  await term.until((s) => /source\s+running/.test(s) && /sink\s+running/.test(s), 'both components running in the UI', 40_000);
  expect(term.flag('alternate_on')).toBe('1');
  // The components' pids, as the UI shows them in the component list.
  const pids = [...term.screen().matchAll(/(?:source|sink)\s+running\s+\S+\s+(\d+)/g)].map((m) => Number(m[1]));
  expect(pids).toHaveLength(2);

  term.send('q');
  await until(() => existsSync(path.join(dir, 'exit-code')), 'flowctl up to exit', 60_000);
  expect(readFileSync(path.join(dir, 'exit-code'), 'utf8').trim()).toBe('0');
  expect(term.flag('alternate_on')).toBe('0');
  expect(term.flag('cursor_flag')).toBe('1');
  for (const pid of pids) expect(pidAlive(pid)).toBe(false);
  // Every line still reached the files.
  expect(readFileSync(path.join(dir, 'logs/source.log'), 'utf8')).toMatch(/Stellar Live Source starting/);
}, 120_000);

test("regression tui-ignores-logging-level / tui-not-rate-limited: the UI of flowctl up hides lines below a component's logging.level and shows the rate limit's summary", async () => {
  term.kill();
  writeFileSync(path.join(dir, 'leveled.txt'), ['{"level":"info","msg":"INFO-SHOULD-BE-HIDDEN"}', '{"level":"warn","msg":"WARN-VISIBLE"}', 'UNKNOWN-SHOULD-BE-HIDDEN'].join('\n') + '\n');
  writeFileSync(path.join(dir, 'flood.txt'), Array.from({length: 200}, (_, i) => `flood line ${i + 1}`).join('\n') + '\n');
  const emit = path.join(REPO, 'fixtures/components/emit.mjs');
  writeFileSync(
    path.join(dir, 'pipeline.yaml'),
    `pipeline:
  name: tui-knobs
  logging: {rate_limit: {lines_per_second: 5, burst: 5}}
  components:
    - {name: leveled, type: source, command: [node, ${emit}], env: {EMIT_FILE: "${path.join(dir, 'leveled.txt')}"}, logging: {level: warn}}
    - {name: flood, type: sink, command: [node, ${emit}], env: {EMIT_FILE: "${path.join(dir, 'flood.txt')}"}}
`,
  );
  term = startTmux('flowctl-up-tui-knobs', `cd ${dir} && NO_COLOR=1 ${process.execPath} ${CLI} up --control-plane-port 0; echo $? > ${dir}/exit-code; sleep 120`);
  const screen = await term.until((s) => /… \d+ lines from flood not shown/.test(s) && s.includes('WARN-VISIBLE'), 'the level floor and the rate-limit summary in the UI', 40_000);
  expect(screen).not.toContain('SHOULD-BE-HIDDEN');
  expect(screen).toContain('flood line 5');
  expect(screen).not.toContain('flood line 200');
  term.send('q');
  await until(() => existsSync(path.join(dir, 'exit-code')), 'flowctl up to exit', 60_000);
  // Every line still reached the files.
  expect(readFileSync(path.join(dir, 'logs/leveled.log'), 'utf8')).toContain('INFO-SHOULD-BE-HIDDEN');
  expect(readFileSync(path.join(dir, 'logs/flood.log'), 'utf8')).toContain('flood line 200');
}, 120_000);
