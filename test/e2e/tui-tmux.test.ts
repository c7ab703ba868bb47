/**
 * The terminal UI in a real terminal: tmux runs the UI on a running pipeline of stand-in
 * components; keys go in with `send-keys`, the screen comes back with `capture-pane`.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {startTmux, type TmuxSession} from '../support/tmux.js';

const SUPPORT = new URL('../supervisor/support/', import.meta.url);
const DRIVER = fileURLToPath(new URL('tui-driver.ts', import.meta.url));
const LOADER = fileURLToPath(new URL('register-ts.mjs', SUPPORT));

let term: TmuxSession;
let dir = '';

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

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowctl-tui-e2e-'));
  const command = `NO_COLOR=1 ${process.execPath} --import ${LOADER} ${DRIVER} ${dir}; echo "driver-exit=$?"; sleep 120`;
  term = startTmux('flowctl-tui', command);
});

afterEach(() => {
  term.kill();
  rmSync(dir, {recursive: true, force: true});
});

test('filter, search, scroll, restart and quit on a running pipeline, terminal restored', async () => {
  await until((s) => /ledger-source\s+running/.test(s) && /event-sink\s+running/.test(s), 'all components running');
  expect(paneFlag('alternate_on')).toBe('1');
  await until((s) => logRows(s).length >= 10, 'log lines');

  // Solo a component: only its lines.
  send('j', 'o');
  let text = await until((s) => s.includes('logs: ttp-processor'), 'solo view');
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
  text = await until((s) => s.includes('paused'), 'jumped to a match, following paused');
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
  await until((s) => pidOf(s) !== undefined && pidOf(s) !== before, 'a new process');

  // Quit: everything stops, the UI ends, the terminal is back.
  send('q');
  await until((s) => s.includes('Stopping the pipeline gracefully') || s.includes('tui-result='), 'stopping');
  text = await until((s) => s.includes('driver-exit=0'), 'driver exit', 60_000);
  expect(text).toContain('tui-result=quit alive=0');
  expect(paneFlag('alternate_on')).toBe('0');
  expect(paneFlag('cursor_flag')).toBe('1');
  expect(paneFlag('mouse_any_flag')).toBe('0');
}, 240_000);

test('a terminal too small says so, and resizing reflows', async () => {
  await until((s) => s.includes('COMPONENT'), 'UI up');
  term.resize(40, 10);
  await until((s) => s.includes('Terminal too small: 40×10'), 'too-small notice');
  term.resize(80, 24);
  const text = await until((s) => s.includes('COMPONENT') && !s.includes('too small'), 'reflowed');
  expect(text.split('\n').every((row) => row.length <= 80)).toBe(true);
  send('C-c');
  await until((s) => s.includes('driver-exit=0'), 'driver exit', 60_000);
  expect(screen()).toContain('alive=0');
  expect(paneFlag('alternate_on')).toBe('0');
}, 180_000);
