import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {verifyAggregate, verifyLogFiles} from '../../bench/lib/verify.mjs';

const line = (id: string, seq: number) => `{"msg":"@${id}:${seq}@ work","pad":"xyz","end":"$${seq}$"}`;

describe('bench verifier', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-verify-'));
  });
  afterEach(() => rmSync(dir, {recursive: true, force: true}));

  it('accepts a complete interleaved aggregate and ignores the aggregator\'s own notes', () => {
    const out = join(dir, 'out.txt');
    writeFileSync(out, ['a0 | started', `a0 | ${line('a0', 1)}`, `a1 | ${line('a1', 1)}`, `a0 | ${line('a0', 2)}`, `a1   | ${line('a1', 2)}`].join('\n') + '\n');
    const verdict = verifyAggregate(out, new Map([['a0', 2], ['a1', 2]]));
    expect(verdict).toMatchObject({intact: 4, torn: 0, lost: 0, reordered: 0, other: 1});
  });

  it('counts a line split across two prefixes as torn and its sequence number as lost', () => {
    const out = join(dir, 'out.txt');
    const whole = line('a0', 2);
    writeFileSync(out, [`a0 | ${line('a0', 1)}`, `a0 | ${whole.slice(0, 20)}`, `a1 | ${line('a1', 1)}`, `a0 | ${whole.slice(20)}`].join('\n') + '\n');
    const verdict = verifyAggregate(out, new Map([['a0', 2], ['a1', 1]]));
    expect(verdict.torn).toBe(2);
    expect(verdict.lost).toBe(1);
    expect(verdict.tornExamples[0]).toContain('@a0:2@');
  });

  it('finds a line under the wrong prefix, gaps, reordering and duplicates', () => {
    const out = join(dir, 'out.txt');
    writeFileSync(out, [`a1 | ${line('a0', 1)}`, `a0 | ${line('a0', 3)}`, `a0 | ${line('a0', 2)}`, `a0 | ${line('a0', 2)}`].join('\n') + '\n');
    const verdict = verifyAggregate(out, new Map([['a0', 4], ['a1', 0]]));
    expect(verdict).toMatchObject({torn: 1, lost: 2, reordered: 2, duplicated: 1});
  });

  it('reads rotated log files oldest first', () => {
    writeFileSync(join(dir, 'c0.log.2'), `${line('c0', 1)}\n`);
    writeFileSync(join(dir, 'c0.log.1'), `${line('c0', 2)}\n`);
    writeFileSync(join(dir, 'c0.log'), `${line('c0', 3)}\n`);
    expect(verifyLogFiles(dir, new Map([['c0', 3]]))).toMatchObject({intact: 3, lost: 0, reordered: 0});
  });

  it('reports a missing log file as every line lost', () => {
    expect(verifyLogFiles(dir, new Map([['c9', 5]]))).toMatchObject({intact: 0, lost: 5});
  });
});
