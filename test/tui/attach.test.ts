/** `flowctl attach` refusals (the UI itself over the control plane: remote-source.test.ts). */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, expect, test} from 'vitest';
import {runAttach} from '../../src/cli/attach.js';
import type {CliIo} from '../../src/cli/cli-io.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

function io(tty: boolean): CliIo & {errors: string[]} {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'flowctl-attach-'));
  dirs.push(stateDir);
  const stdout = Object.assign(new PassThrough(), {isTTY: tty});
  const errors: string[] = [];
  return {stdout, error: (m) => void errors.push(m), env: {}, cwd: stateDir, stateDir, onInterrupt: () => () => undefined, errors};
}

test('attach without a terminal says to use logs -f (usage error)', async () => {
  const cli = io(false);
  expect(await runAttach(undefined, {}, cli, {isTTY: true})).toBe(2);
  expect(cli.errors[0]).toContain('needs a terminal');
  const cli2 = io(true);
  expect(await runAttach(undefined, {}, cli2, {isTTY: false})).toBe(2);
});

test('attach with no pipeline running says how to start one', async () => {
  const cli = io(true);
  expect(await runAttach(undefined, {}, cli, {isTTY: true})).toBe(1);
  expect(cli.errors[0]).toBe('flowctl attach: no pipeline is running (start one with `flowctl up`)');
});
