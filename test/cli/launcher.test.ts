/**
 * The program users run (`flowctl`, `npx flowctl`: dist/cli/main.js executed, often through a
 * symlink) starts Node with the CLI's start-up flags: scripts/postbuild.mjs turns its first
 * line into a sh launcher. Regression for "peak RSS at 10× A above 150 MB": Node 20's young
 * generation grew to 16 MB per semi-space under a flood.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';

const MAIN = join(import.meta.dirname, '../../dist/cli/main.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-launcher-'));
});
afterEach(() => {
  rmSync(dir, {recursive: true, force: true});
});

test('flowctl up, run through a symlink as npm links it, is a Node with an 8 MB semi-space', () => {
  // The component prints its parent's command line: the supervisor's, as the kernel sees it.
  writeFileSync(join(dir, 'pipeline.yaml'), [
    'apiVersion: flowctl/v1',
    'kind: Pipeline',
    'metadata: {name: launcher}',
    'spec:',
    '  sources:',
    `    - id: probe`,
    `      command: "tr '\\\\0' ' ' < /proc/$PPID/cmdline; echo"`,
    '',
  ].join('\n'));
  const link = join(dir, 'flowctl');
  symlinkSync(MAIN, link);
  const run = spawnSync(link, ['up', 'pipeline.yaml', '--no-tui', '--no-color', '--no-store', '--control-plane-port', '0'], {
    cwd: dir,
    encoding: 'utf8',
    env: {...process.env, XDG_STATE_HOME: join(dir, 'state')},
    timeout: 30_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const printed = /^probe +\| (node .*)$/m.exec(run.stdout)?.[1];
  expect(printed).toBe(`node --max-semi-space-size=8 ${link} up pipeline.yaml --no-tui --no-color --no-store --control-plane-port 0 `);
});

test('the launcher is two lines Node reads as a directive and a comment: `node dist/cli/main.js` still runs', () => {
  const lines = readFileSync(MAIN, 'utf8').split('\n');
  expect(lines.slice(0, 2)).toEqual(['#!/bin/sh', `':' //; exec node --max-semi-space-size=8 "$0" "$@"`]);
  const run = spawnSync(process.execPath, [MAIN, '--version'], {encoding: 'utf8', timeout: 30_000});
  expect(run.status).toBe(0);
  expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
});
