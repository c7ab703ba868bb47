/**
 * The entries of one stored block (`schema.js`), decoded on demand: an entry object is built
 * only for what a query returns. Filters test a reusable probe whose text properties
 * (message, raw, fields) are decoded from the block's UTF-8 only when the filter reads them,
 * so a scan for one component or level never makes a string of the entries it skips (a
 * block's text as one string was ~100 KB of garbage per block opened, which dominated a
 * `-l error` scan in GC).
 */
import {isAscii, isUtf8} from 'node:buffer';
import type {ComponentType, Level, LogEntry, Stream} from '../entry.js';
import {EntryProbe, type PackedEntryReader} from '../entry-probe.js';
import {COMPONENT_TYPES, isLevel, STREAMS} from '../entry.js';
import type {LogFormat} from '../../config/model.js';
import {reparse} from '../parse/line-entry.js';
import {DamagedBlock, KEY_IN_TEXT, NUMBER_STRIDE, REPARSE_FORMATS, TAG_STRIDE, reparseFormatIndex, type PackedEntries} from './block-pack.js';

export class BlockEntries implements PackedEntryReader {
  readonly #packed: PackedEntries;
  #text: Buffer | undefined;
  /** The whole text as one string, once enough pieces were wanted (see `#piece`); only for an all-ASCII block. */
  #ascii: string | undefined;
  #piecesRead = 0;

  constructor(
    /** The block's columns, checked by `unpackBlock`; its names by `namesProblem`. */
    packed: PackedEntries,
    /** The name table of the block's epoch (tags and keys index into it). */
    private readonly names: readonly string[],
    readonly runId: string,
    /** The block's text (UTF-8), read when an entry's message, raw or fields are first wanted. */
    private readonly loadText: () => Uint8Array,
  ) {
    this.#packed = packed;
  }

  get count(): number {
    return this.#packed.count;
  }

  seqAt(i: number): number {
    return this.#packed.numbers[i * NUMBER_STRIDE] as number;
  }

  /** A view of entry `i` for `LogFilter.matches`: reused, valid until the next call. */
  probe(i: number): LogEntry {
    return this.#probe.at(i);
  }

  readonly #probe = new EntryProbe(this);

  runIdAt(): string {
    return this.runId;
  }

  entryAt(i: number): LogEntry {
    const {numbers, tags} = this.#packed;
    const n = i * NUMBER_STRIDE;
    const t = i * TAG_STRIDE;
    const names = this.names;
    const level = names[tags[t + 4] as number] ?? 'unknown';
    return {
      seq: numbers[n] as number,
      componentId: names[tags[t + 1] as number] ?? '',
      componentType: (names[tags[t + 2] as number] ?? '') as ComponentType,
      stream: (names[tags[t + 3] as number] ?? 'stdout') as Stream,
      timestamp: numbers[n + 1] as number,
      receivedAt: numbers[n + 2] as number,
      level: isLevel(level) ? level : 'unknown',
      message: this.messageAt(i),
      fields: this.fieldsAt(i),
      raw: this.rawAt(i),
      runId: this.runId,
      restart: numbers[n + 3] as number,
      truncated: numbers[n + 4] !== 0,
    };
  }

  componentIdAt(i: number): string {
    return this.names[this.#packed.tags[i * TAG_STRIDE + 1] as number] ?? '';
  }

  levelAt(i: number): Level {
    const level = this.names[this.#packed.tags[i * TAG_STRIDE + 4] as number] ?? 'unknown';
    return isLevel(level) ? level : 'unknown';
  }

  receivedAtAt(i: number): number {
    return this.#packed.numbers[i * NUMBER_STRIDE + 2] as number;
  }

  timestampAt(i: number): number {
    return this.#packed.numbers[i * NUMBER_STRIDE + 1] as number;
  }

  messageAt(i: number): string {
    const reparsed = this.#reparsed(i);
    return reparsed === undefined ? this.#piece(this.#packed.pieceStart[i] as number) : reparsed.message;
  }

  parsedFromRawAt(i: number): boolean {
    return reparseFormatIndex(this.#packed.numbers[i * NUMBER_STRIDE + 5] as number) >= 0;
  }

  rawAt(i: number): string {
    // A reparsed entry's only piece is its raw; an entry stored whole has its message first.
    const whole = (this.#packed.numbers[i * NUMBER_STRIDE + 5] as number) >= 0;
    return this.#piece((this.#packed.pieceStart[i] as number) + (whole ? 1 : 0));
  }

  fieldsAt(i: number): Record<string, string> {
    const reparsed = this.#reparsed(i);
    if (reparsed !== undefined) {
      // Handed over, not shared: the next caller gets an object of its own.
      this.#reparsedIndex = -1;
      return reparsed.fields;
    }
    const {numbers, keys, keyStart, pieceStart} = this.#packed;
    const fields: Record<string, string> = {};
    const count = numbers[i * NUMBER_STRIDE + 5] as number;
    let piece = (pieceStart[i] as number) + 2;
    let k = keyStart[i] as number;
    for (let f = 0; f < count; f++) {
      const index = keys[k++] as number;
      const key = index === KEY_IN_TEXT ? this.#piece(piece++) : (this.names[index] ?? '');
      const value = this.#piece(piece++);
      // What JSON.parse gave format 1's readers: an own property, even for "__proto__".
      if (key === '__proto__') Object.defineProperty(fields, key, {value, enumerable: true, writable: true, configurable: true});
      else fields[key] = value;
    }
    return fields;
  }

  /** The last entry parsed back: a filter reads message and fields of the same entry in turn. */
  #reparsedIndex = -1;
  #reparsedLine: {message: string; fields: Record<string, string>} | undefined;

  /**
   * Message and fields of entry `i` parsed back from its raw, or undefined when it is stored
   * whole. The line is what is kept as printed: a later flowctl whose parser reads it better
   * shows it better.
   */
  #reparsed(i: number): {message: string; fields: Record<string, string>} | undefined {
    const index = reparseFormatIndex(this.#packed.numbers[i * NUMBER_STRIDE + 5] as number);
    if (index < 0) return undefined;
    if (this.#reparsedIndex !== i) {
      // An index past the table (a newer flowctl's parser) reads as `auto`: the closest guess.
      const format = (REPARSE_FORMATS[index] ?? 'auto') as LogFormat;
      this.#reparsedLine = reparse(this.rawAt(i), format);
      this.#reparsedIndex = i;
    }
    return this.#reparsedLine;
  }

  #piece(p: number): string {
    const textStart = this.#packed.textStart;
    const start = textStart[p] as number;
    const end = textStart[p + 1] as number;
    if (this.#ascii !== undefined) return this.#ascii.slice(start, end);
    this.#text ??= this.#checkedText();
    // A scan that reads most entries' text (a --grep) pays a native decode per piece; one
    // decode of the block and a `slice` per piece is cheaper then. Only when the block is
    // ASCII: there byte offsets are UTF-16 offsets. A scan that reads a few entries per
    // block (-l error) never decodes the whole block (that was ~100 KB of garbage per block).
    if (++this.#piecesRead === WHOLE_BLOCK_AFTER) {
      if (isAscii(this.#text)) {
        this.#ascii = this.#text.toString('latin1');
        return this.#ascii.slice(start, end);
      }
    }
    return this.#text.toString('utf8', start, end);
  }

  /**
   * The block's text, as long as its lengths say and UTF-8 (the encoder writes only that):
   * bytes a damaged page put there would print as other lines (3 065 lines for 3 000
   * entries). Loaded from inside `LogFilter.matches`, so damage is thrown as DamagedBlock,
   * which the scan catches at the block (`isDamage`).
   */
  #checkedText(): Buffer {
    const text = asBuffer(this.loadText());
    const expected = this.#packed.textStart[this.#packed.lengths.length] as number;
    if (text.length !== expected) throw new DamagedBlock(`its text is ${text.length} bytes, its pieces add up to ${expected}`);
    if (!isAscii(text) && !isUtf8(text)) throw new DamagedBlock('its text is not UTF-8');
    return text;
  }
}

/** The highest name index a block uses (the reader reloads a name table shorter than that). */
export function maxNameIndex(packed: PackedEntries): number {
  let max = 0;
  for (const index of packed.tags) if (index > max) max = index;
  for (const index of packed.keys) if (index !== KEY_IN_TEXT && index > max) max = index;
  return max;
}

const TAG_KINDS = ['run id', 'component id', 'component type', 'stream', 'level'] as const;

/**
 * Why a block's name indexes do not fit its epoch's name table (past its end; a level, stream
 * or component type that is not one), or undefined when they do.
 */
export function namesProblem(packed: PackedEntries, names: readonly string[]): string | undefined {
  const {count, tags, keys} = packed;
  const kinds = nameKinds(names);
  for (let i = 0; i < count; i++) {
    for (let kind = 0; kind < TAG_STRIDE; kind++) {
      const index = tags[i * TAG_STRIDE + kind] as number;
      if (index >= names.length) return `entry ${i + 1}: its ${TAG_KINDS[kind]} is name ${index}, past the ${names.length} names`;
      const bit = KIND_BIT[kind] ?? 0;
      if (bit !== 0 && ((kinds[index] as number) & bit) === 0) return `entry ${i + 1}: ${JSON.stringify(names[index])} is not a ${TAG_KINDS[kind]}`;
    }
  }
  for (const index of keys) if (index !== KEY_IN_TEXT && index >= names.length) return `a field key is name ${index}, past the ${names.length} names`;
  return undefined;
}

/** Per tag kind (component type, stream, level), the bit `nameKinds` sets for a name that is one. */
const KIND_BIT = [0, 0, 1, 2, 4];

/**
 * For each name of a table, which tag kinds it is valid as: worked out once per table (a scan
 * checked every tag of every entry against the lists, ~8 % of a full `-l error` scan).
 */
const kindsByTable = new WeakMap<readonly string[], Uint8Array>();
function nameKinds(names: readonly string[]): Uint8Array {
  let kinds = kindsByTable.get(names);
  if (kinds === undefined) {
    kinds = new Uint8Array(names.length);
    names.forEach((name, index) => {
      (kinds as Uint8Array)[index] =
        (COMPONENT_TYPES.includes(name as ComponentType) ? 1 : 0) | (STREAMS.includes(name as Stream) ? 2 : 0) | (isLevel(name) ? 4 : 0);
    });
    kindsByTable.set(names, kinds);
  }
  return kinds;
}

/** Pieces decoded one by one from a block before its whole text is decoded at once. */
const WHOLE_BLOCK_AFTER = 64;

/** The same bytes as a Buffer (SQLite hands out Buffers already; a transferred batch is a Uint8Array). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
