/** Encoding half of the LogBatch codec (see `log-batch-codec.ts` for why it exists). */
import type {FastBuffer} from './fast-buffer.js';
import type {WireLogBatch, WireLogEntry, WireTimestamp} from './wire-types.js';

/** Thrown (and caught by the caller, who falls back) when a value is not what the wire type needs. */
class NotEncodable extends Error {}

/**
 * Encodes a batch, or returns `undefined` when an entry holds a value of an unexpected type
 * (the caller then uses the generic serializer, which reports or coerces it its own way).
 */
export function encodeLogBatch(batch: WireLogBatch): Buffer | undefined {
  const lengths: number[] = [];
  let total = 0;
  try {
    for (const entry of batch.entries) {
      const size = sizeEntry(entry, lengths);
      total += 1 + varintSize(size) + size;
    }
  } catch (error) {
    if (error instanceof NotEncodable) return undefined;
    throw error;
  }
  const out = Buffer.allocUnsafe(total) as FastBuffer;
  const w = {buf: out, pos: 0, next: 0, lengths};
  for (const entry of batch.entries) writeEntry(w, entry);
  if (w.pos !== total) throw new Error(`bug: LogBatch encoded to ${w.pos} bytes, sized ${total}`);
  return out;
}

const STRING_FIELDS = [
  [1, 'componentId'],
  [2, 'componentType'],
] as const;

function str(value: unknown): string {
  if (typeof value !== 'string') throw new NotEncodable();
  return value;
}

function uint(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new NotEncodable();
  return value;
}

/** Body size of one entry; pushes every string's byte length (and nested sizes) in write order. */
function sizeEntry(e: WireLogEntry, lengths: number[]): number {
  // The entry's own size goes first, where the writer needs it: its slot is filled at the end.
  const slot = lengths.length;
  lengths.push(0);
  let size = 0;
  const s = (value: unknown): void => {
    const n = Buffer.byteLength(str(value));
    lengths.push(n);
    if (n > 0) size += 1 + varintSize(n) + n;
  };
  for (const [, key] of STRING_FIELDS) s(e[key]);
  size += sizeTimestamp(e.timestamp, lengths);
  s(e.level);
  s(e.message);
  const fields = e.fields as unknown;
  if (fields === null || typeof fields !== 'object') throw new NotEncodable();
  for (const key of Object.keys(fields)) {
    const k = Buffer.byteLength(key);
    const v = Buffer.byteLength(str((fields as Record<string, unknown>)[key]));
    const pair = 1 + varintSize(k) + k + 1 + varintSize(v) + v;
    lengths.push(k, v, pair);
    size += 1 + varintSize(pair) + pair;
  }
  const seq = uint(e.seq);
  if (seq !== 0) size += 1 + varintSize(seq);
  s(e.stream);
  size += sizeTimestamp(e.receivedAt, lengths);
  s(e.runId);
  const restart = uint(e.restart);
  if (restart > 0xffffffff) throw new NotEncodable();
  if (restart !== 0) size += 1 + varintSize(restart);
  s(e.raw);
  if (typeof e.truncated !== 'boolean') throw new NotEncodable();
  if (e.truncated) size += 2;
  lengths[slot] = size;
  return size;
}

function sizeTimestamp(ts: WireTimestamp | null, lengths: number[]): number {
  if (ts === null || ts === undefined) return 0;
  if (!Number.isSafeInteger(ts.seconds) || !Number.isInteger(ts.nanos) || Math.abs(ts.nanos) > 0x7fffffff) throw new NotEncodable();
  const body = (ts.seconds === 0 ? 0 : 1 + signedVarintSize(ts.seconds)) + (ts.nanos === 0 ? 0 : 1 + signedVarintSize(ts.nanos));
  lengths.push(body);
  return 1 + varintSize(body) + body;
}

interface Writer {
  buf: FastBuffer;
  pos: number;
  /** Index of the next precomputed length in `lengths`. */
  next: number;
  lengths: number[];
}

function writeEntry(w: Writer, e: WireLogEntry): void {
  const size = w.lengths[w.next++]!;
  w.buf[w.pos++] = (1 << 3) | 2;
  writeVarint(w, size);
  for (const [field, key] of STRING_FIELDS) writeString(w, field, e[key]);
  writeTimestamp(w, 3, e.timestamp);
  writeString(w, 4, e.level);
  writeString(w, 5, e.message);
  for (const key of Object.keys(e.fields)) {
    const k = w.lengths[w.next++]!;
    const v = w.lengths[w.next++]!;
    const pair = w.lengths[w.next++]!;
    w.buf[w.pos++] = (6 << 3) | 2;
    writeVarint(w, pair);
    w.buf[w.pos++] = (1 << 3) | 2;
    writeVarint(w, k);
    w.pos += w.buf.utf8Write(key, w.pos, k);
    w.buf[w.pos++] = (2 << 3) | 2;
    writeVarint(w, v);
    w.pos += w.buf.utf8Write(e.fields[key]!, w.pos, v);
  }
  if (e.seq !== 0) {
    w.buf[w.pos++] = 7 << 3;
    writeVarint(w, e.seq);
  }
  writeString(w, 8, e.stream);
  writeTimestamp(w, 9, e.receivedAt);
  writeString(w, 10, e.runId);
  if (e.restart !== 0) {
    w.buf[w.pos++] = 11 << 3;
    writeVarint(w, e.restart);
  }
  writeString(w, 12, e.raw);
  if (e.truncated) {
    w.buf[w.pos++] = 13 << 3;
    w.buf[w.pos++] = 1;
  }
}

function writeString(w: Writer, field: number, value: string): void {
  const n = w.lengths[w.next++]!;
  if (n === 0) return;
  w.buf[w.pos++] = (field << 3) | 2;
  writeVarint(w, n);
  w.pos += w.buf.utf8Write(value, w.pos, n);
}

function writeTimestamp(w: Writer, field: number, ts: WireTimestamp | null): void {
  if (ts === null || ts === undefined) return;
  const body = w.lengths[w.next++]!;
  w.buf[w.pos++] = (field << 3) | 2;
  writeVarint(w, body);
  if (ts.seconds !== 0) {
    w.buf[w.pos++] = 1 << 3;
    writeSignedVarint(w, ts.seconds);
  }
  if (ts.nanos !== 0) {
    w.buf[w.pos++] = 2 << 3;
    writeSignedVarint(w, ts.nanos);
  }
}

function varintSize(value: number): number {
  let size = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

/** int32/int64 below zero are ten bytes (two's complement, sign-extended). */
function signedVarintSize(value: number): number {
  return value < 0 ? 10 : varintSize(value);
}

function writeVarint(w: Writer, value: number): void {
  while (value >= 128) {
    w.buf[w.pos++] = (value % 128) | 128;
    value = Math.floor(value / 128);
  }
  w.buf[w.pos++] = value;
}

function writeSignedVarint(w: Writer, value: number): void {
  if (value >= 0) return writeVarint(w, value);
  let big = BigInt.asUintN(64, BigInt(value));
  for (let i = 0; i < 9; i++) {
    w.buf[w.pos++] = Number(big & 127n) | 128;
    big >>= 7n;
  }
  w.buf[w.pos++] = Number(big);
}
