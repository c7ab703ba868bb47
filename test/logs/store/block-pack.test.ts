/**
 * A stored block's BLOBs are checked before and while they are decoded (block-pack.js
 * `unpackBlock`, block-entries.ts): SQLite never looks inside a BLOB, so a damaged page of
 * one is just other numbers, and those must give "damaged", never a spin, a throw of
 * anything else, or entries that were never written.
 */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import type {LogEntry} from '../../../src/logs/entry.js';
import {BatchEncoder} from '../../../src/logs/store/batch-encoder.js';
import {BlockEntries, namesProblem} from '../../../src/logs/store/block-entries.js';
import {DamagedBlock, NUMBER_STRIDE, unpackBlock, type BlockDirectory, type StoredBlock} from '../../../src/logs/store/block-pack.js';
import {isDamage} from '../../../src/logs/store/schema.js';
import {entry} from './helpers.js';
import {lineEntries} from '../parse/helpers.js';

const bytes = (array: Float64Array | Uint32Array | Uint8Array): Buffer => Buffer.from(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));

/** One real block as the writer stores it: entries whole and reparsed, fields with named and text keys, non-ASCII text. */
function storedBlock(): {row: Required<StoredBlock>; names: string[]; directory: BlockDirectory; entries: LogEntry[]} {
  const parsed = lineEntries('zap-json', ['{"level":"warn","ts":1764782500.25,"msg":"ready","peer":"é😀"}', 'plain [ERROR] line'], 'r');
  const entries = [
    ...parsed,
    ...Array.from({length: 40}, (_, i) => entry({runId: 'r', seq: i + 3, level: i % 3 === 0 ? 'error' : 'info', stream: i % 2 === 0 ? 'stdout' : 'stderr',
      fields: {[`k${i}`]: `v${i}`, id: String(i)}, message: `m ${i} ü`, raw: `raw ${i}`, timestamp: 1000 + i, receivedAt: 2000 + i})),
  ];
  const encoder = new BatchEncoder();
  for (const e of entries) encoder.add(e);
  const batch = encoder.take();
  const row = {numbers: bytes(batch.numbers), tags: bytes(batch.tags), keys: bytes(batch.keys), lengths: bytes(batch.lengths), text: bytes(batch.text)};
  const ts = entries.map((e) => e.timestamp);
  const received = entries.map((e) => e.receivedAt);
  const directory = {firstSeq: 1, lastSeq: entries.length, count: entries.length, minTs: Math.min(...ts), maxTs: Math.max(...ts),
    minReceived: Math.min(...received), maxReceived: Math.max(...received), textBytes: row.text.length};
  return {row, names: batch.names, directory, entries};
}

type Decoded = {damaged: string} | {entries: LogEntry[]};

/** What a reader makes of `row`: every entry decoded (the text checked as it loads), or why it is damaged. */
function decode(row: Required<StoredBlock>, names: string[], directory: BlockDirectory): Decoded {
  const unpacked = unpackBlock(row, {...directory, textBytes: row.text.length});
  if (!unpacked.ok) return {damaged: unpacked.error};
  const wrong = namesProblem(unpacked.value, names);
  if (wrong !== undefined) return {damaged: wrong};
  const block = new BlockEntries(unpacked.value, names, 'r', () => row.text);
  try {
    return {entries: Array.from({length: block.count}, (_, i) => block.entryAt(i))};
  } catch (error) {
    // Only damage may be thrown (the text is checked as it loads); anything else fails the test.
    if (!(error instanceof DamagedBlock) || !isDamage(error)) throw error;
    return {damaged: error.message};
  }
}

const good = storedBlock();
type Column = keyof StoredBlock;

/** `row` with `column` replaced by what `change` makes of a copy of its bytes. */
function changed(column: Column, change: (b: Buffer) => Buffer): Required<StoredBlock> {
  return {...good.row, [column]: change(Buffer.from(good.row[column]))};
}

describe('a stored block is checked before it is decoded', () => {
  it('an intact block decodes to exactly its entries', () => {
    expect(decode(good.row, good.names, good.directory)).toEqual({entries: good.entries});
  });

  it.each<[string, Column, (b: Buffer) => Buffer, RegExp]>([
    ['block-field-count-spin: a field count of 1e300 (it spun for ever)', 'numbers', (b) => (b.writeDoubleLE(1e300, 5 * 8), b), /^entry 1: field count 1e\+300$/],
    ['a field count past the keys', 'numbers', (b) => (b.writeDoubleLE(5000, (2 * NUMBER_STRIDE + 5) * 8), b), /^entry 3: 5000 fields, past the \d+ keys$/],
    ['a seq out of order', 'numbers', (b) => (b.writeDoubleLE(1, NUMBER_STRIDE * 8), b), /^entry 2: seq 1 does not follow seq 1$/],
    ['a seq other than the directory says', 'numbers', (b) => (b.writeDoubleLE(0, 0), b), /^entry 1: seq 0, the block starts at seq 1$/],
    ['a NaN timestamp', 'numbers', (b) => (b.writeDoubleLE(NaN, 8), b), /^entry 1: timestamp NaN outside the block's/],
    ['numbers cut mid-element', 'numbers', (b) => b.subarray(0, b.length - 3), /^its numbers are \d+ bytes, not a multiple of 48$/],
    ['tags for fewer entries', 'tags', (b) => b.subarray(0, b.length - 20), /^its tags are for 41 entries, its numbers for 42$/],
    ['lengths all 0xff', 'lengths', (b) => b.fill(0xff), /^its text pieces add up to \d+ bytes, its text is \d+$/],
    ['a length missing', 'lengths', (b) => b.subarray(0, b.length - 4), /text pieces, \d+ lengths are stored|past the \d+ lengths/],
    ['a key missing', 'keys', (b) => b.subarray(0, b.length - 4), /past the \d+ keys|of \d+ keys/],
    ['a level index past the names', 'tags', (b) => (b.writeUInt32LE(9999, 4 * 4), b), /^entry 1: its level is name 9999, past the \d+ names$/],
    ['a stream that names a component', 'tags', (b) => (b.writeUInt32LE(b.readUInt32LE(4), 3 * 4), b), /^entry 1: ".*" is not a stream$/],
    ['text cut short', 'text', (b) => b.subarray(0, 10), /^its text pieces add up to \d+ bytes, its text is 10$/],
    ['text longer', 'text', (b) => Buffer.concat([b, Buffer.alloc(100)]), /^its text pieces add up to \d+ bytes, its text is \d+$/],
    ['text bytes that are not UTF-8 (a damaged page of text printed 3 065 lines for 3 000 entries)', 'text', (b) => b.fill(0xfe, 20, 40), /its text is not UTF-8$/],
  ])('block-blob-damage: %s is damage', (_, column, change, why) => {
    const decoded = decode(changed(column, change), good.names, good.directory);
    expect(decoded).toEqual({damaged: expect.stringMatching(why) as string});
  });

  it('block-blob-damage-property: random bytes flipped in any BLOB decode to a block of the same seqs, or are damage; nothing else is thrown', () => {
    const columns: Column[] = ['numbers', 'tags', 'keys', 'lengths', 'text'];
    fc.assert(
      fc.property(
        fc.constantFrom(...columns),
        fc.array(fc.tuple(fc.nat(), fc.integer({min: 0, max: 255})), {minLength: 1, maxLength: 16}),
        (column, flips) => {
          const row = changed(column, (b) => {
            for (const [at, value] of flips) if (b.length > 0) b[at % b.length] = value;
            return b;
          });
          const decoded = decode(row, good.names, good.directory);
          if ('entries' in decoded) {
            // The directory's range, count and bounds hold for whatever decodes.
            expect(decoded.entries.map((e) => e.seq)).toHaveLength(good.entries.length);
            expect(decoded.entries[0]?.seq).toBe(1);
            expect(decoded.entries.at(-1)?.seq).toBe(good.entries.length);
          }
        },
      ),
      {numRuns: 3000},
    );
  });

  it('block-blob-damage-property: whole columns of random bytes, of random sizes, are damage or a valid block, never a spin', () => {
    const columns: Column[] = ['numbers', 'tags', 'keys', 'lengths', 'text'];
    fc.assert(
      fc.property(fc.constantFrom(...columns), fc.uint8Array({maxLength: 4096}), (column, random) => {
        const decoded = decode(changed(column, () => Buffer.from(random)), good.names, good.directory);
        if ('entries' in decoded) expect(decoded.entries).toHaveLength(good.entries.length);
      }),
      {numRuns: 2000},
    );
  });

  it('without a directory row (retention) the block is still checked: 1 to BLOCK_ENTRIES entries, seqs increasing, lengths adding up', () => {
    expect(unpackBlock(good.row).ok).toBe(true);
    expect(unpackBlock(changed('numbers', (b) => b.subarray(0, 0)))).toEqual({ok: false, error: 'it holds 0 entries (1 to 512 expected)'});
    expect(unpackBlock(changed('numbers', (b) => (b.writeDoubleLE(Infinity, 8), b)))).toEqual({ok: false, error: expect.stringMatching(/^entry 1: timestamp Infinity or receive time \d+ is not a time$/) as string});
  });
});
