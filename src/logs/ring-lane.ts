/**
 * One component's entries in the ring, oldest first: a FIFO (the ring evicts from a lane's
 * head) kept in columns of typed arrays that are reused, not allocated per entry.
 *
 * Why columns: under a flood the ring's 10 000 entries (the design's `buffer_size`) outlive
 * two of V8's young-generation collections, so every entry kept as an object (with its
 * strings, its fields, and a bookkeeping object of its own) was promoted to the old
 * generation, to die there soon after, evicted. Measured on workload A (1 M lines): the
 * ring, as objects plus packed segments, cost 23 % of `up`'s wall time and 33 MB of its
 * peak RSS (ring on vs appends dropped, alternating).
 *
 * So only the newest entries stay objects (`pack` is told which); an older entry that is one
 * line parsed on its own (`parse/line-entry.ts`) keeps only its numbers, a few small codes
 * and its raw line as UTF-8 in a circular byte buffer; its message and fields are parsed
 * back from the raw when a query wants them. An entry that came unmarked (over the wire, to
 * `attach`) is packed so too when `auto` parses its raw back to exactly it. Anything else (a
 * joined multi-line event, a lifecycle note) is rare and stays the object it is. A filter reads a
 * packed entry through a probe that decodes only what it tests, so a level or component
 * scan never makes a string. What UTF-8 cannot hold as is, a lone UTF-16 surrogate,
 * becomes U+FFFD, as in the history store.
 */
import type {LogFormat} from '../config/model.js';
import {LEVELS, type ComponentType, type Level, type LogEntry} from './entry.js';
import {EntryProbe, type PackedEntryReader} from './entry-probe.js';
import {LineEntry, parsesBackAsAuto, reparse} from './parse/line-entry.js';
import {REPARSE_FORMATS} from './store/block-pack.js';
import {writeUtf8} from './store/batch-encoder.js';

const LEVEL_CODES: readonly Level[] = [...LEVELS, 'unknown'];
const STREAM_CODES: readonly ('stdout' | 'stderr')[] = ['stdout', 'stderr'];
const TYPE_CODES: readonly ComponentType[] = ['source', 'processor', 'sink', 'pipeline', ''];

// A packed entry's codes, in one 32-bit word: level, stream, truncated, componentType, and
// its REPARSE_FORMATS index + 1 (0: the slot holds an object, not a packed entry).
const STREAM_SHIFT = 3;
const TRUNCATED_BIT = 1 << 5;
const TYPE_SHIFT = 6;
const FORMAT_SHIFT = 9;

const MIN_SLOTS = 64;
const MIN_TEXT_BYTES = 16 * 1024;
/** Unmarked entries in a row that did not parse back, after which a lane stops trying (`#asAuto`). */
export const GIVE_UP_AUTO = 32;
/** A lane's text before its first packed entry and after its last is evicted. */
const NO_TEXT = Buffer.alloc(0);

export class RingLane implements PackedEntryReader {
  /** Absolute index of the oldest entry; `#end` is one past the newest. */
  #head = 0;
  #end = 0;
  /** Entries below this index were offered to `pack` (packed, or kept as objects for good). */
  #packedTo = 0;
  /** Sum of the entries' weights (the ring's size bound: raw + message length). */
  weight = 0;

  #mask = MIN_SLOTS - 1;
  #seq = new Float64Array(MIN_SLOTS);
  #weights = new Uint32Array(MIN_SLOTS);
  #objects: (LogEntry | undefined)[] = new Array<LogEntry | undefined>(MIN_SLOTS).fill(undefined);
  #timestamp = new Float64Array(MIN_SLOTS);
  #receivedAt = new Float64Array(MIN_SLOTS);
  #restart = new Float64Array(MIN_SLOTS);
  #codes = new Uint32Array(MIN_SLOTS);
  #run = new Uint32Array(MIN_SLOTS);
  #textStart = new Uint32Array(MIN_SLOTS);
  #textLength = new Uint32Array(MIN_SLOTS);
  /** Bytes an entry holds in `#text`: its own and any padding skipped before it at the wrap. */
  #textSpan = new Uint32Array(MIN_SLOTS);

  /** Circular: bytes in use (`#textUsed`, padding included) end at `#textWrite`. */
  #text = NO_TEXT;
  #textWrite = 0;
  #textUsed = 0;
  readonly #runIds: string[] = [];

  constructor(readonly componentId: string) {}

  get count(): number {
    return this.#end - this.#head;
  }

  /** Absolute index of the oldest entry; entries are `head ≤ i < end`. */
  get head(): number {
    return this.#head;
  }

  get end(): number {
    return this.#end;
  }

  /** Entries not offered to `pack` yet. */
  get young(): number {
    return this.#end - this.#packedTo;
  }

  seqAt(i: number): number {
    return this.#seq[i & this.#mask] as number;
  }

  /** First index in [head, end) whose seq is > `seq` (`orEqual`: ≥). */
  firstAbove(seq: number, orEqual: boolean): number {
    let lo = this.#head;
    let hi = this.#end;
    while (lo < hi) {
      const mid = lo + Math.floor((hi - lo) / 2);
      const at = this.seqAt(mid);
      if (at > seq || (orEqual && at === seq)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  push(entry: LogEntry, weight: number): void {
    if (this.count > this.#mask) this.#resizeSlots((this.#mask + 1) * 2);
    const s = this.#end & this.#mask;
    this.#seq[s] = entry.seq;
    this.#weights[s] = weight;
    this.#objects[s] = entry;
    this.#codes[s] = 0;
    this.#end++;
    this.weight += weight;
  }

  /** Entries evicted from this lane so far. */
  shifted = 0;

  /** Removes the oldest entry; returns its weight. */
  shift(): number {
    if (this.#head === this.#end) throw new Error('Internal error: evicting from an empty ring lane');
    this.shifted++;
    const s = this.#head & this.#mask;
    const weight = this.#weights[s] as number;
    if ((this.#codes[s] as number) >>> FORMAT_SHIFT !== 0) this.#textUsed -= this.#textSpan[s] as number;
    this.#objects[s] = undefined;
    this.#head++;
    if (this.#packedTo < this.#head) this.#packedTo = this.#head;
    this.weight -= weight;
    if (this.#head === this.#end) {
      // Nothing left to read it: a lane that went quiet holds no buffer.
      this.#text = NO_TEXT;
      this.#textUsed = 0;
      this.#textWrite = 0;
    }
    // Give back what a burst grew, once the lane holds far less (a quiet component after a flood).
    if (this.#mask + 1 > MIN_SLOTS && this.count * 8 < this.#mask + 1) this.#resizeSlots((this.#mask + 1) / 2);
    if (this.#text.length > MIN_TEXT_BYTES && this.#textUsed * 8 < this.#text.length) this.#repackText(this.#textUsed * 2);
    return weight;
  }

  /** Packs the entries not offered yet whose seq is ≤ `upToSeq`, oldest first. */
  pack(upToSeq: number): void {
    // `#packedTo` moves with each entry: a text buffer repacked meanwhile copies those before it.
    while (this.#packedTo < this.#end && this.seqAt(this.#packedTo) <= upToSeq) this.#packOne(this.#packedTo++);
  }

  /** Entry `i`: the very object appended while it is one, else a new object decoded from the columns. */
  entryAt(i: number): LogEntry {
    return this.#objects[i & this.#mask] ?? this.#decode(i);
  }

  /** What a filter tests of entry `i`: the entry, or a probe (reused) that decodes only what is read. */
  viewAt(i: number): LogEntry {
    return this.#objects[i & this.#mask] ?? this.#probe.at(i);
  }

  readonly #probe = new EntryProbe(this);

  #packOne(i: number): void {
    const s = i & this.#mask;
    const entry = this.#objects[s];
    if (entry === undefined) return;
    const format = LineEntry.parsedWith(entry) ?? this.#asAuto(entry);
    if (format === undefined) return;
    const formatIndex = REPARSE_FORMATS.indexOf(format);
    const level = LEVEL_CODES.indexOf(entry.level);
    const stream = STREAM_CODES.indexOf(entry.stream as 'stdout' | 'stderr');
    const type = TYPE_CODES.indexOf(entry.componentType);
    if (formatIndex < 0 || level < 0 || stream < 0 || type < 0) return;
    this.#writeText(s, entry.raw);
    this.#timestamp[s] = entry.timestamp;
    this.#receivedAt[s] = entry.receivedAt;
    this.#restart[s] = entry.restart;
    this.#run[s] = this.#runIndex(entry.runId);
    this.#codes[s] = level | (stream << STREAM_SHIFT) | (entry.truncated ? TRUNCATED_BIT : 0) | (type << TYPE_SHIFT) | ((formatIndex + 1) << FORMAT_SHIFT);
    this.#objects[s] = undefined;
  }

  /**
   * Unmarked entries of this lane that in a row did not parse back as `auto`. Past
   * `GIVE_UP_AUTO` the lane stops trying (a remote component that pushes its own message and
   * fields would pay a parse per entry for nothing); one that does parse back resets it.
   */
  #autoMisses = 0;

  #asAuto(entry: LogEntry): LogFormat | undefined {
    if (this.#autoMisses >= GIVE_UP_AUTO) return undefined;
    if (parsesBackAsAuto(entry)) {
      this.#autoMisses = 0;
      return 'auto';
    }
    this.#autoMisses++;
    return undefined;
  }

  #runIndex(runId: string): number {
    const last = this.#runIds.length - 1;
    if (this.#runIds[last] === runId) return last;
    const index = this.#runIds.indexOf(runId);
    if (index >= 0) return index;
    this.#runIds.push(runId);
    return last + 1;
  }

  /** Writes `raw` as UTF-8 after the bytes in use, contiguous (skipping the end of the buffer if it does not fit there). */
  #writeText(s: number, raw: string): void {
    // At most 3 bytes per UTF-16 unit (a surrogate pair is 4 bytes for 2 units).
    const most = raw.length * 3;
    if (this.#textUsed + most > this.#text.length) this.#repackText(Math.max(this.#textUsed + most, this.#text.length) * 2);
    let at = this.#textWrite;
    let padding = 0;
    if (at + most > this.#text.length) {
      padding = this.#text.length - at;
      at = 0;
      if (this.#textUsed + padding + most > this.#text.length) {
        this.#repackText(this.#text.length * 2);
        at = this.#textWrite;
        padding = 0;
      }
    }
    const written = writeUtf8(this.#text, raw, at);
    this.#textStart[s] = at;
    this.#textLength[s] = written;
    this.#textSpan[s] = padding + written;
    this.#textWrite = at + written;
    this.#textUsed += padding + written;
  }

  /** Copies the packed entries' text, oldest first, to the start of a buffer of `size` bytes (at least the minimum). */
  #repackText(size: number): void {
    const text = Buffer.allocUnsafeSlow(Math.max(MIN_TEXT_BYTES, size));
    let at = 0;
    for (let i = this.#head; i < this.#packedTo; i++) {
      const s = i & this.#mask;
      if ((this.#codes[s] as number) >>> FORMAT_SHIFT === 0) continue;
      const start = this.#textStart[s] as number;
      const length = this.#textLength[s] as number;
      this.#text.copy(text, at, start, start + length);
      this.#textStart[s] = at;
      this.#textSpan[s] = length;
      at += length;
    }
    this.#text = text;
    this.#textWrite = at;
    this.#textUsed = at;
  }

  #resizeSlots(size: number): void {
    const mask = size - 1;
    const move = <T extends Float64Array | Uint32Array>(from: T, to: T): T => {
      for (let i = this.#head; i < this.#end; i++) to[i & mask] = from[i & this.#mask] as number;
      return to;
    };
    this.#seq = move(this.#seq, new Float64Array(size));
    this.#weights = move(this.#weights, new Uint32Array(size));
    this.#timestamp = move(this.#timestamp, new Float64Array(size));
    this.#receivedAt = move(this.#receivedAt, new Float64Array(size));
    this.#restart = move(this.#restart, new Float64Array(size));
    this.#codes = move(this.#codes, new Uint32Array(size));
    this.#run = move(this.#run, new Uint32Array(size));
    this.#textStart = move(this.#textStart, new Uint32Array(size));
    this.#textLength = move(this.#textLength, new Uint32Array(size));
    this.#textSpan = move(this.#textSpan, new Uint32Array(size));
    const objects = new Array<LogEntry | undefined>(size).fill(undefined);
    for (let i = this.#head; i < this.#end; i++) objects[i & mask] = this.#objects[i & this.#mask];
    this.#objects = objects;
    this.#mask = mask;
  }

  // What a probe reads of a packed entry `i`.

  componentIdAt(): string {
    return this.componentId;
  }

  levelAt(i: number): Level {
    return LEVEL_CODES[(this.#codes[i & this.#mask] as number) & 7] ?? 'unknown';
  }

  timestampAt(i: number): number {
    return this.#timestamp[i & this.#mask] as number;
  }

  runIdAt(i: number): string {
    return this.#runIds[this.#run[i & this.#mask] as number] ?? '';
  }

  rawAt(i: number): string {
    const s = i & this.#mask;
    const start = this.#textStart[s] as number;
    return this.#text.toString('utf8', start, start + (this.#textLength[s] as number));
  }

  messageAt(i: number): string {
    return this.#reparsed(i).message;
  }

  fieldsAt(i: number): Record<string, string> {
    const {fields} = this.#reparsed(i);
    // Handed over, not shared: the next caller gets an object of its own.
    this.#reparsedIndex = -1;
    return fields;
  }

  /** The last entry parsed back: a filter reads message and fields of the same entry in turn. */
  #reparsedIndex = -1;
  #reparsedLine: {message: string; fields: Record<string, string>} = {message: '', fields: {}};

  #reparsed(i: number, raw?: string): {message: string; fields: Record<string, string>} {
    if (this.#reparsedIndex !== i) {
      this.#reparsedLine = reparse(raw ?? this.rawAt(i), this.#formatAt(i));
      this.#reparsedIndex = i;
    }
    return this.#reparsedLine;
  }

  #formatAt(i: number): LogFormat {
    return (REPARSE_FORMATS[((this.#codes[i & this.#mask] as number) >>> FORMAT_SHIFT) - 1] ?? 'auto') as LogFormat;
  }

  #decode(i: number): LogEntry {
    const s = i & this.#mask;
    const codes = this.#codes[s] as number;
    const raw = this.rawAt(i);
    const {message} = this.#reparsed(i, raw);
    const entry = new LineEntry(
      this.componentId,
      TYPE_CODES[(codes >>> TYPE_SHIFT) & 7] ?? '',
      STREAM_CODES[(codes >>> STREAM_SHIFT) & 3] ?? 'stdout',
      this.#timestamp[s] as number,
      this.#receivedAt[s] as number,
      LEVEL_CODES[codes & 7] ?? 'unknown',
      message,
      this.fieldsAt(i),
      raw,
      this.#restart[s] as number,
      (codes & TRUNCATED_BIT) !== 0,
      this.#formatAt(i),
    );
    entry.seq = this.#seq[s] as number;
    entry.runId = this.runIdAt(i);
    return entry as unknown as LogEntry;
  }
}
