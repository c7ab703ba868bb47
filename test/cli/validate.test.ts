/** `flowctl validate`: in-process for the output details, and once as the built binary for real exit codes. */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runValidate, type ValidateIo} from '../../src/cli/validate-check.js';
import {REPO, runCli} from '../support/cli.js';

const FIXTURES = path.join(REPO, 'fixtures/pipelines');
const empty = mkdtempSync(path.join(tmpdir(), 'flowctl-validate-'));
afterAll(() => rmSync(empty, {recursive: true, force: true}));

function fakeIo(cwd = FIXTURES, env: NodeJS.ProcessEnv = {}): ValidateIo & {stdout: string; stderr: string} {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
    env,
    cwd,
    stderrIsTTY: false,
  };
  return io;
}

describe('runValidate', () => {
  it('prints a ✓ with the component count and start order', async () => {
    const io = fakeIo();
    expect(await runValidate('good/compact.yaml', {}, io)).toBe(0);
    expect(io.stdout).toBe('✓ same: 3 components, start order: source → ttp-processor → sink\n');
    expect(io.stderr).toBe('');
  });

  it('prints warnings on stderr and still succeeds', async () => {
    const io = fakeIo();
    expect(await runValidate('good/flowctl-cdp-pipelines.yaml', {}, io)).toBe(0);
    expect(io.stdout).toBe('✓ cdp-pipeline-example: 1 component, start order: cdp-latest-ledger (3 warnings)\n');
    expect(io.stderr).toContain('good/flowctl-cdp-pipelines.yaml:8:11: warning: driver `docker` is informational');
  });

  it('prints every error with its location on stderr and exits 2', async () => {
    const io = fakeIo();
    expect(await runValidate('bad/unknown-key.yaml', {}, io)).toBe(2);
    expect(io.stdout).toBe('');
    expect(io.stderr).toBe(
      [
        'bad/unknown-key.yaml:8:7: error: unknown key `comand`',
        '  8 |       comand: ["node", "source.mjs"]',
        '    |       ^^^^^^',
        '  hint: did you mean `command`?',
        '',
        '✗ bad/unknown-key.yaml: 1 error',
        '',
      ].join('\n'),
    );
  });

  it('--json prints machine-readable diagnostics', async () => {
    const io = fakeIo();
    expect(await runValidate('bad/port-conflict.yaml', {json: true}, io)).toBe(2);
    const report = JSON.parse(io.stdout) as {valid: boolean; errors: unknown[]; warnings: unknown[]};
    expect(report).toEqual({
      valid: false,
      file: path.join(FIXTURES, 'bad/port-conflict.yaml'),
      pipeline: null,
      errors: [
        {
          severity: 'error',
          code: 'port-conflict',
          message: 'port 8088 is used by both `source` (health_port) and `processor` (env.HEALTH_PORT)',
          path: 'spec.processors[0].env.HEALTH_PORT',
          location: {file: path.join(FIXTURES, 'bad/port-conflict.yaml'), line: 16, col: 22, length: 6},
          hint: 'give each component its own port',
        },
      ],
      warnings: [],
    });
    const good = fakeIo();
    expect(await runValidate('good/compact.yaml', {json: true}, good)).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({valid: true, pipeline: {name: 'same', components: 3, startOrder: ['source', 'ttp-processor', 'sink']}, errors: [], warnings: []});
  });

  it('without a file, looks for pipeline.yaml then flow.yml and says so when neither exists', async () => {
    const io = fakeIo(empty);
    expect(await runValidate(undefined, {}, io)).toBe(2);
    expect(io.stderr).toBe(`error: no pipeline.yaml or flow.yml in ${empty}\n  hint: pass the pipeline file as an argument, e.g. \`pipeline.example.yaml\`\n\n✗ flowctl validate: 1 error\n`);
  });

  it('colours diagnostics when FORCE_COLOR asks, not with --no-color', async () => {
    const forced = fakeIo(FIXTURES, {FORCE_COLOR: '1'});
    await runValidate('bad/unknown-key.yaml', {}, forced);
    expect(forced.stderr).toContain('\u001b[31m');
    const plain = fakeIo(FIXTURES, {FORCE_COLOR: '1'});
    await runValidate('bad/unknown-key.yaml', {color: false}, plain);
    expect(plain.stderr).not.toContain('\u001b[');
  });
});

describe('flowctl validate (built binary)', () => {
  it('exit 0 and the ✓ line for a good file, exit 2 and located errors for a bad one, never a stack trace', async () => {
    const good = runCli(['validate', 'fixtures/pipelines/good/v1-equivalent.yaml']);
    expect((await good.exited).code).toBe(0);
    expect(good.stdout()).toBe('✓ same: 3 components, start order: source → ttp-processor → sink\n');

    const bad = runCli(['validate', 'fixtures/pipelines/bad/cycle.yaml']);
    expect((await bad.exited).code).toBe(2);
    expect(bad.stderr()).toContain('fixtures/pipelines/bad/cycle.yaml:6:20: error: dependency cycle: a → c → b → a');

    for (const target of ['fixtures/pipelines/bad/alias-bomb.yaml', 'fixtures/pipelines', '/dev/zero', 'no/such/file.yaml']) {
      const run = runCli(['validate', target]);
      expect((await run.exited).code, target).toBe(2);
      expect(run.stderr(), target).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      expect(run.stderr(), target).toMatch(/✗ /);
    }

    const json = runCli(['validate', '--json', 'fixtures/pipelines/bad/unknown-input.yaml']);
    expect((await json.exited).code).toBe(2);
    expect(JSON.parse(json.stdout())).toMatchObject({valid: false, errors: [{code: 'unknown-component', location: {line: 12, col: 16}}]});
  });

  it('validates pipeline.example.yaml at the repository root', async () => {
    const run = runCli(['validate', 'pipeline.example.yaml']);
    expect((await run.exited).code, run.stderr()).toBe(0);
    expect(run.stdout()).toMatch(/^✓ ttp-pipeline-example: 3 components, start order: stellar-live-source → ttp-processor → consumer-app\n$/);
  });
});

describe('help texts', () => {
  it('help-says-folder: validate and up take a pipeline file or folder; logs --file names both defaults', async () => {
    for (const command of ['validate', 'up']) {
      const run = runCli([command, '--help']);
      expect((await run.exited).code).toBe(0);
      expect(run.stdout().replace(/\s+/g, ' '), command).toContain('pipeline file or folder (default: pipeline.yaml, then flow.yml)');
    }
    const logs = runCli(['logs', '--help']);
    expect((await logs.exited).code).toBe(0);
    expect(logs.stdout().replace(/\s+/g, ' ')).toContain('--file <path> pipeline file or folder, to find the history of a pipeline that is not running (default: ./pipeline.yaml, then ./flow.yml)');
  });
});
