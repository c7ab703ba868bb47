/**
 * Proves what reached an output: every generator line carries `@<component>:<seq>@` early and
 * `$<seq>$` last (bench/gen/gen.c). A line is *intact* when it holds exactly one of each, for
 * the same seq, of the component its prefix (or file) names. A line with only part of that
 * (a head without its end, a tail without its start, two lines glued together) is *torn*.
 * Lines with no marker at all are the aggregator's own notes and are ignored. Per component:
 * `lost` = sequence numbers never seen intact, `reordered` = intact lines whose seq is not
 * greater than the previous one of that component, `duplicated` = seen twice.
 */
import {closeSync, existsSync, openSync, readSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import Database from 'better-sqlite3';

const START = /@([A-Za-z0-9_-]+):(\d+)@/g;
const END = /\$(\d+)\$/g;

/** @typedef {{lines: number, intact: number, torn: number, other: number, lost: number, reordered: number, duplicated: number, tornExamples: string[]}} Verdict */

class Tally {
  /** @param {Map<string, number>} expected component → line count */
  constructor(expected) {
    /** @type {Map<string, {seen: Uint8Array, last: number}>} */
    this.components = new Map([...expected].map(([id, count]) => [id, {seen: new Uint8Array(count + 1), last: 0}]));
    this.expected = expected;
    this.lines = 0;
    this.intact = 0;
    this.torn = 0;
    this.other = 0;
    this.reordered = 0;
    this.duplicated = 0;
    /** @type {string[]} */
    this.tornExamples = [];
  }

  /** @param {string} component owner named by the prefix or file @param {string} body */
  line(component, body) {
    this.lines++;
    const starts = [...body.matchAll(START)];
    const ends = [...body.matchAll(END)];
    if (starts.length === 0 && ends.length === 0) {
      this.other++;
      return;
    }
    const start = starts[0];
    const end = ends[ends.length - 1];
    const state = this.components.get(component);
    if (starts.length !== 1 || ends.length < 1 || start === undefined || end === undefined || start[1] !== component || start[2] !== end[1] || state === undefined) {
      this.#tear(component, body);
      return;
    }
    const seq = Number(start[2]);
    if (seq < 1 || seq >= state.seen.length) {
      this.#tear(component, body);
      return;
    }
    this.intact++;
    if (state.seen[seq] === 1) this.duplicated++;
    state.seen[seq] = 1;
    if (seq <= state.last) this.reordered++;
    state.last = seq;
  }

  #tear(component, body) {
    this.torn++;
    if (this.tornExamples.length < 3) this.tornExamples.push(`${component} | ${body.slice(0, 160)}`);
  }

  /** @returns {Verdict} */
  verdict() {
    let lost = 0;
    for (const [id, count] of this.expected) {
      const seen = this.components.get(id)?.seen;
      if (seen === undefined) continue;
      let have = 0;
      for (let i = 1; i <= count; i++) have += seen[i] ?? 0;
      lost += count - have;
    }
    const {lines, intact, torn, other, reordered, duplicated, tornExamples} = this;
    return {lines, intact, torn, other, lost, reordered, duplicated, tornExamples};
  }
}

/** Calls `onLine` for every line of a file (latin1: markers are ASCII, speed matters). */
function eachLine(/** @type {string} */ path, /** @type {(line: string) => void} */ onLine) {
  const fd = openSync(path, 'r');
  const chunk = Buffer.allocUnsafe(8 << 20);
  let carry = '';
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const text = carry + chunk.toString('latin1', 0, n);
      let from = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
        onLine(text.slice(from, nl));
        from = nl + 1;
      }
      carry = text.slice(from);
    }
    if (carry !== '') onLine(carry);
  } finally {
    closeSync(fd);
  }
}

/**
 * An aggregate stream: `name | line` (sed, concurrently with `-p "{name} |"`, flowctl's
 * padded prefix). Colour must be off.
 * @param {string} path @param {Map<string, number>} expected @returns {Verdict}
 */
export function verifyAggregate(path, expected) {
  const tally = new Tally(expected);
  eachLine(path, (line) => {
    const bar = line.indexOf(' | ');
    if (bar === -1) {
      tally.line('', line);
      return;
    }
    tally.line(line.slice(0, bar).trim(), line.slice(bar + 3));
  });
  return tally.verdict();
}

/**
 * `logs/<id>.log` and its rotations (`<id>.log.N`, oldest = highest N, read first).
 * @param {string} dir @param {Map<string, number>} expected @returns {Verdict}
 */
export function verifyLogFiles(dir, expected) {
  const tally = new Tally(expected);
  const names = existsSync(dir) ? readdirSync(dir) : [];
  for (const id of expected.keys()) {
    const rotated = names
      .map((name) => ({name, n: name.startsWith(`${id}.log.`) ? Number(name.slice(id.length + 5)) : NaN}))
      .filter((r) => Number.isInteger(r.n))
      .sort((a, b) => b.n - a.n)
      .map((r) => r.name);
    for (const name of [...rotated, ...(names.includes(`${id}.log`) ? [`${id}.log`] : [])]) {
      eachLine(join(dir, name), (line) => tally.line(id, line));
    }
  }
  return tally.verdict();
}

/**
 * node-ceiling-io's history (bench/ceiling/store-worker.mjs): rows of `blocks(component,
 * first_seq, count, lines)`, each `lines` a run of newline-terminated lines, in rowid order.
 * @param {string} path @param {Map<string, number>} expected @returns {Verdict}
 */
export function verifyBlocks(path, expected) {
  const tally = new Tally(expected);
  if (!existsSync(path)) return tally.verdict();
  const db = new Database(path, {readonly: true});
  try {
    for (const row of db.prepare('SELECT component, lines FROM blocks ORDER BY rowid').iterate()) {
      const {component, lines} = /** @type {{component: string, lines: Buffer}} */ (row);
      const text = lines.toString('latin1');
      let from = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
        tally.line(component, text.slice(from, nl));
        from = nl + 1;
      }
      if (from < text.length) tally.line(component, text.slice(from));
    }
  } finally {
    db.close();
  }
  return tally.verdict();
}

/** Sums verdicts (files and console of one run, say). */
export function worst(/** @type {Verdict[]} */ ...verdicts) {
  return {
    lost: Math.max(...verdicts.map((v) => v.lost)),
    torn: verdicts.reduce((sum, v) => sum + v.torn, 0),
    reordered: verdicts.reduce((sum, v) => sum + v.reordered, 0),
  };
}
