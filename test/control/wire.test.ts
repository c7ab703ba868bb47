/** Requests through the real proto (serialize, deserialize) and back into a query. */
import type * as grpc from '@grpc/grpc-js';
import {describe, expect, it} from 'vitest';
import {loadControlPlane} from '../../src/control/proto.js';
import {queryToRequest, requestToQuery, type LogsQuery} from '../../src/control/wire.js';
import type {WireStreamLogsRequest} from '../../src/control/wire-types.js';

/** `query` as the server receives it from flowctl's client. */
function overTheWire(query: LogsQuery): LogsQuery {
  const getLogs = loadControlPlane().controlPlane.GetLogs as grpc.MethodDefinition<Partial<WireStreamLogsRequest>, unknown>;
  return requestToQuery(getLogs.requestDeserialize(getLogs.requestSerialize(queryToRequest(query))) as WireStreamLogsRequest);
}

describe('StreamLogsRequest.tail', () => {
  it('tail-zero-on-the-wire: 0 arrives as 0 (no history), unset as unset (all of it) (regression: both arrived as 0 = all)', () => {
    expect(overTheWire({spec: {tail: 0}, follow: true, run: ''}).spec).toEqual({tail: 0});
    expect(overTheWire({spec: {}, follow: true, run: ''}).spec).toEqual({});
    expect(overTheWire({spec: {tail: 25}, follow: false, run: ''}).spec).toEqual({tail: 25});
  });

  it('is field 9 as before: an older client that never sets it asks for all of the history', () => {
    const getLogs = loadControlPlane().controlPlane.GetLogs as grpc.MethodDefinition<Partial<WireStreamLogsRequest>, unknown>;
    // Field 9, varint 7: what an older client sends for --tail 7.
    expect(requestToQuery(getLogs.requestDeserialize(Buffer.from([9 << 3, 7])) as WireStreamLogsRequest).spec).toEqual({tail: 7});
    expect(requestToQuery(getLogs.requestDeserialize(Buffer.alloc(0)) as WireStreamLogsRequest).spec).toEqual({});
  });
});
