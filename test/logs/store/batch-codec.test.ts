/**
 * The packed batches of batch-encoder.ts, as the writer worker stores them (a block is a
 * range of a batch) and the reader decodes them (block-entries.ts): every entry comes back.
 */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import type {LogEntry} from '../../../src/logs/entry.js';
import {BatchEncoder, MAX_KEY_NAMES, type PackedBatch} from '../../../src/logs/store/batch-encoder.js';
import {groupBatches, mergeBatches} from '../../../src/logs/store/block-writer.js';
import {BLOCK_ENTRIES} from '../../../src/logs/store/schema.js';
import {BlockEntries} from '../../../src/logs/store/block-entries.js';
import {keysOf, NUMBER_STRIDE, piecesOf, TAG_STRIDE, unpackBlock} from '../../../src/logs/store/block-pack.js';
import {entry} from './helpers.js';
import {lineEntries} from '../parse/helpers.js';

const bytes = (array: Float64Array | Uint32Array | Uint8Array): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

/** A packed batch's entries as stored blocks of up to BLOCK_ENTRIES, cut as block-writer.js cuts them, decoded. */
function decodeBlocks(batch: PackedBatch, names: string[], runId: string): BlockEntries[] {
  const blocks: BlockEntries[] = [];
  let piece = 0;
  let key = 0;
  let offset = 0;
  for (let from = 0; from < batch.count; from += BLOCK_ENTRIES) {
    const to = Math.min(batch.count, from + BLOCK_ENTRIES);
    const [fromPiece, fromKey, fromText] = [piece, key, offset];
    for (let i = from; i < to; i++) {
      const pieces = piecesOf(batch.numbers, batch.keys, i, key);
      key += keysOf(batch.numbers, i);
      for (const end = piece + pieces; piece < end; piece++) offset += batch.lengths[piece] as number;
    }
    const text = batch.text.subarray(fromText, offset);
    const unpacked = unpackBlock({
      numbers: bytes(batch.numbers.subarray(from * NUMBER_STRIDE, to * NUMBER_STRIDE)),
      tags: bytes(batch.tags.subarray(from * TAG_STRIDE, to * TAG_STRIDE)),
      keys: bytes(batch.keys.subarray(fromKey, key)),
      lengths: bytes(batch.lengths.subarray(fromPiece, piece)),
      text,
    });
    if (!unpacked.ok) throw new Error(unpacked.error);
    blocks.push(new BlockEntries(unpacked.value, names, runId, () => text));
  }
  return blocks;
}

/** Encodes batches with one encoder, then decodes each batch as the stored blocks it makes. */
function roundTrip(batches: LogEntry[][]): LogEntry[] {
  const encoder = new BatchEncoder();
  const names: string[] = [];
  const got: LogEntry[] = [];
  for (const batch of batches) {
    for (const e of batch) encoder.add(e);
    // Through a real structured clone with the transfer list, as postMessage does.
    const packed = encoder.take();
    const cloned = structuredClone(packed, {transfer: BatchEncoder.transferables(packed)});
    names.push(...cloned.names);
    for (const block of decodeBlocks(cloned, [...names], batch[0]?.runId ?? '')) {
      for (let i = 0; i < block.count; i++) got.push(block.entryAt(i));
    }
  }
  return got;
}

describe('packed batches for the writer worker', () => {
  it('carry every column of every entry, across batches sharing one name table', () => {
    const first = [
      entry({runId: 'r1', seq: 1, fields: {}, level: 'unknown'}),
      entry({runId: 'r1', seq: 2, componentId: 'sink', componentType: 'sink', stream: 'stderr', level: 'error', restart: 3, truncated: true, fields: {a: '1', b: 'two'}}),
    ];
    const second = [
      entry({runId: 'r1', seq: 3, componentId: '', componentType: '', stream: 'control', level: 'warn', message: 'flowctl note', raw: 'flowctl note'}),
      entry({runId: 'r1', seq: 4, componentId: 'sink', timestamp: 1.5, receivedAt: 2.25}),
    ];
    expect(roundTrip([first, second])).toEqual([...first, ...second]);
  });

  it('keep escapes, integer-like keys and their order', () => {
    const fields = {z: 'quote " backslash \\ newline \n tab \t nul \u0000', '10': 'ten', '2': 'two', 'é': '😀 ok', '': 'empty key'};
    const e = entry({fields, message: 'm\u001b[1m', raw: '\u001b[31mred\u001b[0m 😀'});
    const [got] = roundTrip([[e]]);
    expect(got).toEqual(e);
    expect(Object.keys(got?.fields ?? {})).toEqual(Object.keys(fields));
  });

  it('turn a lone surrogate into U+FFFD (UTF-8 cannot hold one), one unit for one, shifting no piece after it', () => {
    // (Keys travel in the name table, as strings: SQLite's TEXT makes theirs U+FFFD, see blocks.test.ts.)
    const fields = {lone: 'a\ud800b', after: 'intact 😀'};
    const e = entry({seq: 1, fields, message: 'x\udfffy\ud83d', raw: 'raw é'});
    const [got] = roundTrip([[e, entry({seq: 2, message: 'next'})]]);
    expect(got).toEqual({...e, message: 'x\ufffdy\ufffd', fields: {lone: 'a\ufffdb', after: 'intact 😀'}});
  });

  it('stores a non-string field value that slipped through as its text instead of losing it', () => {
    const e = entry({fields: {n: 42 as unknown as string, b: true as unknown as string}});
    expect(roundTrip([[e]])[0]?.fields).toEqual({n: '42', b: 'true'});
  });

  it('round-trips arbitrary text and fields exactly, lone surrogates as U+FFFD (property)', () => {
    const text = fc.string({unit: 'binary', maxLength: 40});
    // What UTF-8 can hold: lone surrogates as U+FFFD (keys here are names, strings in memory).
    const utf8 = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');
    const wellFormed = (fields: Record<string, string>): Record<string, string> =>
      Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, utf8(value)]));
    fc.assert(
      fc.property(fc.array(fc.record({message: text, raw: text, fields: fc.dictionary(text, text, {maxKeys: 5})}), {minLength: 1, maxLength: 20}), (parts) => {
        const entries = parts.map((p) => entry({...p}));
        const expected = entries.map((e) => ({...e, message: utf8(e.message), raw: utf8(e.raw), fields: wellFormed(e.fields)}));
        expect(roundTrip([entries])).toEqual(expected);
      }),
    );
  });

  it('sends a repeated field key once; past MAX_KEY_NAMES new keys travel as text, so ids in keys cannot grow the table forever', () => {
    const encoder = new BatchEncoder();
    encoder.add(entry({fields: {caller: 'a'}}));
    encoder.add(entry({fields: {caller: 'b'}}));
    const first = encoder.take();
    expect(first.names.filter((n) => n === 'caller')).toHaveLength(1);
    expect(Buffer.from(first.text).toString()).not.toContain('caller');
    const many = Array.from({length: MAX_KEY_NAMES + 10}, (_, i) => entry({runId: 'big', seq: i + 1, fields: {[`id-${i}`]: String(i), caller: 'c'}}));
    for (const e of many) encoder.add(e);
    const second = encoder.take();
    expect(first.names.length + second.names.length).toBeLessThanOrEqual(MAX_KEY_NAMES + 1);
    expect(Buffer.from(second.text).toString()).toContain(`id-${MAX_KEY_NAMES + 5}`);
    // And it all decodes back.
    expect(roundTrip([many])).toEqual(many);
  });

  it('writes a one-line parsed entry as its raw alone and parses message and fields back, between entries stored whole', () => {
    const built = lineEntries('zap-json', [
      '{"level":"info","ts":1764782500.25,"caller":"a.go:1","msg":"ready \\"now\\"","peer":"é😀","n":3}',
      'not json: falls back to text [WARN] here',
    ]);
    const whole = entry({runId: 'r1', seq: 3, message: 'a note', raw: 'a note', fields: {k: 'v'}});
    const entries = [...built, whole];
    const encoder = new BatchEncoder();
    for (const e of built) encoder.add(e);
    const onlyRaw = encoder.take();
    expect(Buffer.from(onlyRaw.text).toString()).toBe(built.map((e) => e.raw).join(''));
    expect(Array.from(onlyRaw.lengths)).toEqual(built.map((e) => Buffer.byteLength(e.raw)));
    expect(roundTrip([entries])).toEqual(entries.map((e) => ({...e})));
    expect(built.map((e) => e.fields.peer ?? e.level)).toEqual(['é😀', 'warn']);
  });

  it('starts afresh after take, and grows past its initial capacity', () => {
    const many = Array.from({length: 3000}, (_, i) => entry({runId: 'big', seq: i + 1, fields: {i: String(i)}}));
    expect(roundTrip([many.slice(0, 2500), many.slice(2500)])).toEqual(many);
  });
});

describe('batches merged for one transaction (block-writer.js)', () => {
  it('are the batches one after the other, names and all, as if encoded as one', () => {
    const encoder = new BatchEncoder();
    const parts = [
      [entry({runId: 'r', seq: 1, fields: {a: '1'}}), entry({runId: 'r', seq: 2, componentId: 'x', fields: {}})],
      [entry({runId: 'r', seq: 3, componentId: 'y', fields: {b: '2', a: '3'}})],
      [entry({runId: 'r', seq: 4, level: 'error', message: 'm', raw: 'r'}), entry({runId: 'r', seq: 5, fields: {c: 'ü'}})],
    ];
    const batches = parts.map((part) => {
      for (const e of part) encoder.add(e);
      return encoder.take();
    });
    const merged = mergeBatches(batches);
    expect(merged.count).toBe(5);
    const [block, ...more] = decodeBlocks(merged, merged.names, 'r');
    expect(more).toEqual([]);
    expect(Array.from({length: block?.count ?? 0}, (_, i) => block?.entryAt(i))).toEqual(parts.flat());
    expect(mergeBatches([batches[0] as PackedBatch])).toBe(batches[0]);
  });
});

describe('grouping the batches of a transaction (block-writer.js)', () => {
  const sized = (count: number): PackedBatch => ({count, names: [], numbers: new Float64Array(0), tags: new Uint32Array(0), keys: new Uint32Array(0), text: new Uint8Array(0), lengths: new Uint32Array(0)});
  it('merges small batches up to a block, and leaves a batch that fills one alone', () => {
    const groups = groupBatches([sized(100), sized(100), sized(BLOCK_ENTRIES - 150), sized(BLOCK_ENTRIES), sized(1), sized(1)]);
    expect(groups.map((group) => group.map((b) => b.count))).toEqual([[100, 100], [BLOCK_ENTRIES - 150], [BLOCK_ENTRIES], [1, 1]]);
    expect(groupBatches([])).toEqual([]);
  });
});
