/** Every way a path can fail to be a pipeline file gets one clear cause (and never a hang). */
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, mkdirSync, rmSync, writeFileSync, openSync, ftruncateSync, closeSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadPipelineFile} from '../../src/config/index.js';
import {CLI} from '../support/cli.js';

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

  it('fifo-does-not-hang: a named pipe nobody writes to is refused before it is opened', () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(onlyError(fifo)).toMatchObject({code: 'not-a-file', message: `${fifo} is a FIFO (named pipe), not a regular file: a pipeline file must be a file on disk`});
  });

  it('a socket is refused, with what it is', async () => {
    const socket = path.join(dir, 'sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect(onlyError(socket)).toMatchObject({code: 'not-a-file', message: `${socket} is a socket, not a regular file: a pipeline file must be a file on disk`});
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a device (/dev/zero, endless) is refused without reading it', () => {
    expect(onlyError('/dev/zero')).toMatchObject({code: 'not-a-file', message: '/dev/zero is a device, not a regular file: a pipeline file must be a file on disk'});
  });

  it('standard input still works: `flowctl validate /dev/stdin` with the pipeline piped in', () => {
    const pipeline = 'pipeline:\n  name: piped\n  components:\n    - name: a\n      command: ["true"]\n';
    const run = spawnSync(process.execPath, [CLI, 'validate', '/dev/stdin'], {input: pipeline, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('✓ piped: 1 component');
    expect(run.status).toBe(0);
  });

  it('a byte-order mark is ignored', () => {
    const file = path.join(dir, 'bom.yaml');
    writeFileSync(file, '\ufeffpipeline:\n  name: bom\n  components:\n    - name: a\n      command: ["true"]\n');
    const result = loadPipelineFile(file, {env: {}});
    expect(result.ok && result.value.pipeline.name).toBe('bom');
  });
});

describe('reading an env file: messages and hints about an env file, not a pipeline file', () => {
  function envFileError(name: string, make: (target: string) => void) {
    const folder = mkdtempSync(path.join(dir, 'env-'));
    make(path.join(folder, name));
    const file = path.join(folder, 'pipeline.yaml');
    writeFileSync(file, `pipeline:\n  name: e\n  components:\n    - name: a\n      command: ["true"]\n      env_file: ${name}\n`);
    const result = loadPipelineFile(file, {env: {}});
    if (result.ok) return expect.fail('expected the env file to be refused');
    return {target: path.join(folder, name), error: result.error[0]};
  }

  it('env-file-wording: a directory is "not an env file", with a hint about KEY=value lines', () => {
    const {target, error} = envFileError('adir', (at) => mkdirSync(at));
    expect(error).toMatchObject({message: `${target} is a directory, not an env file`, hint: 'env_file names a file of KEY=value lines, not a folder'});
  });

  it('env-file-wording: a binary file is "not an env file", and the hint speaks of KEY=value text, not YAML', () => {
    const {target, error} = envFileError('bin.env', (at) => writeFileSync(at, Buffer.from([0x41, 0x00, 0x42])));
    expect(error).toMatchObject({message: `${target} is a binary file (NUL byte at offset 1), not an env file`, hint: 'an env file is text: KEY=value lines'});
  });

  it('env-file-wording: a FIFO: "pass the env file itself"; too large: "an env file is at most 1 MiB"', () => {
    const fifo = envFileError('pipe.env', (at) => execFileSync('mkfifo', [at]));
    expect(fifo.error?.hint).toMatch(/^pass the env file itself/);
    const big = envFileError('big.env', (at) => writeFileSync(at, 'A=1\n'.repeat(300_000)));
    expect(big.error?.message).toBe(`${big.target} is 1.1 MiB; an env file is at most 1 MiB`);
  });
});
