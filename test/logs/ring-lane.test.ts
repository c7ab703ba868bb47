/**
 * The ring packs entries older than its newest `youngEntries` into its lanes' columns
 * (ring-lane.ts): what it answers must not depend on it. Each test runs the same appends into a ring that packs
 * almost everything and one that packs nothing, and compares every answer.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {FilterSpec, LogFilter} from '../../src/logs/api.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {compileFilter} from '../../src/logs/filter.js';
import {PACK_ENTRIES, Ring, YOUNG_ENTRIES} from '../../src/logs/ring.js';
import {GIVE_UP_AUTO} from '../../src/logs/ring-lane.js';
import {entry} from './entries.js';
import {lineEntries} from './parse/helpers.js';

function filter(spec: FilterSpec): LogFilter {
  const result = compileFilter(spec);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A ring that packs all but its newest 3 to 5 entries, two at a time, and one that never packs. */
function pair(maxEntries: number, maxBytes?: number): {packed: Ring; plain: Ring; append(entries: LogEntry[]): void} {
  const bounds = maxBytes === undefined ? {maxEntries} : {maxEntries, maxBytes};
  const packed = new Ring({...bounds, youngEntries: 3, packEntries: 2});
  const plain = new Ring({...bounds, youngEntries: maxEntries});
  return {
    packed,
    plain,
    append: (entries) => {
      packed.append(entries);
      plain.append(entries);
    },
  };
}

/** Entries of every shape the log path makes. */
function varied(from: number, count: number): LogEntry[] {
  return Array.from({length: count}, (_, i) => {
    const seq = from + i;
    switch (seq % 8) {
      case 0:
        return entry({seq, componentId: 'ttp-processor', level: 'error', message: 'stream failed', raw: `{"level":"error","msg":"stream failed","n":${seq}}`, fields: {error: 'rpc error: EOF', stacktrace: 'main.go:12\n\tserver.go:223', n: String(seq)}});
      case 1:
        return entry({seq, componentId: 'consumer', stream: 'stderr', componentType: 'sink', raw: `Error: boom ${seq}\n    at main (app.js:3:9)`, level: 'unknown', restart: 2});
      case 2:
        return entry({seq, componentId: 'source', raw: `ledger ✓ 日本語 😀 é ${seq}`, fields: {['__proto__']: 'kept', 'key with space': '"quoted"'}, truncated: true});
      case 3:
        return entry({seq, componentId: '', componentType: '', stream: 'control', level: 'warn', raw: `restarting in 2 s, attempt ${seq}`, fields: {flowctl: 'lifecycle'}});
      case 4:
        return entry({seq, componentId: 'source', level: 'debug', raw: `\u001b[32mgreen ${seq}\u001b[0m`, timestamp: 1_700_000_000_000 + seq * 1000});
      case 6:
        // One line parsed on its own: packed as its raw alone, parsed back when read.
        return parsedLine(seq, `{"level":"warn","ts":1764782500.${seq},"msg":"slow 日本語","n":"${seq}","peer":"10.0.0.${seq % 5}"}`);
      case 7:
        return parsedLine(seq, `\u001b[2mlevel=info\u001b[0m msg="boom ${seq}" n=${seq}`);
      default:
        return entry({seq, componentId: 'ttp-processor', raw: '', message: '', fields: {}});
    }
  });
}

/** An entry as the builder makes it from one line (marked as parsed on its own), given `seq`. */
function parsedLine(seq: number, text: string, componentId = 'source', runId = 'run-1'): LogEntry {
  const [made] = lineEntries('auto', [text], runId);
  return Object.assign(made as LogEntry, {seq, componentId});
}

const FILTERS: FilterSpec[] = [
  {},
  {minLevel: 'warn'},
  {levels: ['unknown', 'debug']},
  {components: ['source']},
  {include: ['日本語|boom']},
  {exclude: ['green']},
  {fields: {n: '42'}},
  {fields: {n: '590', peer: '10.0.0.0'}},
  {fields: {['__proto__']: 'kept'}},
  {minLevel: 'info', tail: 7},
];

describe('Ring packing', () => {
  it('gives back every packed entry exactly as appended', () => {
    const rings = pair(1000);
    const entries = varied(1, 120);
    rings.append(entries);
    expect(rings.packed.query(undefined)).toEqual(entries);
    // Asked again (a second decode of the same segment), still the same.
    expect(rings.packed.query(undefined, {afterSeq: 10, limit: 20})).toEqual(entries.slice(10, 30));
  });

  it('answers every filter and range as a ring that does not pack', () => {
    const rings = pair(200);
    for (let from = 1; from <= 600; from += 37) rings.append(varied(from, 37));
    expect(rings.plain.query(filter({fields: {n: '590', peer: '10.0.0.0'}})).map((e) => e.seq)).toEqual([590]);
    for (const spec of FILTERS) {
      const f = filter(spec);
      for (const range of [{}, {limit: 5}, {afterSeq: 450, limit: 9}, {beforeSeq: 500, limit: 11}, {afterSeq: 420, beforeSeq: 560}]) {
        expect(rings.packed.query(f, range)).toEqual(rings.plain.query(f, range));
      }
    }
    for (const range of [{}, {limit: 5}, {beforeSeq: 500}, {beforeSeq: 480, limit: 30}]) {
      expect(rings.packed.seqs(range)).toEqual(rings.plain.query(undefined, range).map((e) => e.seq));
    }
    expect([rings.packed.size, rings.packed.evicted, rings.packed.bytes, rings.packed.oldestSeq, rings.packed.newestSeq]).toEqual([
      rings.plain.size,
      rings.plain.evicted,
      rings.plain.bytes,
      rings.plain.oldestSeq,
      rings.plain.newestSeq,
    ]);
  });

  it('evicts packed entries exactly as unpacked ones, whatever the bounds and components (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({min: 1, max: 40}),
        fc.option(fc.integer({min: 20, max: 400}), {nil: undefined}),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({min: 1, max: 8}), fc.constantFrom('run-1', 'run-2'), fc.boolean()), {maxLength: 80}),
        (max, maxBytes, batches) => {
          const rings = pair(max, maxBytes);
          let seq = 1;
          for (const [componentId, size, runId, asLines] of batches) {
            rings.append(
              Array.from({length: size}, () => {
                const raw = `${componentId} ${seq} ${'x'.repeat(seq % 7)}`;
                return asLines ? parsedLine(seq++, raw, componentId, runId) : entry({seq: seq++, componentId, runId, raw});
              }),
            );
          }
          expect(rings.packed.query(undefined)).toEqual(rings.plain.query(undefined));
          expect(rings.packed.query(filter({components: ['b']}), {limit: 3})).toEqual(rings.plain.query(filter({components: ['b']}), {limit: 3}));
          expect(rings.packed.query(filter({runId: 'run-2'}))).toEqual(rings.plain.query(filter({runId: 'run-2'})));
          expect(rings.packed.evicted).toBe(rings.plain.evicted);
          expect(rings.packed.oldestSeq).toBe(rings.plain.oldestSeq);
        },
      ),
    );
  });

  it('wraps, grows and shrinks a lane as bursts of long and short lines come and go, answering as before', () => {
    const rings = pair(60, 40_000);
    let seq = 1;
    // Line lengths in bursts: short, very long (grows the text), short again (shrinks it), multi-byte.
    const lengths = [20, 3000, 5, 9000, 40, 1, 700];
    for (let round = 0; round < 40; round++) {
      const length = lengths[round % lengths.length] as number;
      const componentId = round % 3 === 0 ? 'quiet' : 'busy';
      const batch = Array.from({length: 1 + ((round * 7) % 23)}, () => parsedLine(seq, `${seq++} ${'é日x'.repeat(length / 3 + 1).slice(0, length)}`, componentId));
      rings.append(batch);
      expect(rings.packed.query(undefined)).toEqual(rings.plain.query(undefined));
      expect(rings.packed.bytes).toBe(rings.plain.bytes);
    }
    expect(rings.packed.query(filter({include: ['^1\\d\\d ']})).map((e) => e.seq)).toEqual(rings.plain.query(filter({include: ['^1\\d\\d ']})).map((e) => e.seq));
  });

  it('keeps the run of every packed entry when one ring holds two runs', () => {
    const rings = pair(100);
    rings.append([entry({seq: 1, runId: 'old'}), entry({seq: 2, runId: 'old'}), entry({seq: 3, runId: 'new'}), ...varied(4, 10)]);
    expect(rings.packed.query(undefined).map((e) => e.runId)).toEqual(rings.plain.query(undefined).map((e) => e.runId));
    expect(rings.packed.query(filter({runId: 'old'})).map((e) => e.seq)).toEqual([1, 2]);
  });

  it("packs an unmarked entry (attach's, from the wire) when `auto` parses its raw back to it, and keeps any other as is", () => {
    const ring = new Ring({maxEntries: 100, youngEntries: 1, packEntries: 1});
    const [line] = lineEntries('auto', ['{"level":"warn","ts":1764782500.5,"msg":"slow","peer":"10.0.0.1"}'], 'run-1');
    // What a wire decoder builds: a plain object with the same properties.
    const fromWire = {...(line as LogEntry), seq: 1};
    const edited = {...fromWire, seq: 2, message: 'not what the raw says'};
    ring.append([fromWire, edited, entry({seq: 3}), entry({seq: 4})]);
    const [first, second] = ring.query(undefined, {afterSeq: 0, limit: 2});
    expect(first).not.toBe(fromWire);
    expect(first).toEqual(fromWire);
    expect(second).toBe(edited);
  });

  it('stops trying `auto` on a lane after GIVE_UP_AUTO unmarked entries in a row did not parse back', () => {
    const ring = new Ring({maxEntries: 1000, youngEntries: 1, packEntries: 1});
    const [line] = lineEntries('auto', ['{"level":"info","msg":"fits","n":"1"}'], 'run-1');
    const pushed = (seq: number, message: string) => ({...(line as LogEntry), seq, message});
    const early = Array.from({length: GIVE_UP_AUTO - 1}, (_, i) => pushed(i + 1, `own message ${i}`));
    const fitsEarly = pushed(GIVE_UP_AUTO, 'fits');
    const misses = Array.from({length: GIVE_UP_AUTO}, (_, i) => pushed(GIVE_UP_AUTO + 1 + i, `own message ${i}`));
    const fitsLate = pushed(2 * GIVE_UP_AUTO + 1, 'fits');
    ring.append([...early, fitsEarly, ...misses, fitsLate, entry({seq: 1000}), entry({seq: 1001})]);
    const all = ring.query(undefined);
    // After fewer misses than the limit, a fitting entry is still packed (a new object)…
    expect(all[GIVE_UP_AUTO - 1]).not.toBe(fitsEarly);
    expect(all[GIVE_UP_AUTO - 1]).toEqual(fitsEarly);
    // … after the limit in a row, the lane no longer tries: it stays the object it is.
    expect(all[2 * GIVE_UP_AUTO]).toBe(fitsLate);
  });

  it('stores a lone UTF-16 surrogate of a packed line as U+FFFD, as the history store does', () => {
    const rings = pair(100);
    rings.append([parsedLine(1, 'half \ud83d pair'), ...varied(2, 10)]);
    const [packed] = rings.packed.query(undefined, {limit: 1, beforeSeq: 2});
    expect([packed?.raw, packed?.message]).toEqual(['half \ufffd pair', 'half \ufffd pair']);
  });

  it('packs only past its young entries by default: the newest stay the very objects appended', () => {
    const ring = new Ring({maxEntries: YOUNG_ENTRIES * 2});
    const entries = varied(1, YOUNG_ENTRIES + PACK_ENTRIES + 1);
    ring.append(entries);
    const newest = ring.query(undefined, {limit: YOUNG_ENTRIES});
    expect(newest.every((e, i) => e === entries[entries.length - YOUNG_ENTRIES + i])).toBe(true);
    const oldest = ring.query(undefined, {afterSeq: 0, limit: 10});
    // Seq 6 is a line parsed on its own: packed, decoded anew. Seq 1 is not (a multi-line
    // stack): it stays the object it is.
    expect(oldest[5]).not.toBe(entries[5]);
    expect(oldest[0]).toBe(entries[0]);
    expect(oldest).toEqual(entries.slice(0, 10));
  });
});
