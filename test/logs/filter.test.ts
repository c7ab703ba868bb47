import Database from 'better-sqlite3';
import fc from 'fast-check';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {FilterSpec, LogFilter} from '../../src/logs/api.js';
import {LEVELS, levelRank, type Level, type LogEntry} from '../../src/logs/entry.js';
import {compileFilter, sqlRegexp} from '../../src/logs/filter.js';
import {entry} from './entries.js';

const NOW = 1_705_744_800_000;

function compile(spec: FilterSpec): LogFilter {
  const result = compileFilter(spec, NOW);
  if (!result.ok) throw new Error(`${result.error.term}: ${result.error.message}`);
  return result.value;
}

function failure(spec: FilterSpec) {
  const result = compileFilter(spec, NOW);
  if (result.ok) throw new Error('expected a FilterError');
  return result.error;
}

describe('matches, term by term', () => {
  it('selects components as a set; an empty list constrains nothing', () => {
    const f = compile({components: ['a', 'b']});
    expect(f.matches(entry({componentId: 'a'}))).toBe(true);
    expect(f.matches(entry({componentId: 'b'}))).toBe(true);
    expect(f.matches(entry({componentId: 'c'}))).toBe(false);
    expect(compile({components: []}).matches(entry({componentId: 'c'}))).toBe(true);
  });

  it('selects an exact set of levels, accepting any case and common aliases', () => {
    const f = compile({levels: ['WARN', 'fatal', 'warning'] as Level[]});
    expect(f.matches(entry({level: 'warn'}))).toBe(true);
    expect(f.matches(entry({level: 'fatal'}))).toBe(true);
    expect(f.matches(entry({level: 'error'}))).toBe(false);
    expect(compile({levels: ['unknown']}).matches(entry({level: 'unknown'}))).toBe(true);
  });

  it('keeps levels at or above minLevel, with unknown ranked as info', () => {
    const warn = compile({minLevel: 'warn'});
    expect(['trace', 'debug', 'info', 'unknown', 'warn', 'error', 'fatal'].map((level) => warn.matches(entry({level: level as Level})))).toEqual([
      false, false, false, false, true, true, true,
    ]);
    expect(compile({minLevel: 'info'}).matches(entry({level: 'unknown'}))).toBe(true);
  });

  it('keeps since inclusive and until exclusive, and resolves relative bounds against now', () => {
    const f = compile({since: NOW - 10, until: NOW});
    expect(f.sinceMs).toBe(NOW - 10);
    expect(f.untilMs).toBe(NOW);
    expect(f.matches(entry({timestamp: NOW - 11}))).toBe(false);
    expect(f.matches(entry({timestamp: NOW - 10}))).toBe(true);
    expect(f.matches(entry({timestamp: NOW - 1}))).toBe(true);
    expect(f.matches(entry({timestamp: NOW}))).toBe(false);
    expect(compile({since: '10m'}).sinceMs).toBe(NOW - 600_000);
    expect(compile({until: '2024-01-20T10:00:00Z'}).untilMs).toBe(Date.UTC(2024, 0, 20, 10));
  });

  it('includes when any include matches and excludes when any exclude matches, on ANSI-free raw', () => {
    const f = compile({include: ['timeout', '(?i)REFUSED'], exclude: ['retrying']});
    expect(f.matches(entry({raw: 'dial timeout'}))).toBe(true);
    expect(f.matches(entry({raw: 'connection refused'}))).toBe(true);
    expect(f.matches(entry({raw: 'dial timeout, retrying'}))).toBe(false);
    expect(f.matches(entry({raw: 'all good'}))).toBe(false);
    // The escape sequence splits "time" from "out" in the raw bytes; the filter still sees "timeout".
    expect(f.matches(entry({raw: 'dial time\x1b[31mout\x1b[0m'}))).toBe(true);
    expect(compile({include: ['^\\[31m']}).matches(entry({raw: '\x1b[31mred'}))).toBe(false);
    expect(compile({include: ['Timeout']}).matches(entry({raw: 'timeout'}))).toBe(false);
  });

  it('requires every field to be equal', () => {
    const f = compile({fields: {request_id: '42', user: 'ann'}});
    expect(f.matches(entry({fields: {request_id: '42', user: 'ann', extra: 'x'}}))).toBe(true);
    expect(f.matches(entry({fields: {request_id: '42'}}))).toBe(false);
    expect(f.matches(entry({fields: {request_id: '43', user: 'ann'}}))).toBe(false);
    // A field named like an Object.prototype member is not "present" by inheritance.
    expect(compile({fields: {toString: ''}}).matches(entry({fields: {}}))).toBe(false);
  });

  it('selects a run and exposes tail without using it per entry', () => {
    const f = compile({runId: 'run-2', tail: 5});
    expect(f.tail).toBe(5);
    expect(f.matches(entry({runId: 'run-2'}))).toBe(true);
    expect(f.matches(entry({runId: 'run-1'}))).toBe(false);
    expect(compile({tail: 0}).tail).toBe(0);
  });

  it('matches everything with an empty spec', () => {
    const f = compile({});
    expect(f.matches(entry({level: 'trace', raw: ''}))).toBe(true);
    expect(f.toSql()).toEqual({where: '1', params: []});
  });
});

describe('errors name the term', () => {
  it('rejects a bad regex in include and in exclude', () => {
    expect(failure({include: ['ok', '(unclosed']})).toEqual({
      term: 'include',
      message: 'invalid regular expression "(unclosed": /(unclosed/: Unterminated group',
    });
    expect(failure({exclude: ['(?i)[z-a]']}).term).toBe('exclude');
  });

  it('rejects bad times for since and until, and an empty window', () => {
    expect(failure({since: 'yesterday'})).toMatchObject({term: 'since', message: expect.stringContaining('"yesterday" is not a time') as string});
    expect(failure({until: '2024-02-30'})).toMatchObject({term: 'until', message: expect.stringContaining('not a calendar date') as string});
    expect(failure({since: '1h', until: '2h'})).toEqual({
      term: 'until',
      message: 'the window is empty: --until (2024-01-20T08:00:00.000Z) is not after --since (2024-01-20T09:00:00.000Z)',
    });
  });

  it('rejects unknown levels for levels and minLevel', () => {
    expect(failure({levels: ['info', 'loud' as Level]})).toEqual({
      term: 'levels',
      message: 'unknown level "loud": use trace, debug, info, warn, error, fatal or unknown',
    });
    expect(failure({minLevel: 'verbose' as Level}).term).toBe('minLevel');
  });

  it('rejects negative and fractional tails', () => {
    expect(failure({tail: -1})).toEqual({term: 'tail', message: '-1 is not a line count: use a whole number ≥ 0'});
    expect(failure({tail: 1.5}).term).toBe('tail');
    expect(failure({tail: Number.NaN}).term).toBe('tail');
  });

  it('rejects a field with no name or a non-text value', () => {
    expect(failure({fields: {'': '1'}})).toEqual({term: 'fields', message: 'a field filter needs a name: write key=value, e.g. request_id=42'});
    expect(failure({fields: {n: 42 as unknown as string}}).message).toBe('field "n" must be compared with text, got number');
  });
});

describe('toSql against real SQLite', () => {
  let db: Database.Database;

  beforeEach(() => {
    db = new Database(':memory:');
    db.function('regexp', {deterministic: true}, sqlRegexp);
    db.exec(`CREATE TABLE entries(run_id TEXT, seq INTEGER, component_id TEXT, component_type TEXT, stream TEXT,
      ts REAL, received_at REAL, level TEXT, level_rank INTEGER, message TEXT, fields TEXT, raw TEXT,
      restart INTEGER, truncated INTEGER, PRIMARY KEY (run_id, seq))`);
  });

  afterEach(() => db.close());

  function insert(entries: readonly LogEntry[]): void {
    db.exec('DELETE FROM entries');
    const statement = db.prepare(`INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const e of entries) {
      statement.run(e.runId, e.seq, e.componentId, e.componentType, e.stream, e.timestamp, e.receivedAt, e.level,
        levelRank(e.level), e.message, JSON.stringify(e.fields), e.raw, e.restart, e.truncated ? 1 : 0);
    }
  }

  function selectSeqs(filter: LogFilter): number[] {
    const {where, params} = filter.toSql();
    return (db.prepare(`SELECT seq FROM entries WHERE ${where} ORDER BY seq`).all(...params) as Array<{seq: number}>).map((r) => r.seq);
  }

  it('compiles each term to the documented SQL', () => {
    const f = compile({components: ['a'], levels: ['warn', 'error'], minLevel: 'warn', since: 1, until: 2, runId: 'r',
      fields: {k: 'v', 'we"ird': 'x'}, include: ['(?i)a', '(?i)BoOm'], exclude: ['cc|dd']});
    expect(f.toSql()).toEqual({
      where: 'component_id IN (?) AND level_rank IN (?, ?) AND level IN (?, ?) AND level_rank >= ? AND ts >= ? AND ts < ? AND run_id = ? AND ' +
        'json_extract(fields, ?) = ? AND EXISTS (SELECT 1 FROM json_each(fields) WHERE key = ? AND value = ?) AND ' +
        '(regexp(?, ?, raw) OR ((instr(raw, char(27)) > 0 OR instr(raw, char(155)) > 0 OR instr(lower(raw), ?) > 0) AND regexp(?, ?, raw))) AND ' +
        'NOT ((instr(raw, char(27)) > 0 OR instr(raw, char(155)) > 0 OR instr(raw, ?) > 0 OR instr(raw, ?) > 0) AND regexp(?, ?, raw))',
      params: ['a', 3, 4, 'warn', 'error', 3, 1, 2, 'r', '$."k"', 'v', 'we"ird', 'x', 'a', 'i', 'boom', 'BoOm', 'i', 'cc', 'dd', 'cc|dd', ''],
    });
  });

  it('regression: field keys that JSON escapes (backslash, quote, control) still match in SQL', () => {
    const keys = ['back\\slash', 'we"ird', 'tab\there'];
    const entries = keys.map((key, i) => entry({seq: i + 1, fields: {[key]: 'v'}}));
    insert(entries);
    for (const [i, key] of keys.entries()) expect(selectSeqs(compile({fields: {[key]: 'v'}}))).toEqual([i + 1]);
  });

  it('selects exactly what matches() selects, for random entries and filters', () => {
    const keys = ['k', 'x.y', 'we"ird', 'a b', 'back\\slash', '[0]', "it's", 'tab\there'];
    const values = ['1', '2', '', ' x', 'ÿ€', 'null'];
    // Literals split by ANSI sequences (ESC and 8-bit CSI), case variants, non-ASCII.
    const raws = ['error: disk full', '\x1b[31mERROR\x1b[0m boom', 'INFO 42 ok', '[WARN] retrying', 'plain b', 'TIME\x1b[1mOUT', '',
      'disk\x1b[0m full', 'ERROR: BOOM', 'Ret\x9b1mrying', 'ŸEuro ÿ€', 'retrying boom'];
    const arbEntry = fc.record({
      componentId: fc.constantFrom('a', 'b', 'c-1', "o'neil"),
      level: fc.constantFrom<Level>(...LEVELS, 'unknown'),
      timestamp: fc.oneof(fc.integer({min: 0, max: 100}), fc.double({min: 0, max: 100, noNaN: true})),
      raw: fc.oneof(fc.constantFrom(...raws), fc.string()),
      fields: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), {maxKeys: 4}),
      runId: fc.constantFrom('r1', 'r2'),
    });
    const arbSpec = fc.record(
      {
        components: fc.subarray(['a', 'b', 'c-1', "o'neil", 'zz']),
        levels: fc.subarray<Level>([...LEVELS, 'unknown']),
        minLevel: fc.constantFrom<Level>(...LEVELS, 'unknown'),
        since: fc.integer({min: 0, max: 50}),
        until: fc.integer({min: 51, max: 101}),
        include: fc.subarray(['err', '(?i)ERR', '^\\[', 'b$', 'a|k', '\\d+', 'TIMEOUT', '^$', 'disk full', '(?i)error.*boom',
          'ret(ry)?ing', 'ok|bo+m', '(?i)ÿ€', 'ERROR\\] boom', 'TIME\\x1bOUT', '42 ok$']),
        exclude: fc.subarray(['(?i)warn', 'o', '^\\s*$', 'disk', '(?i)RETRY', 'WARN\\]']),
        fields: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), {maxKeys: 2}),
        runId: fc.constantFrom('r1', 'r2'),
      },
      {requiredKeys: []},
    );
    fc.assert(
      fc.property(fc.array(arbEntry, {maxLength: 40}), arbSpec, (partials, spec) => {
        const entries = partials.map((p, i) => entry({...p, seq: i + 1, message: p.raw}));
        insert(entries);
        const filter = compile(spec);
        const expected = entries.filter((e) => filter.matches(e)).map((e) => e.seq);
        expect(selectSeqs(filter)).toEqual(expected);
      }),
      {numRuns: 1000},
    );
  });
});

describe('sqlRegexp', () => {
  it('answers 1/0 on ANSI-free text and 0 for non-text arguments', () => {
    expect(sqlRegexp('^red$', '', '\x1b[31mred\x1b[0m')).toBe(1);
    expect(sqlRegexp('RED', 'i', 'red')).toBe(1);
    expect(sqlRegexp('RED', '', 'red')).toBe(0);
    expect(sqlRegexp('x', '', null)).toBe(0);
  });
});
