/**
 * A second Ctrl+C kills at once; the same signal delivered twice (`timeout`, a group kill,
 * `npm start` forwarding the terminal's SIGINT) is one request. Through the built CLI, with a
 * component that ignores SIGTERM and a grace period far longer than the test may take.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runCli, type CliRun} from '../support/cli.js';

let dir: string;
let runs: CliRun[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowctl-up-signals-'));
});
afterEach(() => {
  for (const run of runs) run.child.kill('SIGKILL');
  runs = [];
  rmSync(dir, {recursive: true, force: true});
});

/** `up` of one shell component running `script`, which stops only on SIGKILL unless the script says otherwise. */
function up(script: string): CliRun {
  const file = path.join(dir, 'pipeline.yaml');
  writeFileSync(
    file,
    `pipeline:
  name: sig
  components:
    - name: svc
      type: source
      command: [sh, -c, ${JSON.stringify(script)}]
      stop_grace_period: 10m
`,
  );
  const run = runCli(['up', '--no-tui', '--no-control-plane', '--no-store', file]);
  runs.push(run);
  return run;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('stop signals (the built CLI)', () => {
  it('second-ctrl-c-ignored: a second SIGINT 100 ms after the first was handled kills at once', async () => {
    const run = up("trap '' TERM; echo up; while :; do sleep 0.1; done");
    await run.waitForOutput((out) => /^svc +\| up$/m.test(out));
    run.child.kill('SIGINT');
    await run.waitForOutput((out) => out.includes('press Ctrl+C again to kill everything at once'));
    // A fast double press: well inside the 300 ms that used to swallow it.
    await sleep(100);
    run.child.kill('SIGINT');
    const {code} = await run.exited;
    const out = run.stdout();
    expect(out).toMatch(/SIGINT received again: killing everything now/);
    expect(out).toMatch(/^svc +\| killing \(SIGKILL\)$/m);
    expect(out).toMatch(/^svc +\| stopped$/m);
    expect(code).toBe(0);
  });

  it('the same SIGINT delivered twice back to back (process and group, as timeout does) is one graceful stop', async () => {
    const run = up("trap 'echo got SIGTERM; exit 0' TERM; echo up; while :; do sleep 0.1; done");
    await run.waitForOutput((out) => /^svc +\| up$/m.test(out));
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    const {code} = await run.exited;
    const out = run.stdout();
    expect(out).toMatch(/^svc +\| got SIGTERM$/m);
    expect(out).not.toMatch(/killing everything now/);
    expect(code).toBe(0);
  });
});
