import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import Database from 'better-sqlite3';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {verifyBlocks, verifyLogFiles} from '../../bench/lib/verify.mjs';

const root = join(import.meta.dirname, '../..');
const line = (id: string, seq: number) => `{"msg":"@${id}:${seq}@ work","end":"$${seq}$"}`;
/** A component printing `count` marked lines in writes that split lines, the last one unterminated. */
const printer = (id: string, count: number) => {
  const text = Array.from({length: count}, (_, i) => line(id, i + 1)).join('\n');
  return {id, argv: ['sh', '-c', `printf '%s' '${text.slice(0, 25)}'; sleep 0.05; printf '%s' '${text.slice(25)}'`]};
};

describe('bench ceiling aggregators (issue 5: the Node ceiling rows)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-ceiling-'));
  });
  afterEach(() => rmSync(dir, {recursive: true, force: true}));

  const run = (script: string, components: unknown, ...args: string[]) => {
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify(components));
    return promisify(execFile)(process.execPath, [join(root, 'bench/ceiling', script), spec, ...args], {cwd: dir, timeout: 20_000});
  };

  it('node-ceiling prefixes every line, joins lines split across reads and ends an unterminated last line', async () => {
    const {stdout} = await run('aggregate.mjs', [printer('a0', 3), printer('a1', 2)]);
    const lines = stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.filter((l) => l.startsWith('a0 | ')).map((l) => l.slice(5))).toEqual([line('a0', 1), line('a0', 2), line('a0', 3)]);
    expect(lines.filter((l) => l.startsWith('a1 | ')).map((l) => l.slice(5))).toEqual([line('a1', 1), line('a1', 2)]);
  });

  it('node-ceiling exits with a failing component\'s code after the others end', async () => {
    const failed = run('aggregate.mjs', [printer('a0', 2), {id: 'bad', argv: ['sh', '-c', 'exit 3']}]);
    await expect(failed).rejects.toMatchObject({code: 3, stdout: `a0 | ${line('a0', 1)}\na0 | ${line('a0', 2)}\n`});
  });

  it('node-ceiling-io keeps every line in the log files and the blocks table, in order', async () => {
    const logDir = join(dir, 'logs');
    const db = join(dir, 'ceiling.sqlite');
    await run('aggregate-io.mjs', [printer('a0', 3), printer('a1', 2)], logDir, db);
    const expected = new Map([['a0', 3], ['a1', 2]]);
    expect(readFileSync(join(logDir, 'a0.log'), 'utf8')).toBe([1, 2, 3].map((i) => `${line('a0', i)}\n`).join(''));
    expect(verifyLogFiles(logDir, expected)).toMatchObject({intact: 5, lost: 0, torn: 0, reordered: 0});
    expect(verifyBlocks(db, expected)).toMatchObject({intact: 5, lost: 0, torn: 0, reordered: 0});
  });

  it('the blocks verifier counts lines missing from the history as lost and half lines as torn', () => {
    const path = join(dir, 'ceiling.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE blocks (component TEXT, first_seq INTEGER, count INTEGER, lines BLOB)');
    const insert = db.prepare('INSERT INTO blocks VALUES (?, ?, ?, ?)');
    insert.run('a0', 1, 2, Buffer.from(`${line('a0', 1)}\n${line('a0', 2).slice(0, 20)}\n`));
    insert.run('a0', 4, 1, Buffer.from(`${line('a0', 4)}\n`));
    db.close();
    expect(verifyBlocks(path, new Map([['a0', 4]]))).toMatchObject({intact: 2, torn: 1, lost: 2});
  });
});
