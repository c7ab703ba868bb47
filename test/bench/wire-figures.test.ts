/** The wire section's arithmetic: figures per phase, the ratios the README quotes, line counting. */
import {describe, expect, it} from 'vitest';
import {countJsonLines, followFigures, pushFigures, wireRatios} from '../../bench/lib/wire-figures.mjs';
import {traceIdOf, wireEntry} from '../../bench/lib/wire-entries.mjs';

const push = (mode: string, seconds: number, serverCpuS: number, toServer: number, arrived = 1000) =>
  pushFigures({mode, entries: 1000, arrived, seconds, clientCpuS: 0.5, serverCpuS, bytes: {toServer, toClient: 1000}});

describe('wire figures', () => {
  it('derives rates, CPU and bytes per entry, and counts what did not arrive as lost', () => {
    const p = push('entry', 2, 0.1, 99_000, 990);
    expect(p).toMatchObject({entriesPerS: 500, serverCpuUsPerEntry: 100, clientCpuUsPerEntry: 500, wireBytes: 100_000, bytesPerEntry: 100, lost: 10});
    const f = followFigures({mode: 'entries', expected: 1000, received: 800, seconds: 4, clientCpuS: 0.8, serverCpuS: 0.4, bytes: {toServer: 100, toClient: 79_900}});
    expect(f).toMatchObject({entriesPerS: 200, clientCpuUsPerEntry: 1000, serverCpuUsPerEntry: 500, bytesPerEntry: 100, missed: 200});
  });

  it('puts batched against per entry and gzip against plain, NaN where a side was not measured', () => {
    const ratios = wireRatios({
      push: [push('entry', 4, 0.4, 99_000), push('batch', 1, 0.1, 99_000), push('gzip', 2, 0.1, 9_000)],
      follow: [followFigures({mode: 'batches', expected: 10, received: 10, seconds: 1, clientCpuS: 0, serverCpuS: 0, bytes: {toServer: 0, toClient: 900}}), followFigures({mode: 'entries', expected: 10, received: 10, seconds: 3, clientCpuS: 0, serverCpuS: 0, bytes: {toServer: 0, toClient: 1000}})],
    });
    expect(ratios).toMatchObject({pushBatchedVsEntryRate: 4, pushBatchedVsEntryServerCpu: 0.25, pushBatchedVsEntryBytes: 1, pushGzipVsPlainBytes: 0.1, pushGzipVsPlainRate: 0.5, followBatchedVsEntryRate: 3, followBatchedVsEntryBytes: 0.9});
    expect(wireRatios({push: [push('batch', 1, 0.1, 1)], follow: []}).pushGzipVsPlainBytes).toBeNaN();
  });

  it('counts JSON lines by their first byte, across chunk boundaries, and skips notes', () => {
    const text = Buffer.from('starting\n{"a":1}\n{"b":2}\nstarted, pid 7\n{"c":3}\n');
    expect(countJsonLines(text, true)).toBe(3);
    // Split right after a newline: the second chunk begins a line.
    const cut = text.indexOf('{"b"');
    expect(countJsonLines(text.subarray(0, cut), true) + countJsonLines(text.subarray(cut), true)).toBe(3);
    // Split inside a line: the second chunk does not begin one.
    expect(countJsonLines(text.subarray(0, cut + 2), true) + countJsonLines(text.subarray(cut + 2), false)).toBe(3);
  });

  it('makes every pushed entry unique and the same on every run', () => {
    const templates = [{line: '{"level":"info","msg":"m"}', level: 'info', message: 'm', fields: {}, seconds: 1, nanos: 0}];
    const entry = wireEntry(templates, 'pusher', 7);
    expect(JSON.parse(entry.raw)).toEqual({level: 'info', msg: 'm', n: 7, trace_id: traceIdOf(7)});
    expect(entry.fields).toEqual({n: '7', trace_id: traceIdOf(7)});
    expect(traceIdOf(7)).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(Array.from({length: 1000}, (_, i) => traceIdOf(i))).size).toBe(1000);
  });
});
