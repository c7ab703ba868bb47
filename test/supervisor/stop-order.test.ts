import {describe, expect, it} from 'vitest';
import {stopInReverseOrder} from '../../src/supervisor/stop-order.js';
import {dependsOn} from './support/pipeline.js';

describe('stopInReverseOrder', () => {
  it('stops dependents first and independent branches in parallel', async () => {
    const log: string[] = [];
    const pending = new Map<string, () => void>();
    const components = [
      {id: 'source', dependsOn: []},
      {id: 'processor', dependsOn: dependsOn(['source', 'started'])},
      {id: 'sink', dependsOn: dependsOn(['processor', 'started'])},
      {id: 'lonely', dependsOn: []},
    ];
    const done = stopInReverseOrder(components, (id) => {
      log.push(`stop ${id}`);
      return new Promise<void>((resolve) => pending.set(id, resolve));
    });
    const finish = async (id: string) => {
      pending.get(id)?.();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    await finish('none');
    expect(log.sort()).toEqual(['stop lonely', 'stop sink']);
    await finish('sink');
    expect(log).toContain('stop processor');
    expect(log).not.toContain('stop source');
    await finish('processor');
    expect(log).toContain('stop source');
    await finish('source');
    await finish('lonely');
    await done;
  });

  it('does not deadlock on a cycle', async () => {
    const stopped: string[] = [];
    await stopInReverseOrder(
      [
        {id: 'a', dependsOn: dependsOn(['b', 'started'])},
        {id: 'b', dependsOn: dependsOn(['a', 'started'])},
      ],
      async (id) => void stopped.push(id),
    );
    expect(stopped.sort()).toEqual(['a', 'b']);
  });
});
