/**
 * `flowctl attach` in a real terminal (tmux) on a running `flowctl up` applies the pipeline's
 * per-component `logging.level`, as `up`'s own UI does: the levels travel in the pipeline's
 * status (`log_level`), read before the UI opens.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {scanStateFiles} from '../../src/control/state-file.js';
import {waitFor} from '../control/helpers.js';
import {CLI, runCli, type CliRun} from '../support/cli.js';
import {startTmux, type TmuxSession} from '../support/tmux.js';

let dir = '';
let up: CliRun | undefined;
let term: TmuxSession | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowctl-attach-level-'));
  // Every 300 ms: a debug line and a warn line (the leveled one), an info line (the other).
  writeFileSync(
    path.join(dir, 'leveled.mjs'),
    `let n = 0;\nsetInterval(() => { n++; console.log(JSON.stringify({level: 'debug', msg: 'debug noise ' + n})); console.log(JSON.stringify({level: 'warn', msg: 'warning ' + n})); }, 300);\n`,
  );
  writeFileSync(path.join(dir, 'plain.mjs'), `let n = 0;\nsetInterval(() => console.log('plain tick ' + ++n), 300);\n`);
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

test("regression attach-no-level-floor: attach hides the lines under a component's logging.level", async () => {
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
  const stateHome = path.join(dir, 'state');
  up = runCli(['up', '--no-tui', '--control-plane-port', '0', file], {cwd: dir, env: {XDG_STATE_HOME: stateHome}});
  await waitFor(() => scanStateFiles(path.join(stateHome, 'flowctl')).states.find((s) => s.name === 'attach-level'), 'state file of flowctl up', 60_000);
  await waitFor(() => up?.stdout().includes('warning 2'), 'the leveled component printing', 60_000);
  term = startTmux('flowctl-attach-level', `cd ${dir} && XDG_STATE_HOME=${stateHome} NO_COLOR=1 ${process.execPath} ${CLI} attach; echo "attach-exit=$?"; sleep 120`);
  const t = term;
  // Lines of both components after attaching: the warnings and ticks are there, no debug line.
  const screen = await t.until((s) => s.includes('(attached)') && /warning \d+/.test(s) && /plain tick \d+/.test(s), 'attached UI with live lines', 60_000);
  expect(screen).not.toContain('debug noise');
  t.send('q');
  await t.until((s) => s.includes('attach-exit=0'), 'attach detached', 60_000);
}, 180_000);
