/**
 * Start-up cost of the CLI: the heavy dependencies (gRPC, Ink/React, ajv, YAML, SQLite) load
 * only inside the command that needs them, via dynamic `import()`. Regression tests for
 * "`flowctl --version` takes 1.5 s": every command module used to import them eagerly.
 *
 * Each case runs the built CLI's program (dist/, built by the global setup) in a fresh Node
 * process and lists the CommonJS packages it loaded (`require.cache`; React stands for Ink,
 * which is ESM and always pulls React in).
 */
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {openStore} from '../../src/logs/store/index.js';
import {storePathFor} from '../../src/control/state-file.js';
import {entry} from '../logs/entries.js';

const PROGRAM = pathToFileURL(join(import.meta.dirname, '../../dist/cli/program.js')).href;
const HEAVY = ['@grpc/grpc-js', '@grpc/proto-loader', 'react', 'ajv', 'yaml', 'better-sqlite3', 'string-width'] as const;

/** Runs `flowctl <args>` in-process in a child Node and returns the heavy packages it loaded. */
function loadedPackages(args: string[], cwd: string): {loaded: string[]; stdout: string; stderr: string} {
  // ESM packages (string-width) are not in require.cache: a resolve hook reports every URL.
  const script = `
    import {createRequire, register} from 'node:module';
    import {MessageChannel} from 'node:worker_threads';
    import {fileURLToPath} from 'node:url';
    const {port1, port2} = new MessageChannel();
    const resolved = [];
    port1.on('message', (url) => resolved.push(url));
    const hooks = 'let port; export function initialize(data) { port = data.port; }' +
      ' export async function resolve(specifier, context, next) { const r = await next(specifier, context); port.postMessage(r.url); return r; }';
    register('data:text/javascript,' + encodeURIComponent(hooks), import.meta.url, {data: {port: port2}, transferList: [port2]});
    const {buildProgram} = await import(${JSON.stringify(PROGRAM)});
    const program = buildProgram();
    program.exitOverride();
    try { await program.parseAsync(${JSON.stringify(args)}, {from: 'user'}); } catch {}
    await new Promise((resolve) => setTimeout(resolve, 50));
    port1.close();
    const esm = resolved.filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url));
    const loaded = [...Object.keys(createRequire(import.meta.url).cache), ...esm];
    process.stderr.write('\\nLOADED ' + JSON.stringify(loaded) + '\\n');
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
    env: {...process.env, NO_COLOR: '1', XDG_STATE_HOME: join(cwd, 'state')},
    timeout: 60_000,
  });
  const marker = /\nLOADED (.*)\n/.exec(run.stderr);
  if (marker?.[1] === undefined) throw new Error(`no module list; stderr:\n${run.stderr}`);
  const files = JSON.parse(marker[1]) as string[];
  const loaded = HEAVY.filter((name) => files.some((file) => file.includes(`/node_modules/${name}/`)));
  return {loaded, stdout: run.stdout, stderr: run.stderr.slice(0, marker.index)};
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-startup-'));
});
afterEach(() => {
  rmSync(dir, {recursive: true, force: true});
});

test('--version loads none of the heavy packages', () => {
  const run = loadedPackages(['--version'], dir);
  expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  expect(run.loaded).toEqual([]);
});

test('--help lists every command without loading their dependencies', () => {
  const run = loadedPackages(['--help'], dir);
  for (const command of ['up', 'logs', 'status', 'down', 'validate', 'attach']) expect(run.stdout).toContain(command);
  expect(run.loaded).toEqual([]);
});

test('logs on a stored history loads the pipeline loader and SQLite, not gRPC or the terminal UI', async () => {
  mkdirSync(join(dir, 'project'));
  const project = join(dir, 'project');
  writeFileSync(join(project, 'pipeline.yaml'), 'pipeline:\n  name: startup\n  logging: {dir: logs}\n  components:\n    - name: worker\n      type: processor\n      command: ["true"]\n');
  const store = await openStore(storePathFor(join(project, 'logs')), {retentionMs: 0});
  if (!store.ok) throw new Error(store.error);
  store.value.beginRun('run-1', {pipeline: 'startup', startedAt: 1});
  store.value.append([entry({componentId: 'worker', raw: 'stored line', runId: 'run-1'})]);
  await store.value.close();

  const run = loadedPackages(['logs', '--raw', '--no-log-prefix'], project);
  expect(run.stderr).toBe('');
  expect(run.stdout).toBe('stored line\n');
  expect(run.loaded).toEqual(['ajv', 'yaml', 'better-sqlite3']);
});

test('validate of a bad file loads string-width for its excerpts (what a clean load never pays for)', () => {
  writeFileSync(join(dir, 'pipeline.yaml'), 'pipeline:\n  name: startup\n  components:\n    - name: worker\n      typo: processor\n');
  const run = loadedPackages(['validate'], dir);
  expect(run.stderr).toContain('typo');
  expect(run.loaded).toEqual(['ajv', 'yaml', 'string-width']);
});

test('validate loads the pipeline loader only', () => {
  writeFileSync(join(dir, 'pipeline.yaml'), 'pipeline:\n  name: startup\n  components:\n    - name: worker\n      type: processor\n      command: ["true"]\n');
  const run = loadedPackages(['validate'], dir);
  expect(run.stdout).toMatch(/✓ startup/);
  expect(run.loaded).toEqual(['ajv', 'yaml']);
});
