import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, describe, expect, it} from 'vitest';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'bench-quick-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

// End to end on the built CLI (dist/, as `npm run bench` measures it). No speed is asserted:
// `npm run build` must have run (CI: `npm ci` builds). This proves the harness runs, measures and verifies; `npm run bench -- --quick` runs it all.
describe('npm run bench -- --quick (workload A only)', () => {
  it('runs the baselines and flowctl, verifies every output and writes the result file', async () => {
    const out = join(dir, 'result.json');
    const {stdout} = await promisify(execFile)(
      process.execPath,
      ['bench/run.mjs', '--quick', '--no-build', '--workloads', 'A', '--systems', 'null,sed,flowctl', '--skip', 'latency,queries,scaling,wire', '--out', out],
      {cwd: root, timeout: 110_000},
    );
    expect(stdout).toContain('A flowctl up, everything on');
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.runs.map((r: {system: string}) => r.system)).toEqual(['null', 'sed', 'flowctl']);
    const sed = result.runs[1];
    expect(sed.stdout).toMatchObject({intact: 20_000, torn: 0, lost: 0});
    const flowctl = result.runs[2];
    expect(flowctl.exitCode).toBe(0);
    expect(flowctl.files.lines).toBeGreaterThanOrEqual(20_000);
    expect(flowctl.storeRows).toBeGreaterThan(0);
    expect(result.summary.A.flowctl.ratios.sed.median).toBeGreaterThan(0);
  }, 120_000);
});
