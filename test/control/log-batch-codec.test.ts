/**
 * The hand-written GetLogBatches codec against the generic one (@grpc/proto-loader with
 * LOADER_OPTIONS): whatever one encodes, the other decodes to the same objects, for any
 * entry — and it is what the loaded service definition actually uses.
 */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import * as protoLoader from '@grpc/proto-loader';
import type * as grpc from '@grpc/grpc-js';
import {LOADER_OPTIONS, loadControlPlane} from '../../src/control/proto.js';
import {LogBatchDecodeError, decodeLogBatch, encodeLogBatch, matchesLogBatchLayout} from '../../src/control/log-batch-codec.js';
import type {WireLogBatch, WireLogEntry} from '../../src/control/wire-types.js';

/** The generic codec, loaded apart from `loadControlPlane` (which installs the fast one). */
const generic = (() => {
  const definition = protoLoader.loadSync(['control_plane.proto'], LOADER_OPTIONS);
  const method = (definition['flowctl.ControlPlane'] as grpc.ServiceDefinition).GetLogBatches!;
  const fields = (name: string) => (definition[name] as {type: {field: {name: string; number: number; type: string}[]}}).type.field;
  return {
    encode: (batch: WireLogBatch): Buffer => method.responseSerialize(batch),
    decode: (bytes: Buffer): WireLogBatch => method.responseDeserialize(bytes) as WireLogBatch,
    layout: {entry: fields('flowctl.LogEntry'), batch: fields('flowctl.LogBatch')},
  };
})();

const text = fc.oneof(fc.string(), fc.string({unit: 'grapheme'}), fc.constantFrom('', 'info', '{"level":"info","msg":"ünïcødé ✓ 🚀"}'));
const timestamp = fc.option(
  fc.record({seconds: fc.oneof(fc.integer({min: -62_135_596_800, max: 253_402_300_799}), fc.constant(0)), nanos: fc.integer({min: 0, max: 999_999_999})}),
  {nil: null},
);
const wireEntry: fc.Arbitrary<WireLogEntry> = fc.record({
  componentId: text,
  componentType: fc.constantFrom('source', 'processor', 'sink', 'pipeline', ''),
  timestamp,
  level: fc.constantFrom('trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown', ''),
  message: text,
  fields: fc.dictionary(fc.string().filter((k) => k !== '__proto__'), text),
  seq: fc.oneof(fc.nat(), fc.constant(0), fc.constant(Number.MAX_SAFE_INTEGER)),
  stream: fc.constantFrom('stdout', 'stderr', 'control', ''),
  receivedAt: timestamp,
  runId: text,
  restart: fc.oneof(fc.nat(), fc.constant(0xffffffff)),
  raw: fc.oneof(text, fc.string({minLength: 200, maxLength: 70_000})),
  truncated: fc.boolean(),
});
const batch = fc.record({entries: fc.array(wireEntry, {maxLength: 20})});

describe('the GetLogBatches codec', () => {
  it('encodes what the generic codec decodes to the same entries', () => {
    fc.assert(
      fc.property(batch, (b) => {
        const fast = encodeLogBatch(b);
        expect(fast).toBeInstanceOf(Buffer);
        expect(generic.decode(fast!)).toEqual(generic.decode(generic.encode(b)));
      }),
      {numRuns: 300},
    );
  });

  it('decodes what the generic codec encodes to the same objects as the generic decoder', () => {
    fc.assert(
      fc.property(batch, (b) => {
        const bytes = generic.encode(b);
        expect(decodeLogBatch(bytes)).toEqual(generic.decode(bytes));
      }),
      {numRuns: 300},
    );
  });

  it('fills in defaults for an empty entry as proto-loader does (null timestamps, empty map)', () => {
    const bytes = Buffer.from([0x0a, 0x00]);
    expect(decodeLogBatch(bytes)).toEqual(generic.decode(bytes));
    expect(decodeLogBatch(bytes).entries[0]).toMatchObject({timestamp: null, receivedAt: null, fields: {}, seq: 0, truncated: false});
  });

  it('skips fields it does not know (a newer server), as protobuf requires', () => {
    const known = encodeLogBatch({entries: [entryOf({message: 'hello'})]})!;
    // Field 99 (varint 5) and field 100 (bytes "x") appended inside the entry.
    const extra = Buffer.from([0xf8, 0x06, 0x05, 0xa2, 0x06, 0x01, 0x78]);
    const body = Buffer.concat([known.subarray(2), extra]);
    const bytes = Buffer.concat([Buffer.from([0x0a, body.length]), body]);
    expect(decodeLogBatch(bytes).entries[0]?.message).toBe('hello');
    expect(decodeLogBatch(bytes)).toEqual(generic.decode(bytes));
  });

  it('throws on truncated bytes, as the generic decoder does', () => {
    const bytes = encodeLogBatch({entries: [entryOf({message: 'a message long enough'})]})!;
    const cut = bytes.subarray(0, bytes.length - 5);
    expect(() => generic.decode(cut)).toThrow();
    expect(() => decodeLogBatch(cut)).toThrow(LogBatchDecodeError);
  });

  it('declines a value of the wrong type, so the generic serializer handles it', () => {
    expect(encodeLogBatch({entries: [entryOf({seq: -1})]})).toBeUndefined();
    expect(encodeLogBatch({entries: [entryOf({message: 42 as unknown as string})]})).toBeUndefined();
    expect(encodeLogBatch({entries: [entryOf({timestamp: {seconds: 1.5, nanos: 0}})]})).toBeUndefined();
  });

  it('is installed on GetLogBatches only when the loaded layout is the one it knows', () => {
    expect(matchesLogBatchLayout(generic.layout.entry, generic.layout.batch)).toBe(true);
    const added = [...generic.layout.entry, {name: 'host', number: 14, type: 'TYPE_STRING'}];
    expect(matchesLogBatchLayout(added, generic.layout.batch)).toBe(false);
    const method = loadControlPlane().controlPlane.GetLogBatches!;
    const b = {entries: [entryOf({message: 'through the service definition', fields: {k: 'v'}})]};
    expect(method.responseSerialize(b)).toEqual(encodeLogBatch(b));
    expect(method.responseDeserialize(generic.encode(b))).toEqual(generic.decode(generic.encode(b)));
  });
});

function entryOf(overrides: Partial<WireLogEntry>): WireLogEntry {
  return {
    componentId: 'worker',
    componentType: 'processor',
    timestamp: {seconds: 1_764_800_000, nanos: 123_000_000},
    level: 'info',
    message: '',
    fields: {},
    seq: 7,
    stream: 'stdout',
    receivedAt: {seconds: 1_764_800_000, nanos: 124_000_000},
    runId: 'run-1',
    restart: 0,
    raw: '',
    truncated: false,
    ...overrides,
  };
}
