/**
 * The terminal UI of the real CLI in a real terminal: tmux runs `flowctl up <pipeline.yaml>`
 * (dist/cli/main.js, as users run it) on a pipeline of stand-in components; keys go in with
 * `send-keys`, the screen comes back with `capture-pane`.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {CLI, REPO} from '../support/cli.js';
import {startTmux, type TmuxSession} from '../support/tmux.js';

let term: TmuxSession;
let dir = '';
let text = '';

const screen = (): string => term.screen();
const paneFlag = (name: string): string => term.flag(name);
const send = (...keys: string[]): void => term.send(...keys);
const type = (text: string): void => term.type(text);
const until = (check: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string> => term.until(check, what, timeoutMs);

/** The log rows: below the pane title, above the status and footer lines. */
function logRows(text: string): string[] {
  const rows = text.split('\n');
  const title = rows.findIndex((row) => row.includes('logs:'));
  const status = rows.findIndex((row) => row.startsWith('filter:') || row.startsWith('✗'));
  return rows.slice(title + 1, status).filter((row) => row.trim() !== '');
}

const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The pid of each running component, as the component list shows it. */
function runningPids(text: string): Map<string, number> {
  return new Map([...text.matchAll(/(ledger-source|ttp-processor|event-sink)\s+running\s+\S+\s+(\d+)\s/g)].map((m) => [m[1] ?? '', Number(m[2])]));
}

const exited = (): boolean => existsSync(path.join(dir, 'exit-code'));

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowctl-tui-e2e-'));
  const component = (name: string): string => path.join(REPO, 'fixtures/components', `${name}.mjs`);
  writeFileSync(
    path.join(dir, 'pipeline.yaml'),
    `pipeline:
  name: tui-e2e
  components:
    - {name: ledger-source, type: source, command: [node, ${component('source')}], env: {RATE: "20", HEALTH_PORT: "0"}}
    - {name: ttp-processor, type: processor, command: [node, ${component('processor')}], inputs: [ledger-source], env: {RATE: "10", HEALTH_PORT: "0"}}
    - {name: event-sink, type: sink, command: [node, ${component('consumer')}], inputs: [ttp-processor], env: {RATE: "5", HEALTH_PORT: "0"}}
`,
  );
  // The exit code lands in a file so the test can read it after the UI is gone.
  const command = `cd ${dir} && NO_COLOR=1 ${process.execPath} ${CLI} up pipeline.yaml --control-plane-port 0; echo $? > ${dir}/exit-code; sleep 120`;
  term = startTmux('flowctl-tui', command);
});

afterEach(() => {
  term.kill();
  rmSync(dir, {recursive: true, force: true});
});

test('flowctl up: filter, search, scroll, restart and quit on a running pipeline, everything stopped and the terminal restored', async () => {
  text = await until((s) => runningPids(s).size === 3, 'all components running');
  expect(paneFlag('alternate_on')).toBe('1');
  const pids = new Set(runningPids(text).values());
  await until((s) => logRows(s).length >= 10, 'log lines');

  // Solo a component: only its lines.
  send('j', 'o');
  text = await until((s) => s.includes('logs: ttp-processor'), 'solo view');
  await until((s) => logRows(s).length >= 3, 'processor lines');
  expect(text).toContain('hidden: ledger-source,event-sink');

  // Minimum level: warn and worse.
  send('o', '4');
  text = await until((s) => s.includes('level≥warn'), 'level filter');
  for (const row of logRows(text)) expect(row).toMatch(/WARN|ERROR|FATAL|warn|error|exited|restarting|stopp|start/i);
  send('1');
  await until((s) => s.includes('filter: none'), 'level cleared');

  // Search highlights (brackets under NO_COLOR) and n jumps to a match.
  send('?');
  type('Sent');
  send('Enter');
  text = await until((s) => s.includes('[Sent]'), 'highlighted matches');
  send('n');
  // The view pauses, then settles with the match selected (a frame may show the pause first).
  text = await until((s) => s.includes('paused') && (logRows(s).find((row) => row.startsWith('›')) ?? '').includes('[Sent]'), 'jumped to a match, following paused');
  expect(logRows(text).find((row) => row.startsWith('›'))).toContain('[Sent]');
  send('Escape');

  // Scroll up: paused with a count of new lines; G resumes.
  send('G', 'PageUp');
  await until((s) => /▼ [\d,]+ new lines/.test(s), 'new-lines badge');
  send('G');
  await until((s) => s.includes('● following'), 'following again');

  // Restart the selected component (ttp-processor).
  const pidOf = (s: string): string | undefined => /ttp-processor\s+running\s+\S+\s+(\d+)\s/.exec(s)?.[1];
  const before = pidOf(screen());
  expect(before).toBeDefined();
  send('r');
  await until((s) => s.includes('ttp-processor: restarted'), 'restart done', 60_000);
  const after = pidOf(await until((s) => pidOf(s) !== undefined && pidOf(s) !== before, 'a new process'));
  pids.add(Number(after));

  // Quit: everything stops, flowctl up exits 0, the terminal is back.
  send('q');
  await until((s) => s.includes('Stopping the pipeline gracefully') || exited(), 'stopping');
  await until(() => exited(), 'flowctl up to exit', 60_000);
  expect(readFileSync(path.join(dir, 'exit-code'), 'utf8').trim()).toBe('0');
  expect(paneFlag('alternate_on')).toBe('0');
  expect(paneFlag('cursor_flag')).toBe('1');
  expect(paneFlag('mouse_any_flag')).toBe('0');
  expect([...pids].filter(pidAlive)).toEqual([]);
}, 240_000);

test('a terminal too small says so, and resizing reflows', async () => {
  const pids = [...runningPids(await until((s) => runningPids(s).size === 3, 'all components running')).values()];
  term.resize(40, 10);
  await until((s) => s.includes('Terminal too small: 40×10'), 'too-small notice');
  term.resize(80, 24);
  const text = await until((s) => s.includes('COMPONENT') && !s.includes('too small'), 'reflowed');
  expect(text.split('\n').every((row) => row.length <= 80)).toBe(true);
  send('C-c');
  await until(() => exited(), 'flowctl up to exit', 60_000);
  expect(readFileSync(path.join(dir, 'exit-code'), 'utf8').trim()).toBe('0');
  expect(paneFlag('alternate_on')).toBe('0');
  expect(pids.filter(pidAlive)).toEqual([]);
}, 180_000);
