import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {EXIT_NOT_EXECUTABLE, EXIT_NOT_FOUND, resolveCommand} from '../../src/supervisor/resolve-command.js';
import {tempDir} from './support/pipeline.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function layout() {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const bin = join(tmp.dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'tool'), '#!/bin/sh\n');
  chmodSync(join(bin, 'tool'), 0o755);
  writeFileSync(join(tmp.dir, 'plain.sh'), '#!/bin/sh\n');
  chmodSync(join(tmp.dir, 'plain.sh'), 0o644);
  return {dir: tmp.dir, bin};
}

describe('resolveCommand', () => {
  it('finds a name on PATH and a path relative to the working directory', () => {
    const {dir, bin} = layout();
    expect(resolveCommand('tool', dir, `/nonexistent:${bin}`)).toEqual({ok: true, value: join(bin, 'tool')});
    expect(resolveCommand('./bin/tool', dir, '')).toEqual({ok: true, value: join(bin, 'tool')});
  });

  it('says command not found, with the shell’s exit code', () => {
    const {dir} = layout();
    expect(resolveCommand('nope', dir, '/usr/bin')).toEqual({ok: false, error: {message: 'command not found: nope', exitCode: EXIT_NOT_FOUND}});
    expect(resolveCommand('./nope', dir, '')).toMatchObject({ok: false, error: {message: 'command not found: ./nope'}});
    expect(resolveCommand('', dir, '')).toMatchObject({ok: false, error: {message: 'command is empty'}});
  });

  it('says not executable, and how to fix it', () => {
    const {dir} = layout();
    expect(resolveCommand('./plain.sh', dir, '')).toEqual({
      ok: false,
      error: {message: `not executable: ./plain.sh (permission denied; chmod +x ${join(dir, 'plain.sh')})`, exitCode: EXIT_NOT_EXECUTABLE},
    });
    expect(resolveCommand('plain.sh', dir, dir)).toMatchObject({ok: false, error: {exitCode: EXIT_NOT_EXECUTABLE}});
    expect(resolveCommand('./bin', dir, '')).toMatchObject({ok: false, error: {message: 'not executable: ./bin is a directory'}});
  });

  it('names a missing working directory instead of blaming the command', () => {
    const {dir} = layout();
    expect(resolveCommand('tool', join(dir, 'gone'), '/usr/bin')).toMatchObject({
      ok: false,
      error: {message: `working directory does not exist: ${join(dir, 'gone')}`},
    });
  });
});
