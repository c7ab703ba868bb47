import {readdirSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {FilterSpec, LogFilter} from '../../src/logs/api.js';
import type {Level, LogEntry} from '../../src/logs/entry.js';
import {compileFilter} from '../../src/logs/filter.js';
import {ADDED_KEYS} from '../../src/logs/filter-text.js';
import {entry} from './entries.js';
import {LineEntry} from '../../src/logs/parse/line-entry.js';
import {lineEntries, sampleLines, SAMPLES} from './parse/helpers.js';

const ZAP_LINE = '{"level":"info","ts":1764757300.5,"caller":"server/server.go:42","msg":"connecting to raw ledger source","source_address":"localhost:50052"}';

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

  it('includes when any include matches the raw line (ANSI-free), the message, or the message with its fields', () => {
    const f = compile({include: ['timeout', '(?i)REFUSED']});
    expect(f.matches(entry({raw: 'dial timeout'}))).toBe(true);
    expect(f.matches(entry({raw: 'connection refused'}))).toBe(true);
    expect(f.matches(entry({raw: 'all good'}))).toBe(false);
    // The escape sequence splits "time" from "out" in the raw bytes; the filter still sees "timeout".
    expect(f.matches(entry({raw: 'dial time\x1b[31mout\x1b[0m'}))).toBe(true);
    expect(compile({include: ['^\\[31m']}).matches(entry({raw: '\x1b[31mred'}))).toBe(false);
    expect(compile({include: ['Timeout']}).matches(entry({raw: 'timeout'}))).toBe(false);
    const zap = entry({raw: ZAP_LINE, message: 'connecting to raw ledger source', fields: {caller: 'server/server.go:42', source_address: 'localhost:50052'}});
    expect(compile({include: ['"caller":']}).matches(zap)).toBe(true);
    expect(compile({include: ['source$']}).matches(zap)).toBe(true);
    expect(compile({include: ['source_address=localhost']}).matches(zap)).toBe(true);
    expect(compile({include: ['^INFO']}).matches(zap)).toBe(false);
  });

  it('grep-matches-message: --grep ^connecting finds a zap line by its message (regression: raw only, it found nothing)', () => {
    const [zap] = lineEntries('auto', [ZAP_LINE]);
    expect(zap?.message).toBe('connecting to raw ledger source');
    expect(compile({include: ['^connecting']}).matches(zap as LogEntry)).toBe(true);
    expect(compile({include: ['^connecting']}).matches({...(zap as LogEntry)})).toBe(true);
  });

  it('exclude-not-on-json-keys: --exclude level keeps zap lines, whose raw JSON all has a "level" key (regression: it dropped every one)', () => {
    const [zap] = lineEntries('auto', [ZAP_LINE]) as [LogEntry];
    expect(compile({exclude: ['level']}).matches(zap)).toBe(true);
    expect(compile({exclude: ['caller']}).matches(entry({raw: ZAP_LINE, message: 'hi'}))).toBe(true);
  });

  it('excludes when any exclude matches the message, or the message with its fields as shown', () => {
    const f = compile({include: ['timeout'], exclude: ['retrying']});
    expect(f.matches(entry({raw: 'dial timeout, retrying'}))).toBe(false);
    expect(f.matches(entry({raw: 'dial timeout'}))).toBe(true);
    const zap = entry({raw: ZAP_LINE, message: 'connecting to raw ledger source', fields: {source_address: 'localhost:50052'}});
    expect(compile({exclude: ['^connecting']}).matches(zap)).toBe(false);
    expect(compile({exclude: ['source$']}).matches(zap)).toBe(false);
    expect(compile({exclude: ['source_address=localhost:50052$']}).matches(zap)).toBe(false);
    expect(compile({exclude: ['(?i)LOCALHOST']}).matches(zap)).toBe(false);
    // Only what the view shows: a plain line's level token is not part of its message.
    expect(compile({exclude: ['^\\[WARN\\]']}).matches(entry({raw: '[WARN] disk full', message: 'disk full', level: 'warn'}))).toBe(true);
  });

  it('exclude-continuation-lines: --exclude drops a multi-line entry by a continuation line the view prints (regression: a Go panic and a Node stack stayed)', () => {
    const panic = ['panic: runtime error: invalid memory address or nil pointer dereference', '', 'goroutine 1 [running]:', 'main.main()', '\t/app/main.go:10 +0x1d'];
    const node = ['Error in getTTPEvents stream: Error: 14 UNAVAILABLE', '    at callErrorFromStatus (/app/call.js:32:19)', '    at process.processTicksAndRejections (node:internal/process/task_queues:77:11)'];
    const [goEntry, nodeEntry] = [lineEntries('auto', panic)[0] as LogEntry, lineEntries('auto', node)[0] as LogEntry];
    expect([goEntry.raw, nodeEntry.raw]).toEqual([panic.join('\n'), node.join('\n')]);
    expect(compile({exclude: ['main\\.go:10']}).matches(goEntry)).toBe(false);
    expect(compile({exclude: ['at callErrorFromStatus']}).matches(nodeEntry)).toBe(false);
    // Per line: anchors hold within a continuation line.
    expect(compile({exclude: ['^\\s+at process\\.']}).matches(nodeEntry)).toBe(false);
    expect(compile({exclude: ['main\\.go:11']}).matches(goEntry)).toBe(true);
    // A pretty-printed JSON block's lines are syntax, as a JSON line's keys are.
    const [block] = lineEntries('auto', ['Received TTP event:', '{', '  "level": "x",', '  "ledger": 5', '}']) as [LogEntry];
    expect(block.raw.split('\n')).toHaveLength(5);
    expect(compile({exclude: ['"ledger"']}).matches(block)).toBe(true);
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

describe('the pre-test that spares parsing a stored line back', () => {
  /** Every sample line, and lines made to trip it: re-serialised numbers and objects, added keys, escapes. */
  const lines = [
    ...readdirSync(SAMPLES).filter((name) => name.endsWith('.log')).flatMap((name) => sampleLines(name).map((line) => line.text)),
    '{"level":"info","msg":"n","big":1e3,"f":1.50,"nested":{"a": 1, "b": [1, 2]}}',
    '{"level":"warn","a": 1, "b":"x y"}',
    '{"level":"info","msg":"quote \\"in\\" it","u":"\\u0041BC"}',
    '2025/12/03 12:21:40 server.go:23: Warning: slow ledger 1000',
    '2025-12-03T12:21:40.000Z\tINFO\tlogger.name\tserver/server.go:12\tconnected\t{"peer":"a:1"}',
    'level=info msg="hello there" a=1 b',
  ];
  const entries = lines.flatMap((line) => lineEntries('auto', [line]));
  const patterns = ['caller', '(?i)CALL', 'logger', 'ledger', '1000', 'e3', 'localhost:50052', 'source_address=localhost', '^connecting', 'a=1', 'x y',
    '(?i)ERROR', 'processed \\d+', 'Stopped', '"msg"', 'ABC', 'in" it', 'peer=a:1', 'nested=\\{"a":1', 'b=\\[1,2\\]', 'n big'];

  it('gives what testing every entry in full gives (a copy of an entry is not marked, so it is tested in full)', () => {
    expect(entries.filter((e) => LineEntry.parsedWith(e) !== undefined).length).toBeGreaterThan(100);
    for (const pattern of patterns) {
      for (const spec of [{include: [pattern]}, {exclude: [pattern]}]) {
        const f = compile(spec);
        for (const e of entries) expect(f.matches(e), `${JSON.stringify(spec)} on ${e.raw}`).toBe(f.matches({...e}));
      }
    }
  });

  it('knows every field name the parsers add that a line does not spell (ADDED_KEYS)', () => {
    const added = new Set<string>();
    for (const e of entries) {
      if (LineEntry.parsedWith(e) === undefined || e.raw.includes('\\')) continue;
      for (const key of Object.keys(e.fields)) if (!e.raw.includes(key)) added.add(key);
    }
    expect([...added].every((key) => ADDED_KEYS.includes(key))).toBe(true);
    expect(added.size).toBeGreaterThan(0);
  });
});

