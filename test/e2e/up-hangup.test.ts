/**
 * Closing the terminal `flowctl up` runs in (a window closed, an SSH link dropped) stops the
 * pipeline gracefully, as SIGHUP does with a file: stop_signal, the grace period, and the
 * component's last lines in logs/<id>.log. Before, flowctl died within 0.2 s (SIGSEGV or
 * SIGABRT): the console's write to the terminal failed with EIO, the notice about it failed
 * on stderr with EIO too (an unhandled 'error' event), and Node's exit aborted in ResetStdio.
 *
 * A real terminal: a tmux pane, whose tty flowctl gets as stdin, stdout (and stderr); killing
 * the tmux server closes the pty's master side, so every fd on that tty hangs up as when a
 * terminal window closes. flowctl is this test's child, so its exit status is seen directly.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {CLI} from '../support/cli.js';
import {startTmux, type TmuxSession} from '../support/tmux.js';

let dir: string;
let term: TmuxSession | undefined;
let child: ChildProcess | undefined;
const fds: number[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowctl-up-hangup-'));
});
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
  term?.kill();
  term = undefined;
  for (const fd of fds.splice(0)) closeSync(fd);
  rmSync(dir, {recursive: true, force: true});
});

/** The component: cleans up for a second on SIGTERM; `tick` makes it print every 0.1 s. */
function component(tick: boolean): string {
  const loop = tick ? 'while :; do echo tick; sleep 0.1; done' : 'while :; do sleep 0.1; done';
  return `trap "sleep 1; echo cleaned up; exit 0" TERM; echo running; ${loop}`;
}

interface Run {
  exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
  log(): string;
  stderr(): string;
}

/** `flowctl up` on a tmux pane's terminal; stderr on that terminal too, or in a file. */
async function upOnTerminal(script: string, options: {tui: boolean; stderrToFile: boolean}): Promise<Run> {
  writeFileSync(
    path.join(dir, 'pipeline.yaml'),
    `pipeline:
  name: hangup
  components:
    - name: svc
      type: source
      command: [sh, -c, ${JSON.stringify(script)}]
`,
  );
  term = startTmux('flowctl-up-hangup', 'sleep 600');
  const tty = openSync(term.flag('pane_tty'), constants.O_RDWR | constants.O_NOCTTY);
  fds.push(tty);
  const errFile = path.join(dir, 'stderr');
  const err = options.stderrToFile ? openSync(errFile, 'w') : tty;
  if (options.stderrToFile) fds.push(err);
  const args = [CLI, 'up', '--no-control-plane', '--no-store', ...(options.tui ? [] : ['--no-tui']), path.join(dir, 'pipeline.yaml')];
  const started = spawn(process.execPath, args, {cwd: dir, stdio: [tty, tty, err], env: {...process.env, NO_COLOR: '1', TERM: 'xterm-256color'}});
  child = started;
  const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => started.on('exit', (code, signal) => resolve({code, signal})));
  const logFile = path.join(dir, 'logs/svc.log');
  const log = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const deadline = Date.now() + 30_000;
  while (!log().includes('running')) {
    if (Date.now() > deadline) throw new Error(`flowctl up did not start the component; screen:\n${term.screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The UI (or the aggregate) has drawn on the terminal by now.
  await term.until((screen) => screen.includes('running'), 'the component on the terminal');
  return {exited, log, stderr: () => (options.stderrToFile ? readFileSync(errFile, 'utf8') : '')};
}

/** The terminal window closes: the pty's master side goes away. */
function closeTerminal(): void {
  term?.kill();
  term = undefined;
}

describe('terminal-closed-crashes-up: a closed terminal stops the pipeline gracefully', () => {
  it('--no-tui, stderr in a file: the EIO alone (no SIGHUP reaches flowctl) stops it, nothing said, no crash', async () => {
    const run = await upOnTerminal(component(true), {tui: false, stderrToFile: true});
    closeTerminal();
    const {code, signal} = await run.exited;
    expect({code, signal}).toEqual({code: 0, signal: null});
    expect(run.log()).toMatch(/\ncleaned up\n$/);
    // No "Unhandled 'error' event", no abort in ResetStdio, no notice about the console.
    expect(run.stderr()).toBe('');
  }, 60_000);

  it('--no-tui, stderr on the terminal: SIGHUP (passed on by the shell) twice, seconds apart, is one graceful stop', async () => {
    const run = await upOnTerminal(component(false), {tui: false, stderrToFile: false});
    closeTerminal();
    child?.kill('SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 300));
    child?.kill('SIGHUP');
    const {code, signal} = await run.exited;
    expect({code, signal}).toEqual({code: 0, signal: null});
    expect(run.log()).toMatch(/\ncleaned up\n$/);
  }, 60_000);

  it('the terminal UI: the EIO alone stops it, no crash', async () => {
    const run = await upOnTerminal(component(true), {tui: true, stderrToFile: false});
    closeTerminal();
    const {code, signal} = await run.exited;
    expect({code, signal}).toEqual({code: 0, signal: null});
    expect(run.log()).toMatch(/\ncleaned up\n$/);
  }, 60_000);

  it('the terminal UI, stderr in a file: SIGHUP twice is one graceful stop, nothing said', async () => {
    const run = await upOnTerminal(component(false), {tui: true, stderrToFile: true});
    closeTerminal();
    child?.kill('SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 300));
    child?.kill('SIGHUP');
    const {code, signal} = await run.exited;
    expect({code, signal}).toEqual({code: 0, signal: null});
    expect(run.log()).toMatch(/\ncleaned up\n$/);
    // Ink shows the cursor again on stderr at exit (`ESC[?25h`, harmless in a file): no text.
    // eslint-disable-next-line no-control-regex -- the escape sequences are what is removed
    expect(run.stderr().replace(/\x1b\[[?\d;]*[A-Za-z]/g, '')).toBe('');
  }, 60_000);
});
