// A stored block (see schema.js) opened up: its typed arrays back from their BLOBs, and where
// each entry's pieces, keys and text begin. Used by the reader (to decode entries) and by
// retention in the worker (to rewrite a block without its expired entries), so plain
// JavaScript (the worker cannot load TypeScript).
import {BLOCK_ENTRIES, MAX_SEQ} from './schema.js';

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
 *   pieceStart: Uint32Array, keyStart: Uint32Array, textStart: Float64Array}} PackedEntries
 *   `textStart[p]`: the byte offset of piece `p` in `text`
 * @typedef {{firstSeq: number, lastSeq: number, count: number, minTs: number, maxTs: number,
 *   minReceived: number, maxReceived: number, textBytes: number}} BlockDirectory
 *   what the block's `blocks` row says of it, and the size of its `utf8` (`length(utf8)`)
 */

/**
 * Largest reparse-format index a field-count slot may name: REPARSE_FORMATS is append-only, so a
 * newer flowctl may name one past it (read as `auto`), but never thousands.
 */
const MAX_REPARSE_INDEX = 1023;

/**
 * The block's columns opened up, after checking that they fit together: whole elements in
 * each typed array, 1 to BLOCK_ENTRIES entries with seqs strictly increasing, field counts
 * that fit `keys`, pieces that fit `lengths`, lengths that add up to the text, and, given
 * `directory`, the seq range, count and time bounds its `blocks` row records. SQLite does
 * not look inside a BLOB: a stray write or a damaged disk page is just other numbers here,
 * and a field count of 1e300 made the piece loop spin for ever (`flowctl logs` at 80 % CPU,
 * deaf to SIGTERM). Every loop's bound is checked before it runs: the work is linear in the
 * BLOBs' sizes whatever they hold. The error says what does not fit, for the damage marker.
 * @param {StoredBlock} row
 * @param {BlockDirectory} [directory]
 * @returns {{ok: true, value: PackedEntries} | {ok: false, error: string}}
 */
export function unpackBlock(row, directory) {
  const sizes = wholeElements(row);
  if (sizes !== undefined) return {ok: false, error: sizes};
  const numbers = /** @type {Float64Array} */ (typed(row.numbers, Float64Array));
  const tags = /** @type {Uint32Array} */ (typed(row.tags, Uint32Array));
  const keys = /** @type {Uint32Array} */ (typed(row.keys, Uint32Array));
  const lengths = /** @type {Uint32Array} */ (typed(row.lengths, Uint32Array));
  const count = numbers.length / NUMBER_STRIDE;
  if (count < 1 || count > BLOCK_ENTRIES) return {ok: false, error: `it holds ${count} entries (1 to ${BLOCK_ENTRIES} expected)`};
  if (tags.length !== count * TAG_STRIDE) return {ok: false, error: `its tags are for ${tags.length / TAG_STRIDE} entries, its numbers for ${count}`};
  if (directory !== undefined && count !== directory.count) return {ok: false, error: `it holds ${count} entries, the directory says ${directory.count}`};
  const pieceStart = new Uint32Array(count + 1);
  const keyStart = new Uint32Array(count + 1);
  let piece = 0;
  let key = 0;
  for (let i = 0; i < count; i++) {
    const wrong = entryProblem(numbers, i, directory);
    if (wrong !== undefined) return {ok: false, error: `entry ${i + 1}: ${wrong}`};
    const fieldCount = /** @type {number} */ (numbers[i * NUMBER_STRIDE + 5]);
    if (fieldCount > keys.length - key) return {ok: false, error: `entry ${i + 1}: ${fieldCount} fields, past the ${keys.length} keys`};
    pieceStart[i] = piece;
    keyStart[i] = key;
    // Bounded: fieldCount fits in `keys` (checked above).
    piece += piecesOf(numbers, keys, i, key);
    key += keysOf(numbers, i);
    if (piece > lengths.length) return {ok: false, error: `entry ${i + 1}: its text pieces run past the ${lengths.length} lengths`};
  }
  pieceStart[count] = piece;
  keyStart[count] = key;
  if (key !== keys.length) return {ok: false, error: `its entries use ${key} of ${keys.length} keys`};
  if (piece !== lengths.length) return {ok: false, error: `its entries have ${piece} text pieces, ${lengths.length} lengths are stored`};
  const textStart = new Float64Array(lengths.length + 1);
  for (let p = 0; p < lengths.length; p++) textStart[p + 1] = /** @type {number} */ (textStart[p]) + /** @type {number} */ (lengths[p]);
  const textBytes = directory?.textBytes ?? row.text?.length;
  const total = /** @type {number} */ (textStart[lengths.length]);
  if (textBytes !== undefined && total !== textBytes) return {ok: false, error: `its text pieces add up to ${total} bytes, its text is ${textBytes}`};
  return {ok: true, value: {count, numbers, tags, keys, lengths, text: row.text ?? new Uint8Array(0), pieceStart, keyStart, textStart}};
}

/** Why entry `i`'s numbers cannot be a stored entry's, or undefined when they can. */
function entryProblem(/** @type {Float64Array} */ numbers, /** @type {number} */ i, /** @type {BlockDirectory | undefined} */ directory) {
  const n = i * NUMBER_STRIDE;
  // Read in place: a destructured Array.from per entry made this check 55 % of a full `-l error` scan.
  const seq = /** @type {number} */ (numbers[n]);
  const ts = /** @type {number} */ (numbers[n + 1]);
  const received = /** @type {number} */ (numbers[n + 2]);
  const restart = /** @type {number} */ (numbers[n + 3]);
  const truncated = /** @type {number} */ (numbers[n + 4]);
  const fieldCount = /** @type {number} */ (numbers[n + 5]);
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > MAX_SEQ) return `seq ${seq} is not a seq`;
  if (i > 0 && !(seq > /** @type {number} */ (numbers[n - NUMBER_STRIDE]))) return `seq ${seq} does not follow seq ${numbers[n - NUMBER_STRIDE]}`;
  if (directory !== undefined) {
    if (i === 0 && seq !== directory.firstSeq) return `seq ${seq}, the block starts at seq ${directory.firstSeq}`;
    if (seq > directory.lastSeq || (i === directory.count - 1 && seq !== directory.lastSeq)) return `seq ${seq}, the block ends at seq ${directory.lastSeq}`;
    if (!(ts >= directory.minTs && ts <= directory.maxTs)) return `timestamp ${ts} outside the block's ${directory.minTs}–${directory.maxTs}`;
    if (!(received >= directory.minReceived && received <= directory.maxReceived)) return `receive time ${received} outside the block's ${directory.minReceived}–${directory.maxReceived}`;
  } else if (!Number.isFinite(ts) || !Number.isFinite(received)) {
    return `timestamp ${ts} or receive time ${received} is not a time`;
  }
  if (!Number.isSafeInteger(restart) || restart < 0) return `restart count ${restart}`;
  if (truncated !== 0 && truncated !== 1) return `truncated flag ${truncated}`;
  if (!Number.isSafeInteger(fieldCount) || fieldCount < -1 - MAX_REPARSE_INDEX) return `field count ${fieldCount}`;
  return undefined;
}

/** Why a column is not whole elements of its typed array, or undefined when all are. */
function wholeElements(/** @type {StoredBlock} */ row) {
  const columns = /** @type {const} */ ([['numbers', NUMBER_STRIDE * 8], ['tags', TAG_STRIDE * 4], ['keys', 4], ['lengths', 4]]);
  for (const [column, size] of columns) {
    // What SQLite hands out is whatever the column holds: a TEXT or a number where a BLOB was.
    if (!(row[column] instanceof Uint8Array)) return `its ${column} are not a BLOB`;
    const bytes = row[column].byteLength;
    if (bytes % size !== 0) return `its ${column} are ${bytes} bytes, not a multiple of ${size}`;
  }
  return undefined;
}

/**
 * The block opened up, for retention in the worker, which has no directory row at hand; a
 * block that does not fit together throws DamagedBlock, which `isDamage` counts as damage
 * (the worker then moves the history aside, as for a page SQLite finds malformed).
 * @param {StoredBlock} row
 * @returns {PackedEntries}
 */
export function packedEntries(row) {
  const unpacked = unpackBlock(row);
  if (!unpacked.ok) throw new DamagedBlock(unpacked.error);
  return unpacked.value;
}

/**
 * A stored block whose contents do not fit together (see `unpackBlock`). Thrown only where
 * the check runs deep inside a caller that cannot return a value: retention's rewrite, and a
 * block's text loaded lazily from inside `LogFilter.matches`; readers catch it at the block
 * (`isDamage`) and mark the block as damaged.
 */
/** The `code` of a DamagedBlock. */
export const DAMAGED_BLOCK = 'FLOWCTL_DAMAGED_BLOCK';

export class DamagedBlock extends Error {
  constructor(/** @type {string} */ why) {
    super(`a block's contents do not fit together: ${why}`);
    this.name = 'DamagedBlock';
    /** Read by `isDamage` (schema.js), which cannot import this module (it imports schema.js). */
    this.code = DAMAGED_BLOCK;
  }
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
