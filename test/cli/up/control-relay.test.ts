import {describe, expect, it} from 'vitest';
import {ControlRelay} from '../../../src/cli/up/control-relay.js';
import type {ComponentStatus, PipelineControl} from '../../../src/supervisor/status.js';
import {ok} from '../../../src/util/result.js';

const status = (id: string): ComponentStatus => ({
  id,
  kind: 'source',
  state: 'running',
  pid: 1,
  startedAt: 0,
  restarts: 0,
  health: 'none',
  exitCode: undefined,
  signal: undefined,
  reason: undefined,
  lines: 0,
  warnings: 0,
  errors: 0,
  heartbeat: undefined,
});

function target(): PipelineControl & {calls: string[]; changed: () => void} {
  const calls: string[] = [];
  let listener = (): void => undefined;
  return {
    calls,
    changed: () => listener(),
    pipelineName: 'p',
    status: () => [status('a')],
    onStatusChange: (fn) => ((listener = fn), () => undefined),
    restart: async (id) => (calls.push(`restart ${id}`), ok(undefined)),
    stop: async (id) => (calls.push(`stop ${id}`), ok(undefined)),
    start: async (id) => (calls.push(`start ${id}`), ok(undefined)),
    shutdown: async () => void calls.push('shutdown'),
  };
}

describe('ControlRelay', () => {
  it('refuses actions, with a reason, until the supervisor is attached', async () => {
    const relay = new ControlRelay('p');
    expect(relay.status()).toEqual([]);
    expect(await relay.restart('a')).toEqual({ok: false, error: 'the pipeline is still starting; try again in a moment'});
  });

  it('forwards actions and status changes to the attached supervisor', async () => {
    const relay = new ControlRelay('p');
    const supervisor = target();
    let notified = 0;
    relay.onStatusChange(() => notified++);
    relay.attach(supervisor);
    await relay.restart('a');
    await relay.stop('a');
    await relay.start('a');
    await relay.shutdown();
    supervisor.changed();
    expect(supervisor.calls).toEqual(['restart a', 'stop a', 'start a', 'shutdown']);
    expect(notified).toBe(2);
  });

  it('merges heartbeats components sent to the control plane into their status', () => {
    const relay = new ControlRelay('p');
    relay.attach(target());
    relay.useHeartbeats({heartbeatOf: (id) => (id === 'a' ? {at: 5, metrics: {events: '3'}} : undefined)});
    expect(relay.status()[0]?.heartbeat).toEqual({at: 5, metrics: {events: '3'}});
  });
});
