import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, describe, expect, it} from 'vitest';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'bench-wire-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

// End to end on the built CLI (dist/), against real `flowctl up` processes: the wire section
// alone (`--workloads none`). No speed is asserted; that nothing pushed or followed is lost is.
describe('npm run bench -- --quick --workloads none --skip latency,tui,queries,scaling', () => {
  it('pushes per entry, batched and gzip\'d, follows per entry and batched, and loses nothing', async () => {
    const out = join(dir, 'result.json');
    const {stdout} = await promisify(execFile)(
      process.execPath,
      ['bench/run.mjs', '--quick', '--no-build', '--workloads', 'none', '--skip', 'latency,tui,queries,scaling', '--out', out],
      {cwd: root, timeout: 110_000},
    );
    expect(stdout).toContain('push batched/per-entry');
    const {wire, runs} = JSON.parse(readFileSync(out, 'utf8'));
    expect(runs).toEqual([]);
    expect(wire.push.map((p: {mode: string}) => p.mode)).toEqual(['entry', 'batch', 'gzip']);
    for (const p of wire.push) expect(p).toMatchObject({entries: 5000, arrived: 5000, lost: 0});
    expect(wire.historyCount).toBe(wire.historyExpected);
    expect(wire.follow.map((f: {mode: string}) => f.mode)).toEqual(['batches', 'entries', 'cli']);
    for (const f of wire.follow) expect(f).toMatchObject({received: 5000, missed: 0});
    // gzip is negotiated: what crossed the proxy is smaller than the same batches plain.
    expect(wire.ratios.pushGzipVsPlainBytes).toBeLessThan(1);
  }, 120_000);
});
