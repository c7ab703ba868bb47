/** Hold-back, the grouping window, batching and entry fields of the entry builder (fake timers only). */
import {describe, expect, it} from 'vitest';
import {harness, lines} from './helpers.js';

const NODE_ERROR = [
  'Error in getTTPEvents stream: Error: 14 UNAVAILABLE: No connection established',
  '    at callErrorFromStatus (/app/node_modules/@grpc/grpc-js/build/src/call.js:32:19)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:77:11) {',
  '  code: 14,',
  "  details: 'No connection established',",
  '  metadata: Metadata { internalRepr: Map(0) {}, options: {} }',
  '}',
];

describe('hold-back and the window', () => {
  it('emits an entry as soon as the next line proves it complete, holding back only the last', () => {
    const {builder, batches} = harness();
    builder.push('stdout', lines('line a', 'line b'), 0);
    expect(batches.map((batch) => batch.map((entry) => entry.raw))).toEqual([['line a']]);
    builder.push('stdout', lines('line c'), 10);
    expect(batches.map((batch) => batch.map((entry) => entry.raw))).toEqual([['line a'], ['line b']]);
  });

  it('emits the held entry when the window expires, and later lines no longer join it', () => {
    const {builder, batches, timers} = harness({multiline: {windowMs: 100}});
    builder.push('stderr', lines('Error: boom'), 0);
    timers.advance(99);
    expect(batches).toEqual([]);
    timers.advance(1);
    expect(batches.map((batch) => batch.map((entry) => entry.raw))).toEqual([['Error: boom']]);
    builder.push('stderr', lines('    at f (a.js:1:1)'), 150);
    builder.flush();
    expect(batches.flat().map((entry) => entry.raw)).toEqual(['Error: boom', '    at f (a.js:1:1)']);
  });

  it('measures the window from the last joined line', () => {
    const {builder, batches, timers} = harness({multiline: {windowMs: 100}});
    builder.push('stderr', lines('Error: boom'), 0);
    timers.advance(60);
    builder.push('stderr', lines('    at f (a.js:1:1)'), 60);
    timers.advance(99);
    expect(batches).toEqual([]);
    timers.advance(1);
    expect(batches.flat().map((entry) => entry.raw)).toEqual(['Error: boom\n    at f (a.js:1:1)']);
    expect(timers.pending).toBe(0);
  });

  it('regression: a late timer does not let a line past the window join', () => {
    const {builder, entries} = harness({multiline: {windowMs: 100}});
    builder.push('stderr', lines('Error: boom'), 0);
    builder.push('stderr', lines('    at f (a.js:1:1)'), 500);
    builder.flush();
    expect(entries().map((entry) => entry.raw)).toEqual(['Error: boom', '    at f (a.js:1:1)']);
  });

  it('does not hold back one-line JSON or logfmt, and batches a push into one call', () => {
    const {builder, batches, timers} = harness();
    const json = Array.from({length: 5}, (_, i) => `{"level":"info","ts":1764782500,"msg":"m${i}"}`);
    builder.push('stderr', lines(...json, 'level=info msg=last'), 0);
    expect(timers.pending).toBe(0);
    expect(batches.map((batch) => batch.length)).toEqual([6]);
  });

  it('flush emits what is held on both streams and cancels the timers', () => {
    const {builder, batches, timers} = harness();
    builder.push('stdout', lines('out'), 0);
    builder.push('stderr', lines('err'), 0);
    expect(timers.pending).toBe(2);
    builder.flush();
    expect(timers.pending).toBe(0);
    expect(batches.flat().map((entry) => entry.raw).sort()).toEqual(['err', 'out']);
    builder.flush();
    expect(batches.flat()).toHaveLength(2);
  });

  it('ignores an empty push', () => {
    const {builder, batches, timers} = harness();
    builder.push('stdout', [], 0);
    expect(batches).toEqual([]);
    expect(timers.pending).toBe(0);
  });
});

describe('entry fields', () => {
  it('one entry per line with grouping disabled, in one batch, with no timers', () => {
    const {builder, batches, timers} = harness({multiline: {enabled: false}});
    builder.push('stderr', lines(...NODE_ERROR), 0);
    expect(timers.pending).toBe(0);
    expect(batches.map((batch) => batch.map((entry) => entry.raw))).toEqual([NODE_ERROR]);
  });

  it('marks an entry truncated when any of its lines was', () => {
    const {builder, entries} = harness();
    builder.push('stderr', [
      {text: 'Error: boom', truncated: false},
      {text: '    at f (a.js:1:1)', truncated: true},
      {text: 'long line', truncated: true},
      {text: 'short line', truncated: false},
    ], 0);
    builder.flush();
    expect(entries().map((entry) => entry.truncated)).toEqual([true, true, false]);
  });

  it('takes the restart count when an entry starts and the time from the line when it has one', () => {
    let restarts = 0;
    const {builder, entries} = harness({}, () => restarts);
    builder.push('stderr', lines('2025/12/03 12:21:40 first'), 5000);
    restarts = 1;
    builder.push('stderr', lines('second'), 6000);
    builder.flush();
    expect(entries().map(({restart, timestamp, receivedAt}) => ({restart, timestamp, receivedAt}))).toEqual([
      {restart: 0, timestamp: new Date(2025, 11, 3, 12, 21, 40).getTime(), receivedAt: 5000},
      {restart: 1, timestamp: 6000, receivedAt: 6000},
    ]);
  });

  it('applies a pinned format, falling back to text for lines it does not fit', () => {
    const {builder, entries} = harness({format: 'zap-json'});
    builder.push('stderr', lines('{"level":"warn","ts":1764782500,"msg":"zap"}', '2025/12/03 12:21:40 Warning: not zap'), 0);
    builder.flush();
    expect(entries().map(({level, message}) => ({level, message}))).toEqual([
      {level: 'warn', message: 'zap'},
      {level: 'warn', message: '2025/12/03 12:21:40 Warning: not zap'},
    ]);
  });

  it('carries component identity and strips ANSI from the message only', () => {
    const {builder, entries} = harness();
    builder.push('stdout', lines('\u001b[31m[ERROR]\u001b[0m red'), 0);
    builder.flush();
    expect(entries()[0]).toEqual({
      componentId: 'comp', componentType: 'processor', stream: 'stdout', timestamp: 0, receivedAt: 0,
      level: 'error', message: 'red', fields: {}, raw: '\u001b[31m[ERROR]\u001b[0m red', restart: 0, truncated: false,
    });
  });
});
