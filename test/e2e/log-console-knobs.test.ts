/**
 * The logging knobs of a pipeline file, through a real `flowctl up`: `logging.level` hides
 * lower levels from the console only, `logging.format` pins the parser, and the pipeline's
 * `logging.rate_limit` replaces what is past the limit on the console with summary lines —
 * while the files and the history keep every line (exact counts).
 */
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {LogEntry} from '../../src/logs/entry.js';
import {fixture, flowctl, lines, queryStore, range, scratch, UP, type Finished, type Scratch} from './log-e2e-helpers.js';

const FLOOD = 1000;
const LEVELED = [
  '{"level":"debug","ts":1705744800,"msg":"lv debug"}',
  '{"level":"info","ts":1705744801,"msg":"lv info"}',
  '{"level":"warn","ts":1705744802,"msg":"lv warn"}',
  '{"level":"error","ts":1705744803,"msg":"lv error"}',
];
const PINNED = ['{"level":"error","msg":"json under a pinned logfmt parser","code":7}', 'time=2024-01-20T10:00:09Z level=warn msg="logfmt as pinned" k=v'];

let s: Scratch;
let result: Finished;
let stored: LogEntry[];

beforeAll(async () => {
  s = scratch('log-knobs');
  s.write('leveled.txt', LEVELED.join('\n') + '\n');
  s.write('pinned.txt', PINNED.join('\n') + '\n');
  s.write('flood.txt', range(1, FLOOD).map((i) => `flood line ${i}`).join('\n') + '\n');
  const emit = fixture('emit');
  const file = s.write(
    'pipeline.yaml',
    `pipeline:
  name: log-console-knobs
  logging: {rate_limit: {lines_per_second: 20, burst: 20}}
  components:
    - {name: leveled, type: source, command: [node, ${emit}], env: {EMIT_FILE: "${s.path('leveled.txt')}", EMIT_STREAM: stderr}, logging: {level: warn}}
    - {name: pinned, type: processor, command: [node, ${emit}], env: {EMIT_FILE: "${s.path('pinned.txt')}"}, logging: {format: logfmt}}
    - {name: flood, type: sink, command: [node, ${emit}], env: {EMIT_FILE: "${s.path('flood.txt')}"}}
`,
  );
  result = await flowctl(s, [...UP, file]);
  stored = (await queryStore(s.path('logs/history.sqlite'), {})).filter((e) => e.stream !== 'control');
}, 60_000);
afterAll(() => s?.remove());

const consoleLines = (id: string): string[] => lines(result.stdout).filter((l) => l.startsWith(`${id} `));
const storedOf = (id: string): LogEntry[] => stored.filter((e) => e.componentId === id);
const fileOf = (id: string): string[] => lines(readFileSync(s.path('logs', `${id}.log`), 'utf8'));

it('the pipeline ran to its end', () => {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});

describe('logging.level', () => {
  it('hides lower levels from the console view only', () => {
    expect(consoleLines('leveled').filter((l) => l.includes(' lv '))).toEqual(['leveled | WARN  lv warn', 'leveled | ERROR lv error']);
    // flowctl's own notes about the component are not subject to its level.
    expect(consoleLines('leveled')).toContain('leveled | exited with code 0');
  });

  it('files and history keep everything', () => {
    expect(fileOf('leveled')).toEqual(LEVELED);
    expect(storedOf('leveled').map((e) => [e.level, e.message])).toEqual([
      ['debug', 'lv debug'],
      ['info', 'lv info'],
      ['warn', 'lv warn'],
      ['error', 'lv error'],
    ]);
  });
});

describe('logging.format', () => {
  it('pins the parser: a JSON line under `logfmt` is text, a logfmt line is parsed', () => {
    const [json, logfmt] = storedOf('pinned');
    expect(storedOf('pinned')).toHaveLength(2);
    // Auto-detection would have read level error, msg and code=7 from it.
    expect(json).toMatchObject({level: 'unknown', message: PINNED[0], fields: {}, raw: PINNED[0]});
    expect(json?.timestamp).toBe(json?.receivedAt);
    expect(logfmt).toMatchObject({level: 'warn', message: 'logfmt as pinned', fields: {k: 'v'}, timestamp: Date.parse('2024-01-20T10:00:09Z')});
    expect(consoleLines('pinned')).toEqual(expect.arrayContaining([`pinned  | ${PINNED[0]}`, 'pinned  | WARN  logfmt as pinned k=v']));
    expect(fileOf('pinned')).toEqual(PINNED);
  });
});

describe('logging.rate_limit', () => {
  it('past the limit the console shows summary lines; shown + summarised = every line (regression: rate-limited lines of the last second vanish from the live view when the pipeline ends)', () => {
    const flood = consoleLines('flood');
    const shown = flood.filter((l) => /^flood +\| flood line \d+$/.test(l));
    const summaries = flood.filter((l) => l.includes('not shown'));
    const hidden = summaries.map((l) => {
      const match = /^flood +\| … ([\d ]+) lines from flood not shown \(rate limit 20\/s\); all kept in files and history$/.exec(l);
      if (!match) throw new Error(`unexpected summary line: ${l}`);
      return Number(match[1]!.replace(/ /g, ''));
    });
    // The burst goes through at once; the rest is announced, not silently dropped — also in
    // the last second before the pipeline ended (regression: that summary used to be lost).
    expect(shown.length).toBeGreaterThanOrEqual(20);
    expect(shown.slice(0, 20)).toEqual(range(1, 20).map((i) => `flood   | flood line ${i}`));
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    expect(shown.length + hidden.reduce((a, b) => a + b, 0)).toBe(FLOOD);
  });

  it('files and history still have every line, in order', () => {
    const expected = range(1, FLOOD).map((i) => `flood line ${i}`);
    expect(fileOf('flood')).toEqual(expected);
    expect(storedOf('flood').map((e) => e.raw)).toEqual(expected);
  });

  it('summaries are the live view\'s own: not in the history', async () => {
    const all = await queryStore(s.path('logs/history.sqlite'), {include: ['not shown']});
    expect(all).toEqual([]);
  });
});
