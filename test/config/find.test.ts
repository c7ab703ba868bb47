import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {findPipelineFile} from '../../src/config/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-find-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('findPipelineFile', () => {
  it('prefers pipeline.yaml, then flow.yml', () => {
    const both = path.join(dir, 'both');
    mkdirSync(both);
    writeFileSync(path.join(both, 'flow.yml'), '');
    expect(findPipelineFile(both)).toEqual({ok: true, value: path.join(both, 'flow.yml')});
    writeFileSync(path.join(both, 'pipeline.yaml'), '');
    expect(findPipelineFile(both)).toEqual({ok: true, value: path.join(both, 'pipeline.yaml')});
  });

  it('returns a given file resolved against cwd, even if missing (the loader says so)', () => {
    expect(findPipelineFile(dir, 'sub/p.yaml')).toEqual({ok: true, value: path.join(dir, 'sub/p.yaml')});
  });

  it('looks inside a given folder', () => {
    expect(findPipelineFile(dir, 'both')).toEqual({ok: true, value: path.join(dir, 'both', 'pipeline.yaml')});
  });

  it('says where it looked when there is nothing', () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    expect(findPipelineFile(empty)).toMatchObject({ok: false, error: {code: 'no-pipeline-file', message: `no pipeline.yaml or flow.yml in ${empty}`}});
  });
});
