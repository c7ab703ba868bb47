/** Rules over many components: linear work, and a bounded report. */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadPipelineFile} from '../../src/config/index.js';
import {MAX_SHOWN_DIAGNOSTICS} from '../../src/config/diagnose.js';
import {runCli} from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-rules-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function write(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('many components', () => {
  // Not a speed assertion: before, these ran for tens of seconds to minutes (a Set of every id
  // rebuilt per component, Kahn's algorithm scanning every id per step, did-you-mean for every
  // unknown reference against every id); the generous timeout only turns a hang into a failure.
  it('many-components-linear: `flowctl validate` of a chain of 20 000 components ends with the ✓ (was ~3 minutes)', {timeout: 90_000}, async () => {
    const lines = ['pipeline:', '  name: chain', '  components:'];
    for (let index = 0; index < 20_000; index++) lines.push(`    - {name: c${index}, command: [t]${index > 0 ? `, inputs: [c${index - 1}]` : ''}}`);
    const run = runCli(['validate', write('chain.yaml', lines)]);
    // A hang check, not a speed assertion: the process is killed (and the test fails) only past a minute.
    const killer = setTimeout(() => run.child.kill('SIGKILL'), 60_000);
    const exited = await run.exited.finally(() => clearTimeout(killer));
    expect(exited, run.stderr()).toEqual({code: 0, signal: null});
    expect(run.stdout()).toMatch(/^✓ chain: 20000 components, start order: c0 → c1 → c2 → /);
  });

  it(`many-misspellings-capped: 8 000 components with a misspelled key and an unknown input each report the first ${MAX_SHOWN_DIAGNOSTICS} and how many more`, {timeout: 60_000}, () => {
    const lines = ['pipeline:', '  name: typos', '  components:'];
    for (let index = 0; index < 8000; index++) lines.push(`    - name: c${index}`, '      comand: ["true"]', `      inputs: [x${index}]`);
    const result = loadPipelineFile(write('typos.yaml', lines), {env: {}});
    if (result.ok) return expect.fail('expected errors');
    expect(result.error).toHaveLength(MAX_SHOWN_DIAGNOSTICS + 1);
    expect(result.error[0]).toMatchObject({code: 'unknown-key', message: 'unknown key `comand`', hint: 'did you mean `command`?', location: {line: 5, col: 7}});
    expect(result.error.at(-1)).toMatchObject({
      severity: 'error',
      code: 'more-diagnostics',
      message: `… and ${16_000 - MAX_SHOWN_DIAGNOSTICS} more (${16_000 - MAX_SHOWN_DIAGNOSTICS} errors) not shown`,
      location: undefined,
    });
  });

  it('many-unknown-keys: 40 000 unknown keys in one component are reported with did-you-mean, capped', {timeout: 60_000}, () => {
    const lines = ['pipeline:', '  name: keys', '  components:', '    - name: c', '      command: ["true"]'];
    for (let index = 0; index < 40_000; index++) lines.push(`      key${index}: 1`);
    lines.push('      enviroment: {}');
    const result = loadPipelineFile(write('keys.yaml', lines), {env: {}});
    if (result.ok) return expect.fail('expected errors');
    expect(result.error.at(-1)?.message).toBe(`… and ${40_001 - MAX_SHOWN_DIAGNOSTICS} more (${40_001 - MAX_SHOWN_DIAGNOSTICS} errors) not shown`);
  });
});
