/** Restart policies with real processes and real (short) backoff delays. */
import {afterEach, describe, expect, it} from 'vitest';
import type {RestartPolicy} from '../../src/config/model.js';
import {Supervisor} from '../../src/supervisor/supervisor.js';
import {component, controlNotes, createHub, nodeScript, pipeline, tempDir, waitFor} from '../supervisor/support/pipeline.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const backoff = {initialMs: 100, maxMs: 300, multiplier: 2, resetAfterMs: 60_000};
const policy = (name: RestartPolicy['policy'], maxRestarts?: number): RestartPolicy => ({policy: name, maxRestarts, backoff});

async function run(command: string[], restart: RestartPolicy) {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const hub = createHub();
  const supervisor = new Supervisor({pipeline: pipeline(tmp.dir, [component('svc', command, {restart})]), hub});
  await supervisor.start();
  return {hub, supervisor};
}

const notesWithoutPids = (notes: string[]) => notes.map((n) => n.replace(/pid \d+/, 'pid N'));

describe('restart policies', () => {
  it('on-failure:3 restarts with exponential backoff, then the component fails', async () => {
    const {hub, supervisor} = await run(nodeScript('console.log("run"); process.exit(1)'), policy('on-failure', 3));
    expect(await supervisor.done).toEqual({exitCode: 1});
    expect(notesWithoutPids(controlNotes(hub, 'svc'))).toEqual([
      'starting', 'started, pid N', 'exited with code 1', 'restarting in 100 ms, attempt 1 of 3',
      'starting', 'started, pid N', 'exited with code 1', 'restarting in 200 ms, attempt 2 of 3',
      'starting', 'started, pid N', 'exited with code 1', 'restarting in 300 ms, attempt 3 of 3',
      'starting', 'started, pid N', 'exited with code 1', 'failed: gave up after 3 restarts',
    ]);
    expect(supervisor.status()[0]).toMatchObject({state: 'failed', restarts: 3, exitCode: 1, lines: 4});
    // Every entry says which run it came from.
    expect(hub.ring.query(undefined).filter((e) => e.raw === 'run').map((e) => e.restart)).toEqual([0, 1, 2, 3]);
  });

  it('on-failure does not restart after exit 0', async () => {
    const {hub, supervisor} = await run(nodeScript('console.log("done")'), policy('on-failure'));
    expect(await supervisor.done).toEqual({exitCode: 0});
    expect(notesWithoutPids(controlNotes(hub, 'svc'))).toEqual(['starting', 'started, pid N', 'exited with code 0']);
  });

  it('always-max-exit0-not-failed: always restarts after a clean exit too, up to its maximum; then it gave up and is failed', async () => {
    const {hub, supervisor} = await run(nodeScript('process.exit(0)'), policy('always', 2));
    expect(await supervisor.done).toEqual({exitCode: 1});
    const notes = controlNotes(hub, 'svc');
    expect(notes.filter((n) => n.startsWith('started'))).toHaveLength(3);
    expect(notes.slice(-2)).toEqual(['exited with code 0', 'failed: gave up after 2 restarts']);
    expect(supervisor.status()[0]).toMatchObject({state: 'failed', restarts: 2, exitCode: 0, reason: 'gave up after 2 restarts'});
  });

  it('unless-stopped restarts a crashing component until the user stops it', async () => {
    const {hub, supervisor} = await run(nodeScript('setTimeout(() => process.exit(7), 50)'), policy('unless-stopped'));
    await waitFor(() => supervisor.status()[0]!.restarts >= 2, 'two restarts');
    await supervisor.stop('svc');
    expect(supervisor.status()[0]?.state).toBe('stopped');
    const restartsAtStop = supervisor.status()[0]!.restarts;
    expect(await supervisor.done).toEqual({exitCode: 0});
    expect(supervisor.status()[0]!.restarts).toBe(restartsAtStop);
    expect(controlNotes(hub, 'svc').at(-1)).toMatch(/^stopped/);
  });

  it('transition-without-entry: under no, exit 5 reads "starting", "started", "exited with code 5", "failed"', async () => {
    const {hub, supervisor} = await run(nodeScript('process.exit(5)'), policy('no'));
    expect(await supervisor.done).toEqual({exitCode: 1});
    expect(notesWithoutPids(controlNotes(hub, 'svc'))).toEqual(['starting', 'started, pid N', 'exited with code 5', 'failed']);
    expect(supervisor.status()[0]).toMatchObject({state: 'failed', exitCode: 5});
  });

  it('always-max-exit0-not-failed: unless-stopped at its maximum after clean exits gave up too', async () => {
    const {hub, supervisor} = await run(nodeScript('process.exit(0)'), policy('unless-stopped', 1));
    expect(await supervisor.done).toEqual({exitCode: 1});
    expect(controlNotes(hub, 'svc').at(-1)).toBe('failed: gave up after 1 restart');
    expect(supervisor.status()[0]).toMatchObject({state: 'failed', restarts: 1});
  });

  it('no: a crash is final and makes the exit code non-zero', async () => {
    const {hub, supervisor} = await run(nodeScript('process.kill(process.pid, "SIGKILL")'), policy('no'));
    expect(await supervisor.done).toEqual({exitCode: 1});
    expect(notesWithoutPids(controlNotes(hub, 'svc'))).toEqual(['starting', 'started, pid N', 'killed by SIGKILL', 'failed']);
    expect(supervisor.status()[0]).toMatchObject({state: 'failed', signal: 'SIGKILL'});
  });
});
