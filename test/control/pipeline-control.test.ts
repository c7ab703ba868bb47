import {afterEach, describe, expect, it} from 'vitest';
import * as grpc from '@grpc/grpc-js';
import {ControlClient} from '../../src/control/client.js';
import {line, startHarness, waitFor, type Harness} from './helpers.js';

let harness: Harness | undefined;
let client: ControlClient | undefined;
afterEach(async () => {
  client?.close();
  await harness?.server.close();
  harness = undefined;
});

describe('pipeline control', () => {
  it('status lists components with state, pid, restarts and counters', async () => {
    harness = await startHarness();
    harness.hub.publish([line('proc-b', 'x')]);
    client = new ControlClient({address: harness.server.address});
    const status = await client.status();
    if (!status.ok) throw new Error(status.error.message);
    expect(status.value).toMatchObject({pipelineName: 'test-pipeline', runId: 'run-test-1', pid: process.pid, rejectedRequests: 0});
    expect(status.value.components.map((c) => [c.id, c.kind, c.state, c.pid, c.restarts, c.exitCode, c.registered])).toEqual([
      ['source-a', 'source', 'running', 4242, 0, -1, false],
      ['proc-b', 'processor', 'running', 4242, 0, -1, false],
    ]);
  });

  it('restart, stop and start reach the supervisor; refusals are FAILED_PRECONDITION', async () => {
    harness = await startHarness();
    client = new ControlClient({address: harness.server.address});
    expect(await client.component('restart', 'proc-b')).toEqual({ok: true, value: 'proc-b restarted'});
    expect(await client.component('stop', 'proc-b')).toEqual({ok: true, value: 'proc-b stopped'});
    const again = await client.component('stop', 'proc-b');
    expect(again.ok ? undefined : again.error).toEqual({code: grpc.status.FAILED_PRECONDITION, message: 'proc-b is already stopped'});
    expect(await client.component('start', 'proc-b')).toEqual({ok: true, value: 'proc-b started'});
    expect(harness.control.calls).toEqual(['restart proc-b', 'stop proc-b', 'stop proc-b', 'start proc-b']);
    const status = await client.status();
    expect(status.ok && status.value.components.find((c) => c.id === 'proc-b')?.restarts).toBe(1);
  });

  it('an unknown component is NOT_FOUND and names the valid ones', async () => {
    harness = await startHarness();
    client = new ControlClient({address: harness.server.address});
    const result = await client.component('restart', 'nope');
    expect(result.ok ? undefined : result.error.code).toBe(grpc.status.NOT_FOUND);
    expect(result.ok ? '' : result.error.message).toContain('components: source-a, proc-b');
    expect(harness.control.calls).toEqual([]);
  });

  it('StopPipeline answers, then shuts the pipeline down', async () => {
    harness = await startHarness();
    client = new ControlClient({address: harness.server.address});
    expect(await client.stopPipeline(true)).toEqual({ok: true, value: 'stopping pipeline test-pipeline'});
    await waitFor(() => harness!.control.calls.includes('shutdown force'), 'shutdown');
  });

  it('an unreachable control plane is described, not thrown', async () => {
    harness = await startHarness();
    const address = harness.server.address;
    await harness.server.close();
    harness = undefined;
    client = new ControlClient({address});
    const result = await client.status();
    expect(result.ok ? '' : result.error.message).toMatch(/cannot reach the control plane at 127\.0\.0\.1:\d+/);
  });
});
