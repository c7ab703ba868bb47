/**
 * Regression: "blank UI when CI is set". Ink reads CI / CONTINUOUS_INTEGRATION once, when it is
 * first evaluated, and in "CI mode" writes no frame until unmount, so `flowctl up` in a terminal
 * stayed blank for users (and CI jobs driving tmux) with CI=true. A fresh Node process per case,
 * because Ink's decision is cached for the life of a process.
 */
import {spawnSync} from 'node:child_process';
import {expect, test} from 'vitest';
import {REPO} from '../support/cli.js';

// Renders one frame through the built src/tui/ink.ts into a fake TTY and reports what reached it
// before unmount, and whether the CI variables are back for the children flowctl spawns.
const PROBE = `
const {render, Text} = await import('./dist/tui/ink.js');
const React = (await import('react')).default;
const {EventEmitter} = await import('node:events');
const out = Object.assign(new EventEmitter(), {isTTY: true, columns: 80, rows: 24, written: '', write(s) { this.written += s; return true; }});
const app = render(React.createElement(Text, null, 'frame-before-unmount'), {stdout: out, stderr: out, patchConsole: false, exitOnCtrlC: false});
await new Promise((resolve) => setTimeout(resolve, 100));
const drawn = out.written.includes('frame-before-unmount');
app.unmount();
console.log(JSON.stringify({drawn, ci: process.env.CI ?? null, ciAlias: process.env.CONTINUOUS_INTEGRATION ?? null}));
`;

function probe(env: NodeJS.ProcessEnv): {drawn: boolean; ci: string | null; ciAlias: string | null} {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], {
    cwd: REPO,
    env: {...process.env, CI: undefined, CONTINUOUS_INTEGRATION: undefined, ...env},
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(result.stderr.replaceAll('\u001b[?25h', '')).toBe(''); // restore-cursor shows the cursor on exit
  return JSON.parse(result.stdout.trim()) as {drawn: boolean; ci: string | null; ciAlias: string | null};
}

test('the UI draws frames while running even when CI=true, and CI is restored for children', () => {
  expect(probe({CI: 'true'})).toEqual({drawn: true, ci: 'true', ciAlias: null});
});

test('CONTINUOUS_INTEGRATION=1 is hidden from Ink the same way', () => {
  expect(probe({CONTINUOUS_INTEGRATION: '1'})).toEqual({drawn: true, ci: null, ciAlias: '1'});
});

test('without CI variables nothing is added to the environment', () => {
  expect(probe({})).toEqual({drawn: true, ci: null, ciAlias: null});
});
