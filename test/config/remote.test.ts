/** `remote: true`: a component flowctl does not start; what it may and may not declare. */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadPipelineFile} from '../../src/config/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-remote-config-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function load(name: string, text: string) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return loadPipelineFile(file, {env: {}});
}

const codes = (diagnostics: readonly {code: string; message: string}[]) => diagnostics.map((d) => `${d.code} ${d.message}`);

describe('remote components', () => {
  it('remote-without-command-loads: a compact `remote: true` component needs no command (was "`remote` has no command or image")', () => {
    const result = load('compact.yaml', 'pipeline:\n  name: p\n  components:\n    - name: remote\n      remote: true\n    - name: local\n      command: ["true"]\n');
    if (!result.ok) return expect.fail(codes(result.error).join('\n'));
    const remote = result.value.pipeline.components.find((c) => c.id === 'remote');
    expect(remote).toMatchObject({remote: true, command: [], image: undefined});
    expect(result.value.pipeline.components.find((c) => c.id === 'local')?.remote).toBe(false);
    expect(result.value.warnings).toEqual([]);
  });

  it('remote-without-image-loads: a v1 `remote: true` source needs no image (was "has only an image … cannot run it")', () => {
    const result = load('v1.yaml', 'apiVersion: flowctl/v1\nkind: Pipeline\nmetadata: {name: p}\nspec:\n  sources:\n    - id: src\n      remote: true\n      health_check: {tcp: "127.0.0.1:50052"}\n');
    if (!result.ok) return expect.fail(codes(result.error).join('\n'));
    expect(result.value.pipeline.components[0]).toMatchObject({id: 'src', remote: true, healthCheck: {kind: 'tcp', host: '127.0.0.1', port: 50052}});
  });

  it('an image on a remote component is an error, not "only an image"', () => {
    const result = load('image.yaml', 'pipeline:\n  name: p\n  components:\n    - name: r\n      remote: true\n      image: x/y:1\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(codes(result.error)).toEqual(['remote-with-command `r` is remote (flowctl does not run it), but has `image`']);
  });

  it('a missing working_dir of a remote component is only warned about: it is ignored, not looked for', () => {
    const result = load('wd.yaml', 'pipeline:\n  name: p\n  components:\n    - name: r\n      remote: true\n      working_dir: ./nowhere\n');
    if (!result.ok) return expect.fail(codes(result.error).join('\n'));
    expect(codes(result.value.warnings)).toEqual(['remote-ignored-key `working_dir` is ignored for a remote component: flowctl does not run `r`']);
  });

  it('`remote` must be a boolean', () => {
    const result = load('type.yaml', 'pipeline:\n  name: p\n  components:\n    - name: r\n      remote: "yes"\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.some((d) => d.path === 'pipeline.components[0].remote' && d.severity === 'error')).toBe(true);
  });
});
