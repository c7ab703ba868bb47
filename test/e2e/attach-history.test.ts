/**
 * `flowctl attach` in a real terminal (tmux) on a running `flowctl up` whose run has more
 * entries than the attached UI's ring (10 000) and than the pipeline's own ring: Home reaches
 * the run's first line through the control plane (GetLogs with seq bounds), with the store;
 * without one, the top of what the pipeline still has names the log files. And the pipeline's
 * per-component `logging.level` holds in the attached UI as in `up`'s own.
 */
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {scanStateFiles} from '../../src/control/state-file.js';
import {waitFor} from '../control/helpers.js';
import {CLI, runCli, type CliRun} from '../support/cli.js';
import {startTmux, type TmuxSession} from '../support/tmux.js';

const LINES = 12_000;
let dir = '';
let up: CliRun | undefined;
let term: TmuxSession | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowctl-attach-history-'));
  writeFileSync(
    path.join(dir, 'burst.mjs'),
    `for (let i = 1; i <= ${LINES}; i++) console.log('history line ' + i);\nlet n = 0;\nsetInterval(() => console.log('tick ' + ++n), 1000);\n`,
  );
});

afterEach(async () => {
  term?.kill();
  term = undefined;
  if (up && up.child.exitCode === null) {
    up.child.kill('SIGTERM');
    const killer = setTimeout(() => up?.child.kill('SIGKILL'), 15_000);
    await up.exited;
    clearTimeout(killer);
  }
  up = undefined;
  rmSync(dir, {recursive: true, force: true});
});

const stateHome = (): string => path.join(dir, 'state');

/** `flowctl up` (no terminal: the plain view) with a pipeline ring of 3 000 entries. */
async function startPipeline(store: 'sqlite' | 'none'): Promise<void> {
  const file = path.join(dir, 'pipeline.yaml');
  writeFileSync(
    file,
    `pipeline:
  name: attach-history
  logging: {buffer_size: 3000, store: ${store}}
  components:
    - {name: burst, type: source, command: [node, ${path.join(dir, 'burst.mjs')}]}
`,
  );
  up = runCli(['up', '--no-tui', '--control-plane-port', '0', file], {cwd: dir, env: {XDG_STATE_HOME: stateHome()}});
  await waitFor(() => scanStateFiles(path.join(stateHome(), 'flowctl')).states.find((s) => s.name === 'attach-history'), 'state file of flowctl up', 60_000);
  // The burst is in before attaching, so the run is longer than the attached ring.
  await waitFor(() => up?.stdout().includes(`history line ${LINES}`), 'the burst printed', 60_000);
}

function attach(): TmuxSession {
  const command = `cd ${dir} && XDG_STATE_HOME=${stateHome()} NO_COLOR=1 ${process.execPath} ${CLI} attach; echo "attach-exit=$?"; sleep 120`;
  return startTmux('flowctl-attach', command);
}

/** The log rows: below the pane title, above the status line. */
function logRows(text: string): string[] {
  const rows = text.split('\n');
  const title = rows.findIndex((row) => row.includes('logs:'));
  const status = rows.findIndex((row) => row.startsWith('filter:') || row.startsWith('✗'));
  return rows.slice(title + 1, status).filter((row) => row.trim() !== '');
}
const titleRow = (text: string): string => text.split('\n').find((row) => row.includes('logs:')) ?? '';
const lineNumber = (row: string): number | undefined => {
  const match = /history line (\d+)\s*$/.exec(row);
  return match ? Number(match[1]) : undefined;
};

test('attach scrolls past its ring and the pipeline\'s to the first line of the run (store)', async () => {
  await startPipeline('sqlite');
  term = attach();
  const t = term;
  await t.until((s) => /burst\s+running/.test(s) && s.includes('(attached)'), 'attached UI');
  await t.until((s) => logRows(s).some((row) => /tick \d+/.test(row)), 'live lines');

  // PgUp a few times first: pages in the attached ring, still contiguous.
  t.send('PageUp', 'PageUp');
  await t.until((s) => s.includes('paused'), 'paused');

  t.send('Home');
  const top = await t.until((s) => titleRow(s).includes('start of history') && logRows(s).some((row) => lineNumber(row) === 1), 'the first line of the run', 60_000);
  const numbers = logRows(top).map(lineNumber).filter((n): n is number => n !== undefined);
  expect(numbers.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
  expect(numbers.every((n, i) => i === 0 || n === (numbers[i - 1] as number) + 1)).toBe(true);

  // Down again from there: the next page comes from the pipeline too.
  t.send('PageDown', 'PageDown');
  await t.until((s) => (lineNumber(logRows(s)[0] ?? '') ?? 0) > numbers.length, 'scrolled down from the first page');

  // Back to following; search finds a line only the pipeline's store still has.
  t.send('G');
  await t.until((s) => s.includes('● following'), 'following again');
  t.send('?');
  t.type('history line 42$');
  t.send('Enter');
  t.send('n');
  const found = await t.until((s) => logRows(s).some((row) => row.startsWith('›') && row.includes('history line 42]')), 'the match read from the history', 60_000);
  expect(found).toContain('paused');

  // Export: every line of the run, not only what the attached ring holds.
  t.send('Escape', 'G', 'e', 'n');
  const exported = await t.until((s) => /exported [\d,]+ entries/.test(s), 'export done', 60_000);
  const count = Number(/exported ([\d,]+) entries/.exec(exported)?.[1]?.replaceAll(',', ''));
  expect(count).toBeGreaterThan(LINES);
  const file = readdirSync(path.join(dir, 'logs')).find((name) => name.startsWith('flowctl-export-') && name.endsWith('.ndjson'));
  const messages = readFileSync(path.join(dir, 'logs', file ?? 'missing'), 'utf8').trim().split('\n').map((row) => (JSON.parse(row) as {message: string}).message);
  expect(messages).toHaveLength(count);
  const history = messages.filter((message) => message.startsWith('history line '));
  expect(history).toEqual(Array.from({length: LINES}, (_, i) => `history line ${i + 1}`));

  // Detach: the pipeline keeps running.
  t.send('q');
  await t.until((s) => s.includes('attach-exit=0'), 'attach detached', 60_000);
  expect(up?.child.exitCode).toBeNull();
}, 240_000);

test('attach to a pipeline without a store: the top of what it still has names the log files', async () => {
  await startPipeline('none');
  term = attach();
  const t = term;
  await t.until((s) => /burst\s+running/.test(s) && s.includes('(attached)'), 'attached UI');
  t.send('Home');
  const top = await t.until((s) => titleRow(s).includes('older entries are in logs/'), 'the log files named', 60_000);
  expect(logRows(top).some((row) => lineNumber(row) === 1)).toBe(false);
  t.send('q');
  await t.until((s) => s.includes('attach-exit=0'), 'attach detached', 60_000);
}, 240_000);

test("regression attach-no-level-floor: attach hides the lines under a component's logging.level", async () => {
  // Every 300 ms: a debug line and a warn line (the leveled one), an info line (the other).
  writeFileSync(
    path.join(dir, 'leveled.mjs'),
    `let n = 0;\nsetInterval(() => { n++; console.log(JSON.stringify({level: 'debug', msg: 'debug noise ' + n})); console.log(JSON.stringify({level: 'warn', msg: 'warning ' + n})); }, 300);\n`,
  );
  writeFileSync(path.join(dir, 'plain.mjs'), `let n = 0;\nsetInterval(() => console.log('plain tick ' + ++n), 300);\n`);
  const file = path.join(dir, 'pipeline.yaml');
  writeFileSync(
    file,
    `pipeline:
  name: attach-level
  components:
    - {name: leveled, type: source, command: [node, ${path.join(dir, 'leveled.mjs')}], logging: {level: warn}}
    - {name: other, type: sink, command: [node, ${path.join(dir, 'plain.mjs')}]}
`,
  );
  up = runCli(['up', '--no-tui', '--control-plane-port', '0', file], {cwd: dir, env: {XDG_STATE_HOME: stateHome()}});
  await waitFor(() => scanStateFiles(path.join(stateHome(), 'flowctl')).states.find((s) => s.name === 'attach-level'), 'state file of flowctl up', 60_000);
  await waitFor(() => up?.stdout().includes('warning 2'), 'the leveled component printing', 60_000);
  term = attach();
  const t = term;
  // Lines of both components after attaching: the warnings and ticks are there, no debug line.
  const screen = await t.until((s) => s.includes('(attached)') && /warning \d+/.test(s) && /plain tick \d+/.test(s), 'attached UI with live lines', 60_000);
  expect(screen).not.toContain('debug noise');
  t.send('q');
  await t.until((s) => s.includes('attach-exit=0'), 'attach detached', 60_000);
}, 180_000);
