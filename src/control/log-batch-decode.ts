/** Decoding half of the LogBatch codec (see `log-batch-codec.ts` for why it exists). */
import type {FastBuffer} from './fast-buffer.js';
import type {WireLogBatch, WireLogEntry, WireTimestamp} from './wire-types.js';

/** Thrown for bytes that are not a LogBatch; proto-loader's deserializer throws too. */
export class LogBatchDecodeError extends Error {}

/** Decodes a LogBatch into what proto-loader's deserializer returns with `LOADER_OPTIONS`. */
export function decodeLogBatch(bytes: Buffer): WireLogBatch {
  const r: Reader = {buf: bytes as FastBuffer, pos: 0};
  const entries: WireLogEntry[] = [];
  const end = bytes.length;
  while (r.pos < end) {
    const tag = readVarint(r);
    if (tag === ((1 << 3) | 2)) {
      const len = readVarint(r);
      entries.push(readEntry(r, r.pos + len));
    } else {
      skip(r, tag);
    }
  }
  if (r.pos !== end) throw new LogBatchDecodeError('index out of range');
  return {entries};
}

interface Reader {
  buf: FastBuffer;
  pos: number;
}

function readEntry(r: Reader, end: number): WireLogEntry {
  if (end > r.buf.length) throw new LogBatchDecodeError('index out of range');
  const e: WireLogEntry = {
    fields: {},
    componentId: '',
    componentType: '',
    timestamp: null,
    level: '',
    message: '',
    seq: 0,
    stream: '',
    receivedAt: null,
    runId: '',
    restart: 0,
    raw: '',
    truncated: false,
  };
  while (r.pos < end) {
    const tag = readVarint(r);
    switch (tag) {
      case (1 << 3) | 2:
        e.componentId = readString(r);
        break;
      case (2 << 3) | 2:
        e.componentType = readString(r);
        break;
      case (3 << 3) | 2:
        e.timestamp = readTimestamp(r);
        break;
      case (4 << 3) | 2:
        e.level = readString(r);
        break;
      case (5 << 3) | 2:
        e.message = readString(r);
        break;
      case (6 << 3) | 2:
        readMapEntry(r, e.fields);
        break;
      case 7 << 3:
        e.seq = readVarint(r);
        break;
      case (8 << 3) | 2:
        e.stream = readString(r);
        break;
      case (9 << 3) | 2:
        e.receivedAt = readTimestamp(r);
        break;
      case (10 << 3) | 2:
        e.runId = readString(r);
        break;
      case 11 << 3:
        e.restart = readVarint(r) % 0x100000000;
        break;
      case (12 << 3) | 2:
        e.raw = readString(r);
        break;
      case 13 << 3:
        e.truncated = readVarint(r) !== 0;
        break;
      default:
        skip(r, tag);
    }
  }
  if (r.pos !== end) throw new LogBatchDecodeError('index out of range');
  return e;
}

function readMapEntry(r: Reader, into: Record<string, string>): void {
  const len = readVarint(r);
  const end = r.pos + len;
  if (end > r.buf.length) throw new LogBatchDecodeError('index out of range');
  let key = '';
  let value = '';
  while (r.pos < end) {
    const tag = readVarint(r);
    if (tag === ((1 << 3) | 2)) key = readString(r);
    else if (tag === ((2 << 3) | 2)) value = readString(r);
    else skip(r, tag);
  }
  into[key] = value;
}

function readTimestamp(r: Reader): WireTimestamp {
  const len = readVarint(r);
  const end = r.pos + len;
  if (end > r.buf.length) throw new LogBatchDecodeError('index out of range');
  const ts = {seconds: 0, nanos: 0};
  while (r.pos < end) {
    const tag = readVarint(r);
    if (tag === 1 << 3) ts.seconds = readSignedVarint64(r);
    else if (tag === 2 << 3) ts.nanos = readSignedVarint64(r) | 0;
    else skip(r, tag);
  }
  return ts;
}

function readString(r: Reader): string {
  const len = readVarint(r);
  const start = r.pos;
  r.pos += len;
  if (r.pos > r.buf.length) throw new LogBatchDecodeError('index out of range');
  return r.buf.utf8Slice(start, r.pos);
}

/** An unsigned varint as a number (exact up to 2^53, which seq and lengths stay under). */
function readVarint(r: Reader): number {
  const buf = r.buf;
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (r.pos >= buf.length) throw new LogBatchDecodeError('index out of range');
    const byte = buf[r.pos++]!;
    value += (byte & 127) * scale;
    if (byte < 128) return value;
    scale *= 128;
  }
  throw new LogBatchDecodeError('invalid varint encoding');
}

function readSignedVarint64(r: Reader): number {
  const start = r.pos;
  const unsigned = readVarint(r);
  // Ten bytes: a negative int64 (two's complement); re-read it exactly.
  if (r.pos - start < 10) return unsigned;
  let big = 0n;
  for (let i = 9; i >= 0; i--) big = (big << 7n) | BigInt(r.buf[start + i]! & 127);
  return Number(BigInt.asIntN(64, big));
}

function skip(r: Reader, tag: number): void {
  switch (tag & 7) {
    case 0:
      readVarint(r);
      return;
    case 1:
      r.pos += 8;
      break;
    case 2: {
      // Not `r.pos += readVarint(r)`: that adds to the position from before the length.
      const len = readVarint(r);
      r.pos += len;
      break;
    }
    case 5:
      r.pos += 4;
      break;
    default:
      throw new LogBatchDecodeError(`invalid wire type ${tag & 7}`);
  }
  if (r.pos > r.buf.length) throw new LogBatchDecodeError('index out of range');
}
