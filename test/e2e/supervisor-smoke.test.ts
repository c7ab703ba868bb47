import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {Supervisor} from '../../src/supervisor/supervisor.js';
import {component, controlNotes, createHub, nodeScript, pipeline, tempDir} from '../supervisor/support/pipeline.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('Supervisor smoke', () => {
  it('runs two components to completion and writes their lines to logs/<id>.log', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const hub = createHub();
    const p = pipeline(tmp.dir, [
      component('a', nodeScript('console.log("hello from a"); console.error("err from a")')),
      component('b', nodeScript('console.log("hello from b"); process.exit(3)')),
    ]);
    const supervisor = new Supervisor({pipeline: p, hub});
    await supervisor.start();
    const {exitCode} = await supervisor.done;
    expect(exitCode).toBe(1);
    expect(readFileSync(join(tmp.dir, 'logs', 'a.log'), 'utf8').split('\n').sort()).toEqual(['', 'err from a', 'hello from a']);
    expect(readFileSync(join(tmp.dir, 'logs', 'b.log'), 'utf8')).toBe('hello from b\n');
    expect(controlNotes(hub, 'a')).toEqual(['starting', expect.stringMatching(/^started, pid \d+$/), 'exited with code 0']);
    expect(controlNotes(hub, 'b')).toEqual(['starting', expect.stringMatching(/^started, pid \d+$/), 'exited with code 3', 'failed']);
    expect(supervisor.status().map((s) => [s.id, s.state, s.exitCode, s.lines])).toEqual([
      ['a', 'exited', 0, 2],
      ['b', 'failed', 3, 1],
    ]);
  });
});
