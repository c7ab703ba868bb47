/**
 * Packs appended entries for the trip to the writer worker. `postMessage` structured-clones
 * what it sends: an array of entry objects costs a clone of thirteen named properties and
 * a fields object per entry on this thread (the one reading the children's pipes), and as
 * much again to rebuild them in the worker. Packed, a batch is a handful of objects: the
 * numbers in one `Float64Array` (transferred, not copied), the small enumerations as
 * indexes into a name table both sides grow in step, and every string of every entry
 * written as UTF-8 into one byte buffer with a table of byte lengths, which readers decode
 * piece by piece; an entry that is one line parsed on its own is written as its `raw` alone
 * (`parse/line-entry.ts` says why). Measured on workload-A entries: ~2 µs → ~0.3 µs per
 * entry here, ~3.9 µs → ~0.3 µs there.
 *
 * Why bytes, not one joined string: joining made a ~100 KB string per batch on this thread's
 * heap (GC), `postMessage` then copied it (a string cannot be transferred), and SQLite
 * converted it to UTF-8 in the worker. Bytes are written once, transferred, and stored as-is
 * (a BLOB). A lone surrogate becomes U+FFFD here (as UTF-8 must); lengths are counted from
 * the bytes written, so nothing after it shifts, and U+FFFD decodes back to one UTF-16 unit.
 *
 * The layout is stored as-is, cut into blocks (`block-writer.js`, in the worker), and decoded
 * by readers (`block-pack.js`, `block-entries.ts`): change them together.
 */
import type {LogEntry} from '../entry.js';
import {LineEntry} from '../parse/line-entry.js';
import {KEY_IN_TEXT, NUMBER_STRIDE, REPARSE_FORMATS, reparsedMark, TAG_STRIDE} from './block-pack.js';

export {KEY_IN_TEXT, NUMBER_STRIDE, TAG_STRIDE};
/**
 * Field keys become names (sent once, then an index) until the table holds this many: keys
 * repeat line after line, but a program that puts ids in its keys must not grow it forever.
 */
export const MAX_KEY_NAMES = 4096;

export interface PackedBatch {
  count: number;
  /** Names first used in this batch; the worker appends them to its table, in order. */
  names: string[];
  numbers: Float64Array;
  tags: Uint32Array;
  /** Per field of every entry, in order: the name index of its key, or KEY_IN_TEXT. */
  keys: Uint32Array;
  /** Per entry: message, raw, then per field its key (when KEY_IN_TEXT) and value; all entries, as UTF-8, concatenated. */
  text: Uint8Array;
  /** Length (UTF-8 bytes) of each piece of `text`, in order. */
  lengths: Uint32Array;
}

/** Text buffers kept for reuse, and the smallest one made. */
const MAX_SPARE_TEXT = 8;
const MIN_TEXT_BUFFER = 64 * 1024;

/** One encoder per worker: its name table mirrors the worker's. */
export class BatchEncoder {
  readonly #nameIndex = new Map<string, number>();
  #newNames: string[] = [];
  #count = 0;
  #numbers = new Float64Array(1024 * NUMBER_STRIDE);
  #tags = new Uint32Array(1024 * TAG_STRIDE);
  /** Own memory (not Node's shared pool): `take` copies out of it, so it is reused. */
  #bytes = Buffer.allocUnsafeSlow(256 * 1024);
  #used = 0;
  #lengths = new Uint32Array(1024 * 4);
  #pieceCount = 0;
  #keys = new Uint32Array(1024 * 4);
  #keyCount = 0;
  /** Text buffers back from the worker, for the next batches (`recycle`). */
  readonly #spareText: ArrayBuffer[] = [];

  /** Entries added since the last `take`. */
  get count(): number {
    return this.#count;
  }

  /** Text bytes (UTF-8) added since the last `take`. */
  get textBytes(): number {
    return this.#used;
  }

  add(entry: LogEntry): void {
    const i = this.#count++;
    if (i * NUMBER_STRIDE >= this.#numbers.length) this.#grow();
    const n = i * NUMBER_STRIDE;
    const numbers = this.#numbers;
    numbers[n] = entry.seq;
    numbers[n + 1] = entry.timestamp;
    numbers[n + 2] = entry.receivedAt;
    numbers[n + 3] = entry.restart;
    numbers[n + 4] = entry.truncated ? 1 : 0;
    const t = i * TAG_STRIDE;
    const tags = this.#tags;
    tags[t] = this.#tag(0, entry.runId);
    tags[t + 1] = this.#tag(1, entry.componentId);
    tags[t + 2] = this.#tag(2, entry.componentType);
    tags[t + 3] = this.#tag(3, entry.stream);
    tags[t + 4] = this.#tag(4, entry.level);
    const parsedWith = LineEntry.parsedWith(entry);
    const format = parsedWith === undefined ? -1 : REPARSE_FORMATS.indexOf(parsedWith);
    if (format >= 0) {
      // Message and fields are the parse of `raw`: readers parse it again (`block-entries.ts`).
      this.#piece(entry.raw);
      numbers[n + 5] = reparsedMark(format);
      return;
    }
    this.#piece(entry.message);
    this.#piece(entry.raw);
    let fieldCount = 0;
    const fields = entry.fields;
    // for…in: no key array allocated; fields are plain objects (nothing inherited is enumerable).
    for (const key in fields) {
      const value = fields[key];
      this.#key(key);
      // Typed as strings; anything else that slips through is stored as its text, never lost.
      this.#piece(typeof value === 'string' ? value : String(value));
      fieldCount++;
    }
    numbers[n + 5] = fieldCount;
  }

  /**
   * The batch of everything added since the last call; the encoder starts afresh (its name
   * table stays). `exact`: the text in a buffer of exactly its size, for batches that are
   * kept rather than posted (the ring's packed entries), where the rounding up would stay.
   */
  take(exact = false): PackedBatch {
    const count = this.#count;
    const batch: PackedBatch = {
      count,
      names: this.#newNames,
      numbers: this.#numbers.slice(0, count * NUMBER_STRIDE),
      tags: this.#tags.slice(0, count * TAG_STRIDE),
      keys: this.#keys.slice(0, this.#keyCount),
      // A copy of the bytes used, in an ArrayBuffer of its own (transferred, not cloned).
      text: exact ? new Uint8Array(this.#bytes.subarray(0, this.#used)) : this.#textCopy(),
      lengths: this.#lengths.slice(0, this.#pieceCount),
    };
    this.#newNames = [];
    this.#count = 0;
    this.#used = 0;
    this.#pieceCount = 0;
    this.#keyCount = 0;
    return batch;
  }

  /**
   * Takes back text buffers the worker is done with. A transferred buffer that the worker
   * merely drops is external memory its small heap frees only at its next collection: under
   * a flood tens of MB of them piled up. Reused, they are not allocated again.
   */
  recycle(buffers: readonly ArrayBuffer[]): void {
    for (const buffer of buffers) {
      if (this.#spareText.length >= MAX_SPARE_TEXT) return;
      if (buffer.byteLength > 0) this.#spareText.push(buffer);
    }
  }

  /** `this.#bytes[0, used)` in a buffer of its own: a recycled one when one is big enough. */
  #textCopy(): Uint8Array {
    const used = this.#used;
    let buffer: ArrayBuffer | undefined;
    while (buffer === undefined && this.#spareText.length > 0) {
      const spare = this.#spareText.pop() as ArrayBuffer;
      if (spare.byteLength >= used) buffer = spare;
    }
    // Rounded up, so that a buffer fits the batches that follow it too.
    buffer ??= new ArrayBuffer(Math.max(MIN_TEXT_BUFFER, 2 ** Math.ceil(Math.log2(Math.max(1, used)))));
    const text = new Uint8Array(buffer, 0, used);
    text.set(this.#bytes.subarray(0, used));
    return text;
  }

  /** Buffers of a batch that `postMessage` can move instead of copying. */
  static transferables(batch: PackedBatch): ArrayBuffer[] {
    return [batch.numbers.buffer, batch.tags.buffer, batch.keys.buffer, batch.lengths.buffer, batch.text.buffer] as ArrayBuffer[];
  }

  /** Per tag column, the last name and its index: consecutive entries mostly repeat them (a Map lookup each was ~2 % of the thread). */
  readonly #lastTagName: string[] = ['', '', '', '', ''];
  readonly #lastTagIndex = new Uint32Array(TAG_STRIDE).fill(KEY_IN_TEXT);

  #tag(column: number, name: string): number {
    if (this.#lastTagName[column] === name && this.#lastTagIndex[column] !== KEY_IN_TEXT) return this.#lastTagIndex[column] as number;
    const index = this.#name(name);
    this.#lastTagName[column] = name;
    this.#lastTagIndex[column] = index;
    return index;
  }

  #name(name: string): number {
    let index = this.#nameIndex.get(name);
    if (index === undefined) {
      index = this.#nameIndex.size;
      this.#nameIndex.set(name, index);
      this.#newNames.push(name);
    }
    return index;
  }

  /** A field key: a name while the table has room (fewer, shorter pieces to join), else text. */
  #key(key: string): void {
    let index = this.#nameIndex.get(key);
    if (index === undefined) {
      if (this.#nameIndex.size < MAX_KEY_NAMES) index = this.#name(key);
      else this.#piece(key);
    }
    if (this.#keyCount >= this.#keys.length) {
      const grown = new Uint32Array(this.#keys.length * 2);
      grown.set(this.#keys);
      this.#keys = grown;
    }
    this.#keys[this.#keyCount++] = index ?? KEY_IN_TEXT;
  }

  #piece(text: string): void {
    if (this.#pieceCount >= this.#lengths.length) {
      const grown = new Uint32Array(this.#lengths.length * 2);
      grown.set(this.#lengths);
      this.#lengths = grown;
    }
    // At most 3 bytes per UTF-16 unit (a surrogate pair is 4 bytes for 2 units).
    if (this.#used + text.length * 3 > this.#bytes.length) this.#growBytes(this.#used + text.length * 3);
    const written = writeUtf8(this.#bytes, text, this.#used);
    this.#used += written;
    this.#lengths[this.#pieceCount++] = written;
  }

  #growBytes(needed: number): void {
    const grown = Buffer.allocUnsafeSlow(Math.max(needed, this.#bytes.length * 2));
    this.#bytes.copy(grown, 0, 0, this.#used);
    this.#bytes = grown;
  }

  #grow(): void {
    const numbers = new Float64Array(this.#numbers.length * 2);
    numbers.set(this.#numbers);
    this.#numbers = numbers;
    const tags = new Uint32Array(this.#tags.length * 2);
    tags.set(this.#tags);
    this.#tags = tags;
  }
}

/** Pieces up to this long are written by a JS loop while ASCII: a native write costs ~100 ns a call, more than the loop. */
const SHORT_PIECE = 48;

/** Writes `text` as UTF-8 at `at` (room assumed); returns the bytes written. Lone surrogates become U+FFFD. */
export function writeUtf8(bytes: Buffer, text: string, at: number): number {
  const length = text.length;
  if (length <= SHORT_PIECE) {
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) return bytes.write(text, at, 'utf8');
      bytes[at + i] = code;
    }
    return length;
  }
  return bytes.write(text, at, 'utf8');
}
