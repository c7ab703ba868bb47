// Unpacks the batches of `batch-encoder.ts` in the writer worker, straight into the
// positional parameters of the INSERT (the `entries` columns in table order), so no entry
// object is ever rebuilt here. Plain JavaScript for the same reason as `writer-worker.js`.

/** Columns of the `entries` table, in order: run_id, seq, component_id, component_type, stream, ts, received_at, level, level_rank, message, fields, raw, restart, truncated. */
export const COLUMNS = 14;

const NUMBER_STRIDE = 6;
const TAG_STRIDE = 5;
const KEY_IN_TEXT = 0xffff_ffff;

/** levelRank() of entry.ts, repeated here because a worker cannot import TypeScript. */
const LEVEL_RANK = {trace: 0, debug: 1, unknown: 2, info: 2, warn: 3, error: 4, fatal: 5};

/** Characters JSON must escape, and lone-surrogate candidates (JSON.stringify escapes those). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(text) {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * @typedef {{count: number, names: string[], numbers: Float64Array, tags: Uint32Array, keys: Uint32Array, text: string, lengths: Uint32Array}} PackedBatch
 */

export class BatchDecoder {
  /** The name table, grown in step with the encoder's. @type {string[]} */
  names = [];
  /** Names as JSON strings, quoted once each (field keys repeat on every line). @type {string[]} */
  quoted = [];
  /** @type {PackedBatch | undefined} */
  batch = undefined;
  /** Next piece of `text` and its offset; next entry of `keys`. */
  piece = 0;
  offset = 0;
  key = 0;

  /** Starts on a batch; `fill` must then be called once per entry, in order. */
  begin(/** @type {PackedBatch} */ batch) {
    for (const name of batch.names) this.names.push(name);
    this.batch = batch;
    this.piece = 0;
    this.offset = 0;
    this.key = 0;
  }

  /** The run (name) of entry `i`, without consuming it. */
  runOf(/** @type {number} */ i) {
    return this.names[/** @type {PackedBatch} */ (this.batch).tags[i * TAG_STRIDE]];
  }

  /** The run's index of entry `i` (entries of one run share it). */
  runIndexOf(/** @type {number} */ i) {
    return /** @type {PackedBatch} */ (this.batch).tags[i * TAG_STRIDE];
  }

  /** `receivedAt` of entry `i`. */
  receivedAtOf(/** @type {number} */ i) {
    return /** @type {PackedBatch} */ (this.batch).numbers[i * NUMBER_STRIDE + 2];
  }

  /**
   * Writes entry `i`'s columns into `args[at .. at + COLUMNS)`.
   * @param {unknown[]} args
   * @param {number} at
   * @param {number} i
   */
  fill(args, at, i) {
    const {numbers, tags, keys, text, lengths} = /** @type {PackedBatch} */ (this.batch);
    const names = this.names;
    const n = i * NUMBER_STRIDE;
    const t = i * TAG_STRIDE;
    const level = names[tags[t + 4]];
    args[at] = names[tags[t]];
    args[at + 1] = numbers[n];
    args[at + 2] = names[tags[t + 1]];
    args[at + 3] = names[tags[t + 2]];
    args[at + 4] = names[tags[t + 3]];
    args[at + 5] = numbers[n + 1];
    args[at + 6] = numbers[n + 2];
    args[at + 7] = level;
    args[at + 8] = LEVEL_RANK[level] ?? 2;
    args[at + 9] = this.#next(text, lengths);
    args[at + 11] = this.#next(text, lengths);
    const fieldCount = numbers[n + 5];
    if (fieldCount === 0) {
      args[at + 10] = '{}';
    } else {
      // What JSON.stringify(fields) gives (same key order: the encoder walked the object),
      // built from the pieces without rebuilding the object.
      let json = '{';
      for (let f = 0; f < fieldCount; f++) {
        if (f > 0) json += ',';
        const name = keys[this.key++];
        json += name === KEY_IN_TEXT ? quote(this.#next(text, lengths)) : (this.quoted[name] ??= quote(names[name]));
        json += ':';
        json += quote(this.#next(text, lengths));
      }
      args[at + 10] = json + '}';
    }
    args[at + 12] = numbers[n + 3];
    args[at + 13] = numbers[n + 4];
  }

  /** Done with the batch: let it be collected. */
  end() {
    this.batch = undefined;
  }

  #next(/** @type {string} */ text, /** @type {Uint32Array} */ lengths) {
    const length = lengths[this.piece++];
    const from = this.offset;
    this.offset = from + length;
    return text.slice(from, this.offset);
  }
}
