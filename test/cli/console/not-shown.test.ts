import {mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {NotShown, rotatedSince, WriteLedger} from '../../../src/cli/console/not-shown.js';
import type {LogEntry} from '../../../src/logs/entry.js';
import {entry} from '../../logs/entries.js';

const logDir = path.join(process.cwd(), 'logs');
const marker = (fields: Record<string, string>): LogEntry =>
  entry({componentId: '', stream: 'control', level: 'warn', message: 'console missed', raw: 'console missed', fields: {flowctl: 'dropped', ...fields}});

describe('NotShown', () => {
  it('names the one file when one component lost lines, as the issue shows it', () => {
    const notShown = new NotShown(['ttp-processor']);
    notShown.add(marker({count: '12034', components: '{"ttp-processor":12034}'}));
    expect(notShown.describe(undefined, logDir)).toBe('12 034 lines not shown, see logs/ttp-processor.log');
    expect(notShown.describe('too slow', logDir)).toBe('12 034 lines not shown (too slow), see logs/ttp-processor.log');
  });

  it('breaks the count down per component, in declaration order, and names every file', () => {
    const notShown = new NotShown(['a', 'b']);
    notShown.add(marker({count: '4034', components: '{"b":4034}'}));
    notShown.add(marker({count: '8000', components: '{"a":7999,"":1}'}));
    notShown.add(entry({componentId: 'a', raw: 'one more'}));
    expect(notShown.total).toBe(12_035);
    expect(notShown.describe('too slow', logDir)).toBe('12 035 lines not shown (too slow: a 8 000, b 4 034, flowctl 1), see logs/a.log, logs/b.log');
  });

  it('points at the folder for counts it cannot attribute (a marker without a breakdown), and at no file for flowctl notes', () => {
    const unattributed = new NotShown();
    unattributed.add(marker({count: '3'}));
    expect(unattributed.describe(undefined, logDir)).toBe(`3 lines not shown, see logs${path.sep}`);
    const notes = new NotShown();
    notes.add(entry({componentId: '', stream: 'control', raw: 'note'}));
    expect(notes.describe(undefined, logDir)).toBe('1 line not shown (flowctl 1)');
  });
});

describe('drop-notice-misses-rotated-files: the files rotated during the run are named too', () => {
  it('names logs/p1.log.1 when a 10 MB rotation moved the lines not shown there, never the previous run\'s file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-not-shown-'));
    try {
      const since = Date.now();
      // The previous run's file, rotated to .1 when this run started, then pushed to .3 by two
      // rotations during this run: last written before the run began.
      for (const name of ['p1.log', 'p1.log.1', 'p1.log.2', 'p1.log.3', 'p2.log', 'p2.log.1']) writeFileSync(path.join(dir, name), 'x\n');
      const before = new Date(since - 60_000);
      const after = new Date(since + 1000);
      for (const name of ['p1.log.1', 'p1.log.2']) utimesSync(path.join(dir, name), after, after);
      utimesSync(path.join(dir, 'p1.log.3'), before, before);
      utimesSync(path.join(dir, 'p2.log.1'), before, before);
      expect(rotatedSince(dir, 'p1', since)).toEqual(['p1.log.1', 'p1.log.2']);
      expect(rotatedSince(dir, 'p2', since)).toEqual([]);
      expect(rotatedSince(dir, 'none', since)).toEqual([]);

      const notShown = new NotShown(['p1', 'p2']);
      notShown.add(marker({count: '120000', components: '{"p1":100000,"p2":20000}'}));
      const relative = path.relative(process.cwd(), dir);
      const rel = (name: string): string => path.join(relative, name);
      expect(notShown.describe('too slow', dir, (id) => rotatedSince(dir, id, since))).toBe(
        `120 000 lines not shown (too slow: p1 100 000, p2 20 000), see ${rel('p1.log')} (and rotated ${rel('p1.log.1')}, ${rel('p1.log.2')}), ${rel('p2.log')}`,
      );
      // Many rotations: the newest and the oldest of them.
      for (const name of ['p1.log.3', 'p1.log.4']) writeFileSync(path.join(dir, name), 'x\n');
      const one = new NotShown(['p1']);
      one.add(marker({count: '5', components: '{"p1":5}'}));
      expect(one.describe(undefined, dir, (id) => rotatedSince(dir, id, since))).toBe(`5 lines not shown, see ${rel('p1.log')} (and rotated ${rel('p1.log.1')} … ${rel('p1.log.4')})`);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe('WriteLedger', () => {
  const render = (e: LogEntry): string => e.raw;
  const lines = (id: string, ...texts: string[]): LogEntry[] => texts.map((raw) => entry({componentId: id, raw}));

  it('counts the lines that did not get out whole, and says whether one was cut', () => {
    const ledger = new WriteLedger();
    ledger.add(lines('a', 'aa', 'bb'), 'aa\nbb\n');
    ledger.add(lines('b', 'cc'), 'cc\n');
    const notShown = new NotShown(['a', 'b']);
    // "aa\n" and "b" reached the reader.
    expect(ledger.settle(4, render, notShown)).toBe(true);
    expect(notShown.describe(undefined, logDir)).toBe('2 lines not shown (a 1, b 1), see logs/a.log, logs/b.log');
  });

  it('a write that ended on a line boundary cut nothing; an unknown progress counts everything pending', () => {
    const ledger = new WriteLedger();
    ledger.add(lines('a', 'aa', 'bb'), 'aa\nbb\n');
    const notShown = new NotShown();
    expect(ledger.settle(3, render, notShown)).toBe(false);
    expect(notShown.total).toBe(1);
    ledger.add(lines('a', 'cc'), 'cc\n');
    const unknown = new NotShown();
    expect(ledger.settle(undefined, render, unknown)).toBeUndefined();
    expect(unknown.total).toBe(1);
  });
});
