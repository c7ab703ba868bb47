import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import type {LogEntry} from '../../../src/logs/entry.js';
import {BatchEncoder, MAX_KEY_NAMES} from '../../../src/logs/store/batch-encoder.js';
import {BatchDecoder, COLUMNS} from '../../../src/logs/store/batch-decoder.js';
import {levelRank} from '../../../src/logs/entry.js';
import {entry} from './helpers.js';

/** The `entries` row (table order) the old per-entry insert bound for an entry. */
function expectedRow(e: LogEntry): unknown[] {
  return [
    e.runId, e.seq, e.componentId, e.componentType, e.stream, e.timestamp, e.receivedAt, e.level,
    levelRank(e.level), e.message, JSON.stringify(e.fields), e.raw, e.restart, e.truncated ? 1 : 0,
  ];
}

/** Encodes batches with one encoder and decodes them with one decoder, as writer and worker do. */
function roundTrip(batches: LogEntry[][]): unknown[][] {
  const encoder = new BatchEncoder();
  const decoder = new BatchDecoder();
  const rows: unknown[][] = [];
  for (const batch of batches) {
    for (const e of batch) encoder.add(e);
    // Through a real structured clone with the transfer list, as postMessage does.
    const packed = encoder.take();
    const cloned = structuredClone(packed, {transfer: BatchEncoder.transferables(packed)});
    decoder.begin(cloned);
    for (let i = 0; i < cloned.count; i++) {
      const args = new Array<unknown>(COLUMNS + 2).fill('untouched');
      decoder.fill(args, 1, i);
      // Writes exactly its COLUMNS slots from the offset, nothing around them.
      expect(args[0]).toBe('untouched');
      expect(args[COLUMNS + 1]).toBe('untouched');
      expect(decoder.runOf(i)).toBe(args[1]);
      rows.push(args.slice(1, COLUMNS + 1));
    }
    decoder.end();
  }
  return rows;
}

describe('packed batches for the writer worker', () => {
  it('carry every column of every entry, across batches sharing one name table', () => {
    const first = [
      entry({runId: 'r1', seq: 1, fields: {}, level: 'unknown'}),
      entry({runId: 'r1', seq: 2, componentId: 'sink', componentType: 'sink', stream: 'stderr', level: 'error', restart: 3, truncated: true, fields: {a: '1', b: 'two'}}),
    ];
    const second = [
      entry({runId: 'r2', seq: 1, componentId: '', componentType: '', stream: 'control', level: 'warn', message: 'flowctl note', raw: 'flowctl note'}),
      entry({runId: 'r1', seq: 3, componentId: 'sink', timestamp: 1.5, receivedAt: 2.25}),
    ];
    expect(roundTrip([first, second])).toEqual([...first, ...second].map(expectedRow));
  });

  it('builds the same fields JSON as JSON.stringify: escapes, lone surrogates, integer-like keys first', () => {
    const fields = {z: 'quote " backslash \\ newline \n tab \t nul \u0000', '10': 'ten', '2': 'two', 'é': '😀 ok', lone: 'a\ud800b', '': 'empty key'};
    const e = entry({fields, message: 'm\u001b[1m', raw: '\u001b[31mred\u001b[0m 😀'});
    const [row] = roundTrip([[e]]);
    expect(row?.[10]).toBe(JSON.stringify(fields));
    expect(JSON.parse(String(row?.[10]))).toEqual(fields);
    expect(row?.[9]).toBe(e.message);
    expect(row?.[11]).toBe(e.raw);
  });

  it('stores a non-string field value that slipped through as its text instead of losing it', () => {
    const e = entry({fields: {n: 42 as unknown as string, b: true as unknown as string}});
    expect(JSON.parse(String(roundTrip([[e]])[0]?.[10]))).toEqual({n: '42', b: 'true'});
  });

  it('round-trips arbitrary text and fields exactly (property)', () => {
    const text = fc.string({unit: 'binary', maxLength: 40});
    fc.assert(
      fc.property(fc.array(fc.record({message: text, raw: text, fields: fc.dictionary(text, text, {maxKeys: 5})}), {minLength: 1, maxLength: 20}), (parts) => {
        const entries = parts.map((p) => entry({...p}));
        expect(roundTrip([entries])).toEqual(entries.map(expectedRow));
      }),
    );
  });

  it('sends a repeated field key once; past MAX_KEY_NAMES new keys travel as text, so ids in keys cannot grow the table forever', () => {
    const encoder = new BatchEncoder();
    encoder.add(entry({fields: {caller: 'a'}}));
    encoder.add(entry({fields: {caller: 'b'}}));
    const first = encoder.take();
    expect(first.names.filter((n) => n === 'caller')).toHaveLength(1);
    expect(first.text).not.toContain('caller');
    const many = Array.from({length: MAX_KEY_NAMES + 10}, (_, i) => entry({runId: 'big', seq: i + 1, fields: {[`id-${i}`]: String(i), caller: 'c'}}));
    for (const e of many) encoder.add(e);
    const second = encoder.take();
    expect(first.names.length + second.names.length).toBeLessThanOrEqual(MAX_KEY_NAMES + 1);
    expect(second.text).toContain(`id-${MAX_KEY_NAMES + 5}`);
    // And it all decodes to exactly what JSON.stringify gives.
    expect(roundTrip([many])).toEqual(many.map(expectedRow));
  });

  it('starts afresh after take, and grows past its initial capacity', () => {
    const many = Array.from({length: 3000}, (_, i) => entry({runId: 'big', seq: i + 1, fields: {i: String(i)}}));
    const rows = roundTrip([many.slice(0, 2500), many.slice(2500)]);
    expect(rows).toEqual(many.map(expectedRow));
  });
});
