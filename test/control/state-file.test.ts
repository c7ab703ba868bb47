import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {existsSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {scanStateFiles, stateDir, storePathFor, writeStateFile, type PipelineState} from '../../src/control/state-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-state-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

function state(patch: Partial<PipelineState> = {}): PipelineState {
  return {
    name: 'my-pipeline', file: '/p/pipeline.yaml', pid: process.pid, address: '127.0.0.1:8080', port: 8080, token: 't0k', tls: false,
    logDir: '/p/logs', storePath: '/p/logs/history.sqlite', runId: 'r1', startedAt: 1, components: ['source', 'ttp-processor'], ...patch,
  };
}

describe('state folder', () => {
  it('uses $XDG_STATE_HOME/flowctl, else ~/.local/state/flowctl; ignores a relative XDG value', () => {
    expect(stateDir({XDG_STATE_HOME: '/x/state'}, '/home/u')).toBe('/x/state/flowctl');
    expect(stateDir({}, '/home/u')).toBe('/home/u/.local/state/flowctl');
    expect(stateDir({XDG_STATE_HOME: 'relative'}, '/home/u')).toBe('/home/u/.local/state/flowctl');
    expect(storePathFor('/p/logs')).toBe('/p/logs/history.sqlite');
  });
});

describe('state files', () => {
  it('are written with mode 0600 in a 0700 folder, read back, and removed', () => {
    const folder = join(dir, 'nested', 'flowctl');
    const written = writeStateFile(state(), folder);
    if (!written.ok) throw new Error(written.error);
    expect(statSync(written.value.path).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(scanStateFiles(folder).states).toEqual([state()]);
    written.value.remove();
    expect(existsSync(written.value.path)).toBe(false);
    written.value.remove();
  });

  it('stale files (dead pid) are detected and cleaned; unreadable ones reported', () => {
    writeStateFile(state({name: 'alive'}), dir);
    writeStateFile(state({name: 'dead', pid: 999_999_999}), dir);
    writeFileSync(join(dir, 'garbage.json'), '{not json');
    const scan = scanStateFiles(dir);
    expect(scan.states.map((s) => s.name)).toEqual(['alive']);
    expect(scan.cleaned).toEqual([join(dir, 'dead-999999999.json')]);
    expect(existsSync(join(dir, 'dead-999999999.json'))).toBe(false);
    expect(scan.problems).toEqual([expect.stringContaining('garbage.json')]);
  });

  it('a missing folder means nothing runs', () => {
    expect(scanStateFiles(join(dir, 'absent'))).toEqual({states: [], cleaned: [], problems: []});
  });

  it('an unwritable folder is an error value with a hint', () => {
    writeFileSync(join(dir, 'file'), '');
    const result = writeStateFile(state(), join(dir, 'file', 'sub'));
    expect(result.ok ? '' : result.error).toMatch(/cannot write the pipeline state file .* XDG_STATE_HOME/);
  });

  it('installs an exit hook that removes the file, and takes it off on remove()', () => {
    const before = process.listenerCount('exit');
    const written = writeStateFile(state({name: 'exit-hook'}), dir);
    if (!written.ok) throw new Error(written.error);
    expect(process.listenerCount('exit')).toBe(before + 1);
    // Run the hook as process exit would.
    const hook = process.listeners('exit').at(-1) as (code: number) => void;
    hook(0);
    expect(existsSync(written.value.path)).toBe(false);
    expect(process.listenerCount('exit')).toBe(before);
  });
});
