/** Multi-line grouping rules of the entry builder: stacks, dumps, pretty JSON blocks. */
import {describe, expect, it} from 'vitest';
import {MAX_GROUP_LINES} from '../../../src/logs/parse/continuation.js';
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

const GO_PANIC = [
  'panic: runtime error: invalid memory address or nil pointer dereference',
  '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x47b9d6]',
  '',
  'goroutine 1 [running]:',
  'main.(*Server).handle(0x0, {0x4b6f3a, 0x5})',
  '\t/app/main.go:21 +0x16',
  'panic({0x45e3a0?, 0x4ff1a0?})',
  '\t/usr/local/go/src/runtime/panic.go:770 +0x132',
  'main.main()',
  '\t/app/main.go:30 +0x2a',
  '',
  'goroutine 7 [chan receive]:',
  'main.worker(0xc000010000)',
  '\t/app/worker.go:12 +0x45',
  'created by main.main in goroutine 1',
  '\t/app/main.go:25 +0x65',
];

const ZAP_CONSOLE_ERROR = [
  '2025-12-03T12:22:31.778-0500\t\u001b[31mERROR\u001b[0m\torchestrator/process.go:552\tProcess failed\t{"id": "duckdb-sink"}',
  'github.com/withObsrvr/flowctl/internal/orchestrator.(*ProcessOrchestrator).monitorProcess',
  '\t/build/flowctl/internal/orchestrator/process.go:552',
  'main.main',
  '\t/build/flowctl/main.go:12',
  'runtime.main',
  '\t/usr/local/go/src/runtime/proc.go:283',
];
const ZAP_CONSOLE_INFO = '2025-12-03T12:22:32.001-0500\t\u001b[34mINFO\u001b[0m\tcmd/run.go:90\tShutting down';

describe('grouping', () => {
  it('joins a Node error with its stack and { code, details, metadata } tail, emitted when the tail closes', () => {
    const {builder, entries, timers, batches} = harness();
    builder.push('stderr', lines(...NODE_ERROR), 1000);
    expect(timers.pending).toBe(0);
    expect(batches).toHaveLength(1);
    expect(entries()).toEqual([
      expect.objectContaining({
        level: 'error',
        message: NODE_ERROR[0],
        raw: NODE_ERROR.join('\n'),
        stream: 'stderr',
        timestamp: 1000,
        receivedAt: 1000,
      }),
    ]);
  });

  it('joins a Node stack whose head has no level of its own', () => {
    const {builder, entries} = harness();
    builder.push('stderr', lines('boom happened', '    at f (a.js:1:1)', '    at g (a.js:2:1)', 'next'), 0);
    builder.flush();
    expect(entries().map((entry) => entry.raw.split('\n').length)).toEqual([3, 1]);
  });

  it('joins a Go panic with its goroutine dumps across blank lines', () => {
    const {builder, entries} = harness();
    builder.push('stderr', lines(...GO_PANIC, 'exit status 2'), 0);
    builder.flush();
    expect(entries().map(({level, message, raw}) => ({level, message, raw}))).toEqual([
      {level: 'fatal', message: GO_PANIC[0], raw: GO_PANIC.join('\n')},
      {level: 'unknown', message: 'exit status 2', raw: 'exit status 2'},
    ]);
  });

  it('emits blank lines after a Go dump as entries of their own when the dump does not go on', () => {
    const {builder, entries} = harness();
    builder.push('stderr', lines('fatal error: all goroutines are asleep - deadlock!', '', 'restarting'), 0);
    builder.flush();
    expect(entries().map((entry) => entry.raw)).toEqual(['fatal error: all goroutines are asleep - deadlock!', '', 'restarting']);
    expect(entries()[0]?.level).toBe('fatal');
  });

  it('joins a zap console stacktrace to its error line and lets the next info line through at once', () => {
    const {builder, batches, timers} = harness();
    builder.push('stderr', lines(...ZAP_CONSOLE_ERROR, ZAP_CONSOLE_INFO), 0);
    expect(timers.pending).toBe(0);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map(({level, message, raw, fields}) => ({level, message, raw, id: fields.id}))).toEqual([
      {level: 'error', message: 'Process failed', raw: ZAP_CONSOLE_ERROR.join('\n'), id: 'duckdb-sink'},
      {level: 'info', message: 'Shutting down', raw: ZAP_CONSOLE_INFO, id: undefined},
    ]);
  });

  it('does not take a plain sentence as a Go frame after a zap stacktrace', () => {
    const {builder, entries} = harness();
    builder.push('stderr', lines(...ZAP_CONSOLE_ERROR, 'Done.', 'Shutting down now'), 0);
    builder.flush();
    expect(entries().map((entry) => entry.raw.split('\n').length)).toEqual([ZAP_CONSOLE_ERROR.length, 1, 1]);
  });

  it('groups a standalone pretty JSON block and reads it like a JSON log line', () => {
    const block = ['{', '  "level": "warn",', '  "msg": "disk almost full",', '  "free_mb": 12', '}'];
    const {builder, entries, timers} = harness();
    builder.push('stdout', lines('Processing batch 3', ...block), 0);
    expect(timers.pending).toBe(0);
    expect(entries()).toEqual([
      expect.objectContaining({message: 'Processing batch 3', raw: 'Processing batch 3'}),
      expect.objectContaining({level: 'warn', message: 'disk almost full', fields: {free_mb: '12'}, raw: block.join('\n')}),
    ]);
  });

  it('attaches a pretty JSON block to a header line ending with a colon', () => {
    const block = ['{', '  "id": 7,', '  "tags": [', '    "a"', '  ]', '}'];
    const {builder, entries} = harness();
    builder.push('stdout', lines('Received event:', ...block, '-----'), 0);
    builder.flush();
    expect(entries()).toEqual([
      expect.objectContaining({message: 'Received event:', level: 'unknown', fields: {id: '7', tags: '["a"]'},
        raw: ['Received event:', ...block].join('\n')}),
      expect.objectContaining({message: '-----'}),
    ]);
  });

  it('attaches a block to a Go log header but not to a line without the colon', () => {
    const {builder, entries} = harness();
    builder.push('stderr', lines('2025/12/03 12:21:40 config:', '{', '  "a": 1', '}', 'plain line', '{', '  "b": 2', '}'), 0);
    expect(entries().map(({message, fields}) => ({message, fields}))).toEqual([
      {message: 'config:', fields: {a: '1'}},
      {message: 'plain line', fields: {}},
      {message: '{"b":2}', fields: {b: '2'}},
    ]);
  });

  it('keeps a top-level array block whole and an unparsable block as text', () => {
    const {builder, entries} = harness();
    builder.push('stdout', lines('[', '  1,', '  2', ']', '{', '  meta: { a: 1 },', '}'), 0);
    expect(entries().map(({message, fields}) => ({message, fields}))).toEqual([
      {message: '[1,2]', fields: {}},
      {message: '{ meta: { a: 1 }, }', fields: {}},
    ]);
  });

  it('ends a block at a column-0 line that is not its closer', () => {
    const {builder, entries} = harness();
    builder.push('stdout', lines('{', '  "a": 1,', 'interrupted', '  "b": 2'), 0);
    builder.flush();
    expect(entries().map((entry) => entry.raw)).toEqual(['{\n  "a": 1,', 'interrupted', '  "b": 2']);
    expect(entries()[0]?.message).toBe('{ "a": 1,');
  });

  it('joins indented lines only after a warn+ line, a header ending with a colon, or other continuations', () => {
    const {builder, entries} = harness();
    builder.push(
      'stdout',
      lines('hello', '  indented after info', 'Configuration:', '  Component ID: x', '  Port: 1', '[WARN] slow', '  detail'),
      0,
    );
    builder.flush();
    expect(entries().map((entry) => entry.raw)).toEqual([
      'hello', '  indented after info', 'Configuration:\n  Component ID: x\n  Port: 1', '[WARN] slow\n  detail',
    ]);
  });

  it('joins a Java stack with its Caused by: section', () => {
    const {builder, entries} = harness();
    const trace = ['Exception in thread "main" java.lang.IllegalStateException: x', '\tat a.B.c(B.java:1)',
      'Caused by: java.io.IOException: y', '\tat d.E.f(E.java:2)'];
    builder.push('stderr', lines(...trace), 0);
    builder.flush();
    expect(entries().map((entry) => entry.raw)).toEqual([trace.join('\n')]);
  });

  it('keeps stdout and stderr apart', () => {
    const {builder, batches} = harness();
    builder.push('stderr', lines('Error: boom'), 0);
    builder.push('stdout', lines('unrelated', 'also unrelated'), 0);
    builder.push('stderr', lines('    at f (a.js:1:1)', 'after'), 0);
    builder.flush();
    expect(batches.map((batch) => batch.map((entry) => `${entry.stream}:${entry.raw}`))).toEqual([
      ['stdout:unrelated'],
      ['stderr:Error: boom\n    at f (a.js:1:1)'],
      ['stdout:also unrelated'],
      ['stderr:after'],
    ]);
  });

  it('splits a group at its size limit into parts that keep the level, losing no line', () => {
    const dump = ['panic: boom', 'goroutine 1 [running]:'];
    for (let i = 0; dump.length < MAX_GROUP_LINES + 10; i += 1) dump.push(`main.f${i}()`, `\t/app/main.go:${i}`);
    const {builder, entries} = harness();
    builder.push('stderr', lines(...dump), 0);
    builder.flush();
    expect(entries().map((entry) => entry.raw.split('\n').length)).toEqual([MAX_GROUP_LINES, dump.length - MAX_GROUP_LINES]);
    expect(entries().map((entry) => entry.level)).toEqual(['fatal', 'fatal']);
    expect(entries().map((entry) => entry.raw).join('\n')).toBe(dump.join('\n'));
  });
});
