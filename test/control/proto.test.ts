import {describe, expect, it} from 'vitest';
import {existsSync} from 'node:fs';
import protobuf from 'protobufjs';
import {SCHEMA_DIR, loadControlPlane} from '../../src/control/proto.js';

function root(file: string, includeDirs: string[]): protobuf.Root {
  const r = new protobuf.Root();
  r.resolvePath = (_origin, target) => {
    const found = includeDirs.map((dir) => `${dir}/${target}`).find((candidate) => existsSync(candidate));
    return found ?? target;
  };
  return r.loadSync(file);
}

describe('control_plane.proto', () => {
  it('serves every legacy rpc with the same request/response types as the legacy proto', () => {
    const ours = root('control_plane.proto', [SCHEMA_DIR, `${SCHEMA_DIR}legacy`]).lookupService('flowctl.ControlPlane');
    const legacy = root('legacy/control_plane.proto', [SCHEMA_DIR]).lookupService('flowctl.ControlPlane');
    for (const [name, method] of Object.entries(legacy.methods)) {
      const mine = ours.methods[name];
      expect(mine, name).toBeDefined();
      expect([mine?.requestType, mine?.responseType, mine?.requestStream, mine?.responseStream]).toEqual([
        method.requestType, method.responseType, method.requestStream, method.responseStream,
      ]);
    }
  });

  it('LogEntry keeps the design doc numbering (1–6) and carries the log engine fields', () => {
    const entry = root('control_plane.proto', [SCHEMA_DIR, `${SCHEMA_DIR}legacy`]).lookupType('flowctl.LogEntry');
    const numbers = Object.fromEntries(Object.values(entry.fields).map((f) => [f.name, f.id]));
    expect(numbers).toEqual({
      componentId: 1, componentType: 2, timestamp: 3, level: 4, message: 5, fields: 6,
      seq: 7, stream: 8, receivedAt: 9, runId: 10, restart: 11, raw: 12, truncated: 13,
    });
  });

  it('loads both services for the server', () => {
    const defs = loadControlPlane();
    expect(Object.keys(defs.controlPlane)).toEqual(expect.arrayContaining(['Register', 'Heartbeat', 'ListServices', 'StreamLogs', 'GetLogs', 'GetPipelineStatus']));
    expect(Object.keys(defs.v1)).toEqual(['RegisterComponent', 'UnregisterComponent', 'DiscoverComponents', 'Heartbeat', 'GetComponentStatus', 'ListComponents']);
  });
});
