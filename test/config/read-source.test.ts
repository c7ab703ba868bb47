/** Every way a path can fail to be a pipeline file gets one clear cause (and never a hang). */
import {mkdtempSync, mkdirSync, rmSync, writeFileSync, openSync, ftruncateSync, closeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadPipelineFile} from '../../src/config/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-read-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function onlyError(file: string) {
  const result = loadPipelineFile(file, {env: {}});
  if (result.ok) return expect.fail('expected the file to be refused');
  expect(result.error).toHaveLength(1);
  return result.error[0]!;
}

describe('reading a pipeline file', () => {
  it('a missing file', () => {
    const file = path.join(dir, 'nope.yaml');
    expect(onlyError(file)).toMatchObject({code: 'file-not-found', message: `pipeline file not found: ${file}`});
  });

  it('a directory', () => {
    const folder = path.join(dir, 'folder');
    mkdirSync(folder);
    expect(onlyError(folder)).toMatchObject({code: 'not-a-file', message: `${folder} is a directory, not a pipeline file`});
  });

  it('a binary file', () => {
    const file = path.join(dir, 'binary.yaml');
    writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]));
    expect(onlyError(file)).toMatchObject({code: 'binary-file', message: `${file} is a binary file (NUL byte at offset 6), not a pipeline file`});
  });

  it('a file that is not UTF-8', () => {
    const file = path.join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.from('name: caf\xe9\n', 'latin1'));
    expect(onlyError(file)).toMatchObject({code: 'not-utf8', message: `${file} is not UTF-8 text`});
  });

  it('an empty file, and one of only whitespace', () => {
    for (const [name, text] of [['empty.yaml', ''], ['blank.yaml', '\n  \n\n']] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      expect(onlyError(file)).toMatchObject({code: 'empty-file', message: `${file} is empty`});
    }
  });

  it('a 50 MB file is refused by its size, without reading it', () => {
    const file = path.join(dir, 'huge.yaml');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 50 * 1000 * 1000);
    closeSync(fd);
    expect(onlyError(file)).toMatchObject({code: 'file-too-large', message: `${file} is 47.7 MiB; a pipeline file is at most 1 MiB`});
  });

  it('an endless device (/dev/zero) is read only up to the limit, not forever', () => {
    expect(onlyError('/dev/zero')).toMatchObject({code: 'file-too-large', message: '/dev/zero is larger than 1 MiB, the limit for a pipeline file'});
  });

  it('a byte-order mark is ignored', () => {
    const file = path.join(dir, 'bom.yaml');
    writeFileSync(file, '\ufeffpipeline:\n  name: bom\n  components:\n    - name: a\n      command: ["true"]\n');
    const result = loadPipelineFile(file, {env: {}});
    expect(result.ok && result.value.pipeline.name).toBe('bom');
  });
});
