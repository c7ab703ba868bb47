// What a block holds, in the `block_summary` row the directory query tests (see schema.js):
// the levels present as a bitmask and the component ids present as one delimited text.
// Written by the writer worker (`block-writer.js`), kept by retention, read as SQL terms by
// `directory-filter.ts`. Plain JavaScript, as `writer-worker.js`.
//
// A summary may claim more than the block holds (a block retention trimmed keeps its old
// one), never less: a query prunes a block only when its summary rules every entry out.

/** Bit i of `levels` is set when the block holds an entry of level SUMMARY_LEVELS[i]. */
export const SUMMARY_LEVELS = /** @type {const} */ (['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown']);
/** Set for a level none of SUMMARY_LEVELS (a bug or a newer producer): every query keeps such a block. */
export const OTHER_LEVEL_BIT = 1 << SUMMARY_LEVELS.length;

/** The level's bit in `levels`. */
export function levelBit(/** @type {string} */ level) {
  const index = /** @type {readonly string[]} */ (SUMMARY_LEVELS).indexOf(level);
  return index < 0 ? OTHER_LEVEL_BIT : 1 << index;
}

/**
 * Separates the ids in `components`: `␟a␟b␟`, so `instr(components, '␟' || id || '␟')` finds
 * exactly a whole id. Config ids cannot hold it (`^[A-Za-z0-9][A-Za-z0-9._-]*$`), but ids
 * pushed over the control plane may be any text: a block holding such an id has no
 * components text (NULL: not known, never pruned by component).
 */
export const COMPONENT_SEPARATOR = '\u001f';
/** A components text past this many UTF-16 units is not stored (NULL): the directory stays small, and a block this mixed prunes little. */
export const MAX_COMPONENTS_TEXT = 2048;

/**
 * The `components` value of a block holding these ids (distinct), or null when it cannot be
 * told exactly (an id holds the separator or a NUL, which SQLite's instr may stop at; or too long).
 * @param {Iterable<string>} ids
 */
export function componentsText(ids) {
  let text = COMPONENT_SEPARATOR;
  for (const id of ids) {
    if (id.includes(COMPONENT_SEPARATOR) || id.includes('\u0000')) return null;
    text += id + COMPONENT_SEPARATOR;
    if (text.length > MAX_COMPONENTS_TEXT) return null;
  }
  return text;
}

/** What `instr` looks for in `components` to find `id`. */
export function componentNeedle(/** @type {string} */ id) {
  return COMPONENT_SEPARATOR + id + COMPONENT_SEPARATOR;
}
