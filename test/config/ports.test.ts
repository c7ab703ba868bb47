/** Ports: the HEALTH_PORT flowctl injects by default never lands on a port the pipeline claims. */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadPipelineFile} from '../../src/config/index.js';
import {buildChildEnv} from '../../src/supervisor/spawn.js';

const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-ports-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function load(components: string[]) {
  const file = path.join(dir, 'pipeline.yaml');
  writeFileSync(file, ['pipeline:', '  name: ports', '  components:', ...components.map((line) => `    - ${line}`), ''].join('\n'));
  const result = loadPipelineFile(file, {env: {}});
  if (!result.ok) throw new Error(result.error.map((d) => d.message).join('\n'));
  return result.value.pipeline;
}

const fillers = Array.from({length: 12}, (_, index) => `{name: f${index}, command: [t], health_port: ${9000 + index}}`);

describe('default HEALTH_PORT', () => {
  it('default-health-port-skips-claimed: `x` 13th would get 18093, which `y` declares: it gets 18094, in the model and in its environment', () => {
    const pipeline = load([...fillers, '{name: x, command: [t]}', '{name: y, command: [t], health_port: 18093}']);
    const x = pipeline.components[12];
    expect(x?.defaultHealthPort).toBe(18094);
    if (x === undefined) return;
    expect(buildChildEnv(x, {}, {index: 12, color: false, controlPlaneAddress: undefined}).HEALTH_PORT).toBe('18094');
    const y = pipeline.components[13];
    if (y === undefined) return;
    expect(buildChildEnv(y, {}, {index: 13, color: false, controlPlaneAddress: undefined}).HEALTH_PORT).toBe('18093');
  });

  it('flowctl’s rule otherwise: 18081 + position; none for a component that sets health_port or env.HEALTH_PORT; two defaults never collide', () => {
    const pipeline = load(['{name: a, command: [t]}', '{name: b, command: [t], env: {PORT: "18082"}}', '{name: c, command: [t], env: {HEALTH_PORT: "7000"}}', '{name: d, command: [t]}']);
    expect(pipeline.components.map((c) => c.defaultHealthPort)).toEqual([18081, 18083, undefined, 18084]);
  });
});
