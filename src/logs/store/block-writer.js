// Cuts the packed batches of `batch-encoder.ts` into the `blocks` rows of `schema.js`, in the
// writer worker. No entry is ever rebuilt: a block is a range of the batch's typed arrays
// (bound as BLOBs straight from their memory), its UTF-8 text included. Per entry this
// reads a few numbers and notes its level and component for the block's summary
// (`block-summary.js`); per block it is one INSERT each into `blocks`, `block_data` and
// `block_summary`. Plain JavaScript, as `writer-worker.js`.
import {keysOf, NUMBER_STRIDE, piecesOf, TAG_STRIDE} from './block-pack.js';
import {componentsText, levelBit} from './block-summary.js';
import {BLOCK_ENTRIES, FORMAT, hasSummaries, MAX_RUN_KEY, MAX_SEQ, SEQ_BITS, SUMMARY_TABLE} from './schema.js';

/**
 * @typedef {{count: number, names: string[], numbers: Float64Array, tags: Uint32Array, keys: Uint32Array, text: Uint8Array, lengths: Uint32Array}} PackedBatch
 */

/**
 * @param {import('better-sqlite3').Database} db
 * @param {number} epoch this writer session's name table (see `names` in schema.js)
 */
export function createBlockWriter(db, epoch) {
  const insertBlock = db.prepare(`INSERT INTO blocks VALUES ((? << ${SEQ_BITS}) + ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertData = db.prepare(`INSERT INTO block_data VALUES ((? << ${SEQ_BITS}) + ?, ?, ?, ?, ?, ?)`);
  const insertName = db.prepare('INSERT OR REPLACE INTO names VALUES (?, ?, ?)');
  const ensureRun = db.prepare('INSERT OR IGNORE INTO runs (run_id, started_at) VALUES (?, ?)');
  const runKeyOf = db.prepare('SELECT run_key FROM runs WHERE run_id = ?').pluck();
  const lastSeqOf = db
    .prepare(`SELECT last_seq FROM blocks WHERE id >= (@key << ${SEQ_BITS}) AND id < ((@key + 1) << ${SEQ_BITS}) ORDER BY id DESC LIMIT 1`)
    .pluck();
  /** This session's name table, as the encoder grows it, and how much of it is in `names`. */
  const names = [];
  let stored = 0;
  /** Run id → its key and the highest seq stored (a lower or equal one is a replay). */
  const runs = new Map();
  /**
   * Whether the file is known to say this format and to have `block_summary` (a format-2
   * history, or a format-3 one without summaries, is upgraded by its first commit).
   */
  let formatSaid = false;
  /** Prepared once the table is there (an older history gains it in the first commit). */
  let insertSummary;
  const sayFormat = () => {
    if (Number(db.pragma('user_version', {simple: true})) < FORMAT) db.pragma(`user_version = ${FORMAT}`);
    if (!hasSummaries(db)) db.exec(SUMMARY_TABLE);
    insertSummary ??= db.prepare(`INSERT OR REPLACE INTO block_summary VALUES ((? << ${SEQ_BITS}) + ?, ?, ?)`);
    formatSaid = true;
  };
  /** Per name index: its bit as a level (`block-summary.js`), worked out once. */
  const levelBits = [];
  const levelBitOf = (index) => (levelBits[index] ??= levelBit(names[index]));

  function runOf(runId, at) {
    let run = runs.get(runId);
    if (run === undefined) {
      ensureRun.run(runId, at);
      const key = runKeyOf.get(runId);
      if (!(key <= MAX_RUN_KEY)) throw new Error(`the history holds too many runs (run key ${key}): move it aside to start a new one`);
      run = {key, lastSeq: lastSeqOf.get({key}) ?? -1};
      runs.set(runId, run);
    }
    return run;
  }

  return {
    /**
     * Stores one batch (inside the caller's transaction). Adds the entries kept per run key to
     * `perRun`; an entry whose seq is not above its run's last is a replay and is skipped.
     * @param {PackedBatch} batch
     * @param {Map<number, number>} perRun
     */
    insert(batch, perRun) {
      if (!formatSaid) sayFormat();
      for (const name of batch.names) names.push(name);
      for (; stored < names.length; stored++) insertName.run(epoch, stored, names[stored]);
      // The text is UTF-8 already (lone surrogates made U+FFFD by the encoder), lengths in bytes.
      const {count, numbers, tags, keys, lengths, text} = batch;
      let piece = 0;
      let key = 0;
      let offset = 0;
      /** The open block: its first entry, piece, key and text offset, and what the directory needs. */
      let block;
      const close = () => {
        if (block === undefined) return;
        const {run, from, to, fromPiece, fromKey, fromText} = block;
        const n = to - from;
        insertBlock.run(run.key, block.firstSeq, block.lastSeq, n, block.minTs, block.maxTs, block.minReceived, block.maxReceived, epoch);
        insertSummary.run(run.key, block.firstSeq, block.levels, componentsText(Array.from(block.components, (index) => names[index])));
        insertData.run(
          run.key, block.firstSeq, bytes(numbers, from * NUMBER_STRIDE, n * NUMBER_STRIDE), bytes(tags, from * TAG_STRIDE, n * TAG_STRIDE),
          bytes(keys, fromKey, key - fromKey), bytes(lengths, fromPiece, piece - fromPiece), bytes(text, fromText, offset - fromText),
        );
        run.lastSeq = block.lastSeq;
        perRun.set(run.key, (perRun.get(run.key) ?? 0) + n);
        block = undefined;
      };
      for (let i = 0; i < count; i++) {
        const n = i * NUMBER_STRIDE;
        const seq = numbers[n];
        const ts = numbers[n + 1];
        const received = numbers[n + 2];
        const runName = names[tags[i * TAG_STRIDE]];
        if (block !== undefined && (block.runName !== runName || block.to - block.from >= BLOCK_ENTRIES)) close();
        const run = block?.run ?? runOf(runName, received);
        const replay = !(seq > (block?.lastSeq ?? run.lastSeq));
        if (replay) close();
        else if (!(Number.isSafeInteger(seq) && seq <= MAX_SEQ)) throw new Error(`seq ${seq} does not fit the history (0 … ${MAX_SEQ})`);
        else if (block === undefined) {
          block = {run, runName, from: i, to: i, fromPiece: piece, fromKey: key, fromText: offset, firstSeq: seq, lastSeq: seq,
            minTs: ts, maxTs: ts, minReceived: received, maxReceived: received, levels: 0, components: new Set(), lastComponent: -1};
        }
        // Walk past the entry's pieces and keys.
        const pieces = piecesOf(numbers, keys, i, key);
        key += keysOf(numbers, i);
        for (const end = piece + pieces; piece < end; piece++) offset += lengths[piece];
        if (replay) continue;
        block.to = i + 1;
        block.lastSeq = seq;
        if (ts < block.minTs) block.minTs = ts;
        if (ts > block.maxTs) block.maxTs = ts;
        if (received < block.minReceived) block.minReceived = received;
        if (received > block.maxReceived) block.maxReceived = received;
        const t = i * TAG_STRIDE;
        block.levels |= levelBitOf(tags[t + 4]);
        // Runs of one component are the rule: the set is touched when it changes.
        const component = tags[t + 1];
        if (component !== block.lastComponent) {
          block.components.add(component);
          block.lastComponent = component;
        }
      }
      close();
    },
    /** Runs were deleted: what is cached about them may be wrong. */
    forgetRuns() {
      runs.clear();
    },
    /** The transaction was rolled back: names and runs written in it are gone. */
    rolledBack() {
      runs.clear();
      stored = 0;
      formatSaid = false;
    },
  };
}

/**
 * The batches of one transaction in groups of about BLOCK_ENTRIES entries, each group to be
 * merged: blocks are cut from one batch, so small appends (many small pipe reads) would make
 * small blocks; a batch that fills a block alone is not copied (merging costs a copy of its
 * text, measured at ~14 % of the worker's time when every batch was merged).
 * @param {PackedBatch[]} batches
 * @returns {PackedBatch[][]}
 */
export function groupBatches(batches) {
  const groups = [];
  let group = [];
  let count = 0;
  for (const batch of batches) {
    if (group.length > 0 && count + batch.count > BLOCK_ENTRIES) {
      groups.push(group);
      group = [];
      count = 0;
    }
    group.push(batch);
    count += batch.count;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/**
 * Batches as one batch (one after the other). The name table is one per session, so
 * indexes mean the same in every batch.
 * @param {PackedBatch[]} batches
 * @returns {PackedBatch}
 */
export function mergeBatches(batches) {
  if (batches.length === 1) return /** @type {PackedBatch} */ (batches[0]);
  let count = 0;
  let keyCount = 0;
  let pieceCount = 0;
  for (const batch of batches) {
    count += batch.count;
    keyCount += batch.keys.length;
    pieceCount += batch.lengths.length;
  }
  const merged = {
    count,
    names: batches.flatMap((batch) => batch.names),
    numbers: new Float64Array(count * NUMBER_STRIDE),
    tags: new Uint32Array(count * TAG_STRIDE),
    keys: new Uint32Array(keyCount),
    lengths: new Uint32Array(pieceCount),
    text: Buffer.concat(batches.map((batch) => batch.text)),
  };
  let entry = 0;
  let key = 0;
  let piece = 0;
  for (const batch of batches) {
    merged.numbers.set(batch.numbers.subarray(0, batch.count * NUMBER_STRIDE), entry * NUMBER_STRIDE);
    merged.tags.set(batch.tags.subarray(0, batch.count * TAG_STRIDE), entry * TAG_STRIDE);
    merged.keys.set(batch.keys, key);
    merged.lengths.set(batch.lengths, piece);
    entry += batch.count;
    key += batch.keys.length;
    piece += batch.lengths.length;
  }
  return merged;
}

/** The bytes of `array[from .. from + length)`, without copying (SQLite copies them into the row). */
function bytes(/** @type {Float64Array | Uint32Array | Uint8Array} */ array, /** @type {number} */ from, /** @type {number} */ length) {
  return Buffer.from(array.buffer, array.byteOffset + from * array.BYTES_PER_ELEMENT, length * array.BYTES_PER_ELEMENT);
}
