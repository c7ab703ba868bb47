import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {REPO, runCli} from '../support/cli.js';

const component = (name: string): string => path.join(REPO, 'fixtures/components', `${name}.mjs`);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowctl-up-'));
});
afterEach(() => {
  rmSync(dir, {recursive: true, force: true});
});

function writePipeline(body: string): string {
  const file = path.join(dir, 'pipeline.yaml');
  writeFileSync(file, body);
  return file;
}

/** A three-stage pipeline whose components print `lines` lines and exit with the given codes. */
function finitePipeline(options: {lines?: number; sourceExit?: number; sinkLines?: number} = {}): string {
  const lines = options.lines ?? 5;
  return writePipeline(`apiVersion: flowctl/v1
kind: Pipeline
metadata: {name: finite}
spec:
  sources:
    - id: source
      command: [node, ${component('source')}]
      env: {LINES: "${lines}", RATE: "0", HEALTH_PORT: "0", EXIT_CODE: "${options.sourceExit ?? 0}", SEQ_PREFIX: "1"}
  processors:
    - id: proc
      command: [node, ${component('processor')}]
      inputs: [source]
      env: {LINES: "${lines}", RATE: "0", HEALTH_PORT: "0", SEQ_PREFIX: "1"}
  sinks:
    - id: sink
      command: [node, ${component('consumer')}]
      inputs: [proc]
      env: {LINES: "${options.sinkLines ?? lines}", RATE: "0", HEALTH_PORT: "0", SEQ_PREFIX: "1"}
`);
}

const base = ['up', '--no-tui', '--control-plane-port', '0'];

describe('flowctl up (the built CLI, as a user runs it)', () => {
  it('runs a pipeline to completion, prefixes every line and keeps the files', async () => {
    const file = finitePipeline();
    const run = runCli([...base, file]);
    const {code} = await run.exited;
    expect(run.stderr()).toBe('');
    expect(code).toBe(0);
    const out = run.stdout();
    expect(out).toMatch(/^source +\| started, pid \d+$/m);
    expect(out).toMatch(/^sink +\| exited with code 0$/m);
    // Every printed line of a component is in its file, and the console showed them prefixed.
    const sourceLog = readFileSync(path.join(dir, 'logs/source.log'), 'utf8');
    expect(sourceLog).toContain('source 1');
    for (const line of out.split('\n').filter((l) => l.startsWith('source'))) expect(line).toMatch(/^source +\| /);
  });

  it('exits 1 when a component failed', async () => {
    const run = runCli([...base, finitePipeline({sourceExit: 3})]);
    const {code} = await run.exited;
    expect(code).toBe(1);
    expect(run.stdout()).toMatch(/^source +\| exited with code 3$/m);
  });

  it('--exit-code-from takes that component\'s exit code and stops the others', async () => {
    const file = writePipeline(`pipeline:
  name: exit-code-from
  components:
    - {name: quick, type: source, command: [node, ${component('source')}], env: {LINES: "2", RATE: "0", EXIT_CODE: "7", HEALTH_PORT: "0"}}
    - {name: forever, type: sink, command: [node, ${component('consumer')}], env: {RATE: "20", HEALTH_PORT: "0"}}
`);
    const run = runCli([...base, '--exit-code-from', 'quick', file]);
    const {code} = await run.exited;
    expect(code).toBe(7);
    expect(run.stdout()).toMatch(/^forever +\| stopping \(SIGTERM\)$/m);
  });

  it('--abort-on-exit stops everything when one component ends', async () => {
    const file = writePipeline(`pipeline:
  name: abort
  components:
    - {name: quick, type: source, command: [node, ${component('source')}], env: {LINES: "1", RATE: "0", HEALTH_PORT: "0"}}
    - {name: forever, type: sink, command: [node, ${component('consumer')}], env: {RATE: "20", HEALTH_PORT: "0"}}
`);
    const run = runCli([...base, '--abort-on-exit', file]);
    const {code} = await run.exited;
    expect(code).toBe(0);
    expect(run.stdout()).toMatch(/^forever +\| stopped$/m);
  });

  it('SIGINT stops the pipeline gracefully in reverse dependency order', async () => {
    const file = writePipeline(`pipeline:
  name: forever
  components:
    - {name: src, type: source, command: [node, ${component('source')}], env: {RATE: "20", HEALTH_PORT: "0"}}
    - {name: snk, type: sink, command: [node, ${component('consumer')}], inputs: [src], env: {RATE: "20", HEALTH_PORT: "0"}}
`);
    const run = runCli([...base, file]);
    await run.waitForOutput((out) => /^snk +\| started/m.test(out));
    run.child.kill('SIGINT');
    const {code} = await run.exited;
    expect(code).toBe(0);
    const out = run.stdout();
    expect(out).toMatch(/SIGINT received: stopping forever gracefully/);
    // The sink (downstream) stops before the source it reads from.
    const sinkStopped = out.search(/^snk +\| stopped$/m);
    const sourceStopping = out.search(/^src +\| stopping/m);
    expect(sinkStopped).toBeGreaterThan(-1);
    expect(sourceStopping).toBeGreaterThan(sinkStopped);
  });

  it('a console that cannot keep up never stalls the children or the files', async () => {
    const file = writePipeline(`pipeline:
  name: flood
  components:
    - {name: flood, type: source, command: [node, ${component('emit')}], env: {EMIT_FILE: "${path.join(dir, 'payload.txt')}"}}
`);
    const lines = 200_000;
    writeFileSync(path.join(dir, 'payload.txt'), Array.from({length: lines}, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    const run = runCli([...base, file]);
    // Do not read stdout at all: the pipe fills, the console view must drop, not block.
    run.child.stdout?.pause();
    const {code} = await run.exited;
    expect(code).toBe(0);
    const logged = readFileSync(path.join(dir, 'logs/flood.log'), 'utf8').split('\n').filter((l) => l !== '');
    expect(logged).toHaveLength(lines);
    expect(logged.at(-1)).toBe(`line ${lines}`);
  }, 60_000);

  describe('refuses bad input with exit code 2 and no stack trace', () => {
    it('a missing pipeline file', async () => {
      const run = runCli([...base, path.join(dir, 'nope.yaml')]);
      expect((await run.exited).code).toBe(2);
      expect(run.stderr()).toMatch(/nope\.yaml/);
      expect(run.stderr()).not.toMatch(/\n\s+at /);
    });

    it('an invalid pipeline, located at file:line:col', async () => {
      const file = writePipeline('pipeline:\n  name: bad\n  components:\n    - {name: a, type: source, comand: [true]}\n');
      const run = runCli([...base, file]);
      expect((await run.exited).code).toBe(2);
      expect(run.stderr()).toMatch(/pipeline\.yaml:4:\d+: .*comand/);
    });

    it('an unknown --exit-code-from component', async () => {
      const run = runCli([...base, '--exit-code-from', 'ghost', finitePipeline()]);
      expect((await run.exited).code).toBe(2);
      expect(run.stderr()).toMatch(/--exit-code-from: no component "ghost"/);
    });

    it('a bad port', async () => {
      const run = runCli(['up', '--control-plane-port', 'eighty', finitePipeline()]);
      expect((await run.exited).code).toBe(2);
      expect(run.stderr()).toMatch(/"eighty" is not a port/);
    });
  });
});
