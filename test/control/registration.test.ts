import {afterEach, describe, expect, it} from 'vitest';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {SCHEMA_DIR} from '../../src/control/proto.js';
import {ControlClient} from '../../src/control/client.js';
import {startHarness, type Harness} from './helpers.js';

let harness: Harness | undefined;
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await harness?.server.close();
  harness = undefined;
});

const CLIENT_OPTIONS = {keepCase: true, enums: String, longs: Number, defaults: true};

type Unary = (request: unknown, callback: (error: grpc.ServiceError | null, value: unknown) => void) => void;

/** A client built from the protos the existing components use — not from flowctl's own file. */
function legacyClient(address: string): Record<string, Unary> & grpc.Client {
  // snake_case field names, as the components' generated code spells them; the wire is the same.
  const definition = protoLoader.loadSync('legacy/control_plane.proto', {includeDirs: [SCHEMA_DIR], ...CLIENT_OPTIONS});
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {flowctl: {ControlPlane: grpc.ServiceClientConstructor}};
  const c = new loaded.flowctl.ControlPlane(address, grpc.credentials.createInsecure()) as unknown as Record<string, Unary> & grpc.Client;
  closers.push(() => c.close());
  return c;
}

function v1Client(address: string): Record<string, Unary> & grpc.Client {
  const definition = protoLoader.loadSync('flowctl/v1/control_plane.proto', {includeDirs: [`${SCHEMA_DIR}legacy`], ...CLIENT_OPTIONS});
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {flowctl: {v1: {ControlPlaneService: grpc.ServiceClientConstructor}}};
  const c = new loaded.flowctl.v1.ControlPlaneService(address, grpc.credentials.createInsecure()) as unknown as Record<string, Unary> & grpc.Client;
  closers.push(() => c.close());
  return c;
}

const call = <T>(c: Record<string, Unary>, method: string, request: unknown): Promise<T> =>
  new Promise((resolve, reject) => c[method]!.call(c, request, (error, value) => (error ? reject(error) : resolve(value as T))));

describe('legacy flowctl.ControlPlane from a client built from the legacy proto', () => {
  it('Register and Heartbeat succeed; metrics show in component status', async () => {
    harness = await startHarness();
    const c = legacyClient(harness.server.address);
    const ack = await call<{service_id: string}>(c, 'Register', {
      service_id: 'consumer-3f9c2a1b',
      service_type: 'SERVICE_TYPE_SINK',
      component_id: 'proc-b',
      health_endpoint: 'http://localhost:8093/health',
    });
    expect(ack.service_id).toBe('proc-b');
    await call(c, 'Heartbeat', {service_id: 'proc-b', timestamp: {seconds: Math.floor(Date.now() / 1000)}, metrics: {events_processed: 42, lag_seconds: 1.5}});
    const list = await call<{services: {service_id: string; is_healthy: boolean; metrics: Record<string, number>}[]}>(c, 'ListServices', {});
    expect(list.services).toEqual([expect.objectContaining({service_id: 'proc-b', is_healthy: true, metrics: {events_processed: 42, lag_seconds: 1.5}})]);
    const one = await call<{component_id: string}>(c, 'GetServiceStatus', {service_id: 'proc-b'});
    expect(one.component_id).toBe('proc-b');

    expect(harness.server.registry.heartbeatOf('proc-b')?.metrics).toEqual({events_processed: '42', lag_seconds: '1.5'});
    const client = new ControlClient({address: harness.server.address});
    closers.push(() => client.close());
    const status = await client.status();
    if (!status.ok) throw new Error(status.error.message);
    const procB = status.value.components.find((s) => s.id === 'proc-b');
    expect(procB).toMatchObject({registered: true, metrics: {events_processed: '42', lag_seconds: '1.5'}});
    expect(procB?.lastHeartbeat).not.toBeNull();
  });

  it('loopback-register-without-token: with a token (up bound off loopback), the legacy Register and v1 RegisterComponent from 127.0.0.1 need none', async () => {
    // The pipeline's own components send no token (flowctl-wire.md): they must not fall back to a simulated id.
    harness = await startHarness({token: 'off-loopback-token'});
    const legacy = await call<{service_id: string}>(legacyClient(harness.server.address), 'Register', {service_type: 'SERVICE_TYPE_PROCESSOR', component_id: 'proc-b'});
    expect(legacy.service_id).toBe('proc-b');
    const v1 = await call<Record<string, unknown>>(v1Client(harness.server.address), 'RegisterComponent', {component_id: 'source-a'});
    expect(v1).toBeTypeOf('object');
    expect(harness.server.rejections.get('unauthenticated')).toBe(0);
  });

  it('Register without any id gets a generated service id, like flowctl', async () => {
    harness = await startHarness();
    const ack = await call<{service_id: string}>(legacyClient(harness.server.address), 'Register', {service_type: 'SERVICE_TYPE_PROCESSOR'});
    expect(ack.service_id).toMatch(/^processor-\d+$/);
  });

  it('Heartbeat without service_id is INVALID_ARGUMENT', async () => {
    harness = await startHarness();
    await expect(call(legacyClient(harness.server.address), 'Heartbeat', {})).rejects.toMatchObject({code: grpc.status.INVALID_ARGUMENT});
  });

  it('GetServiceStatus of an unknown service is NOT_FOUND', async () => {
    harness = await startHarness();
    await expect(call(legacyClient(harness.server.address), 'GetServiceStatus', {service_id: 'nobody'})).rejects.toMatchObject({code: grpc.status.NOT_FOUND});
  });

  it('pipeline-run calls describe this run; StopPipelineRun of it stops the pipeline', async () => {
    harness = await startHarness();
    const c = legacyClient(harness.server.address);
    const runs = await call<{runs: {run_id: string; pipeline_name: string; status: string; component_ids: string[]}[]}>(c, 'ListPipelineRuns', {});
    expect(runs.runs).toEqual([expect.objectContaining({run_id: 'run-test-1', pipeline_name: 'test-pipeline', status: 'RUN_STATUS_RUNNING', component_ids: ['source-a', 'proc-b']})]);
    const created = await call<{run_id: string}>(c, 'CreatePipelineRun', {run_id: 'other', pipeline_name: 'x'});
    expect(created.run_id).toBe('other');
    const updated = await call<{status: string}>(c, 'UpdatePipelineRun', {run_id: 'other', status: 'RUN_STATUS_COMPLETED'});
    expect(updated.status).toBe('RUN_STATUS_COMPLETED');
    await expect(call(c, 'GetPipelineRun', {run_id: 'missing'})).rejects.toMatchObject({code: grpc.status.NOT_FOUND});
    const stopped = await call<{status: string}>(c, 'StopPipelineRun', {run_id: 'run-test'});
    expect(stopped.status).toBe('RUN_STATUS_STOPPED');
    await new Promise((r) => setTimeout(r, 50));
    expect(harness.control.shutdownCalls).toBe(1);
  });
});

describe('flowctl.v1.ControlPlaneService', () => {
  it('RegisterComponent, Heartbeat, ListComponents, GetComponentStatus, Discover, Unregister', async () => {
    harness = await startHarness();
    const c = v1Client(harness.server.address);
    const registered = await call<{service_id: string}>(c, 'RegisterComponent', {
      component: {id: 'source-a', name: 'Stellar source', type: 'COMPONENT_TYPE_SOURCE', output_event_types: ['stellar.ledger'], metadata: {network: 'testnet'}},
    });
    expect(registered.service_id).toBe('source-a');
    await call(c, 'Heartbeat', {service_id: 'source-a', status: 'HEALTH_STATUS_DEGRADED', metrics: {ledgers: '7'}});
    const list = await call<{components: {component: {id: string; type: string}; status: string; metrics: Record<string, string>}[]}>(c, 'ListComponents', {include_unhealthy: true});
    expect(list.components).toEqual([
      expect.objectContaining({component: expect.objectContaining({id: 'source-a', type: 'COMPONENT_TYPE_SOURCE'}), status: 'HEALTH_STATUS_DEGRADED', metrics: {ledgers: '7'}}),
    ]);
    const status = await call<{component: {name: string}}>(c, 'GetComponentStatus', {service_id: 'source-a'});
    expect(status.component.name).toBe('Stellar source');
    const found = await call<{components: unknown[]}>(c, 'DiscoverComponents', {event_types: ['stellar.ledger'], metadata_filters: {network: 'testnet'}});
    expect(found.components).toHaveLength(1);
    const none = await call<{components: unknown[]}>(c, 'DiscoverComponents', {type: 'COMPONENT_TYPE_PROCESSOR'});
    expect(none.components).toHaveLength(0);
    expect(harness.server.registry.heartbeatOf('source-a')).toMatchObject({metrics: {ledgers: '7'}});
    await call(c, 'UnregisterComponent', {service_id: 'source-a'});
    await expect(call(c, 'GetComponentStatus', {service_id: 'source-a'})).rejects.toMatchObject({code: grpc.status.NOT_FOUND});
    await expect(call(c, 'UnregisterComponent', {service_id: 'source-a'})).rejects.toMatchObject({code: grpc.status.NOT_FOUND});
  });

  it('ListComponents hides components silent past the heartbeat TTL unless include_unhealthy', async () => {
    let now = 1_000_000;
    const {ComponentRegistry} = await import('../../src/control/registry.js');
    const registry = new ComponentRegistry({now: () => now, heartbeatTtlMs: 30_000});
    harness = await startHarness({registry});
    const c = v1Client(harness.server.address);
    await call(c, 'RegisterComponent', {component_id: 'proc-b'});
    now += 31_000;
    expect((await call<{components: unknown[]}>(c, 'ListComponents', {})).components).toHaveLength(0);
    const all = await call<{components: {status: string}[]}>(c, 'ListComponents', {include_unhealthy: true});
    expect(all.components.map((s) => s.status)).toEqual(['HEALTH_STATUS_UNHEALTHY']);
  });
});
