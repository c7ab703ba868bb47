// A stored block (see schema.js) opened up: its typed arrays back from their BLOBs, and where
// each entry's pieces, keys and text begin. Used by the reader (to decode entries) and by
// retention in the worker (to rewrite a block without its expired entries), so plain
// JavaScript (the worker cannot load TypeScript).

/**
 * Per entry in `numbers`: seq, timestamp, receivedAt, restart, truncated (0/1), and the field
 * count, or `reparsedMark(format)` (negative) for an entry stored as its `raw` alone.
 */
export const NUMBER_STRIDE = 6;
/** Per entry in `tags`: name indexes of runId, componentId, componentType, stream, level. */
export const TAG_STRIDE = 5;
/** In `keys`: this field's key is the next piece of text, not a name. */
export const KEY_IN_TEXT = 0xffff_ffff;

/**
 * The `logging.format`s a stored entry's message and fields may be parsed back with, by
 * position (the config's `LOG_FORMATS`, checked equal by a test). Append only: positions
 * are stored.
 */
export const REPARSE_FORMATS = ['auto', 'zap-json', 'zap-console', 'go-log', 'zerolog-console', 'zerolog-json', 'pino', 'json', 'logfmt', 'text'];

/** The field-count slot of an entry stored as `raw` alone, whose message and fields `format` parses back. */
export function reparsedMark(/** @type {number} */ formatIndex) {
  return -1 - formatIndex;
}

/** The index in REPARSE_FORMATS that a field-count slot names, or -1 for an entry stored whole. */
export function reparseFormatIndex(/** @type {number} */ fieldCountSlot) {
  return fieldCountSlot < 0 ? -1 - fieldCountSlot : -1;
}

/**
 * How many pieces of text entry `i` has: `raw` alone (a reparsed entry), or message, raw, then
 * per field its key (when not a name) and value. `key` is the entry's first index in `keys`.
 * @param {Float64Array} numbers
 * @param {Uint32Array} keys
 * @param {number} i
 * @param {number} key
 */
export function piecesOf(numbers, keys, i, key) {
  const fieldCount = numbers[i * NUMBER_STRIDE + 5];
  if (fieldCount < 0) return 1;
  let pieces = 2 + fieldCount;
  for (let f = 0; f < fieldCount; f++) if (keys[key + f] === KEY_IN_TEXT) pieces++;
  return pieces;
}

/** How many entries of `keys` entry `i` has (its fields' keys; none for a reparsed entry). */
export function keysOf(/** @type {Float64Array} */ numbers, /** @type {number} */ i) {
  return Math.max(0, numbers[i * NUMBER_STRIDE + 5]);
}

/**
 * @typedef {{numbers: Uint8Array, tags: Uint8Array, keys: Uint8Array, lengths: Uint8Array, text?: Uint8Array}} StoredBlock
 *   `text` (UTF-8) may be left out (a reader loads it only when an entry's text is wanted)
 * @typedef {{count: number, numbers: Float64Array, tags: Uint32Array, keys: Uint32Array, lengths: Uint32Array, text: Uint8Array,
 *   pieceStart: Uint32Array, keyStart: Uint32Array, textStart: Uint32Array}} PackedEntries
 *   `textStart[p]`: the byte offset of piece `p` in `text`
 */

/**
 * @param {StoredBlock} row
 * @returns {PackedEntries}
 */
export function packedEntries(row) {
  const numbers = /** @type {Float64Array} */ (typed(row.numbers, Float64Array));
  const tags = /** @type {Uint32Array} */ (typed(row.tags, Uint32Array));
  const keys = /** @type {Uint32Array} */ (typed(row.keys, Uint32Array));
  const lengths = /** @type {Uint32Array} */ (typed(row.lengths, Uint32Array));
  const count = numbers.length / NUMBER_STRIDE;
  const pieceStart = new Uint32Array(count + 1);
  const keyStart = new Uint32Array(count + 1);
  let piece = 0;
  let key = 0;
  for (let i = 0; i < count; i++) {
    pieceStart[i] = piece;
    keyStart[i] = key;
    piece += piecesOf(numbers, keys, i, key);
    key += keysOf(numbers, i);
  }
  pieceStart[count] = piece;
  keyStart[count] = key;
  const textStart = new Uint32Array(lengths.length + 1);
  for (let p = 0; p < lengths.length; p++) textStart[p + 1] = textStart[p] + lengths[p];
  return {count, numbers, tags, keys, lengths, text: row.text ?? new Uint8Array(0), pieceStart, keyStart, textStart};
}

/**
 * The entries of `packed` that `keep` accepts, packed as a new block's columns; undefined if none.
 * @param {PackedEntries} packed
 * @param {(numbers: Float64Array, n: number) => boolean} keep called with the entry's offset in `numbers`
 */
export function repack(packed, keep) {
  const {count, numbers, tags, keys, lengths, text, pieceStart, keyStart, textStart} = packed;
  const kept = [];
  for (let i = 0; i < count; i++) if (keep(numbers, i * NUMBER_STRIDE)) kept.push(i);
  if (kept.length === 0) return undefined;
  const outNumbers = new Float64Array(kept.length * NUMBER_STRIDE);
  const outTags = new Uint32Array(kept.length * TAG_STRIDE);
  const outKeys = [];
  const outLengths = [];
  /** Byte ranges of `text` kept, copied out once at the end. */
  const outText = [];
  let minTs = Infinity;
  let maxTs = -Infinity;
  let minReceived = Infinity;
  let maxReceived = -Infinity;
  for (const [j, i] of kept.entries()) {
    const n = i * NUMBER_STRIDE;
    outNumbers.set(numbers.subarray(n, n + NUMBER_STRIDE), j * NUMBER_STRIDE);
    outTags.set(tags.subarray(i * TAG_STRIDE, (i + 1) * TAG_STRIDE), j * TAG_STRIDE);
    for (let k = keyStart[i]; k < keyStart[i + 1]; k++) outKeys.push(keys[k]);
    for (let p = pieceStart[i]; p < pieceStart[i + 1]; p++) outLengths.push(lengths[p]);
    outText.push(text.subarray(textStart[pieceStart[i]], textStart[pieceStart[i + 1]]));
    minTs = Math.min(minTs, numbers[n + 1]);
    maxTs = Math.max(maxTs, numbers[n + 1]);
    minReceived = Math.min(minReceived, numbers[n + 2]);
    maxReceived = Math.max(maxReceived, numbers[n + 2]);
  }
  return {
    count: kept.length,
    firstSeq: outNumbers[0],
    lastSeq: outNumbers[(kept.length - 1) * NUMBER_STRIDE],
    minTs, maxTs, minReceived, maxReceived,
    numbers: Buffer.from(outNumbers.buffer),
    tags: Buffer.from(outTags.buffer),
    keys: Buffer.from(new Uint32Array(outKeys).buffer),
    lengths: Buffer.from(new Uint32Array(outLengths).buffer),
    text: Buffer.concat(outText),
  };
}

/** A typed array over a BLOB's bytes: in place when aligned, else a copy (a Buffer may sit at any offset of its pool). */
function typed(/** @type {Uint8Array} */ bytes, /** @type {Float64ArrayConstructor | Uint32ArrayConstructor} */ Type) {
  const size = Type.BYTES_PER_ELEMENT;
  if (bytes.byteOffset % size === 0) return new Type(bytes.buffer, bytes.byteOffset, bytes.byteLength / size);
  return new Type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
