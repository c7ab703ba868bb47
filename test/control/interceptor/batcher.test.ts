import {describe, expect, it} from 'vitest';
import {Batcher, type SendOutcome} from '../../../src/control/interceptor/batcher.js';
import type {WireLogEntry} from '../../../src/control/wire-types.js';
import {decide} from '../../../src/control/interceptor/register.js';

function recorder(outcomes: SendOutcome[]) {
  const batches: Partial<WireLogEntry>[][] = [];
  return {
    batches,
    send: async (batch: Partial<WireLogEntry>[]) => {
      batches.push(batch);
      return outcomes.shift() ?? {ok: true as const};
    },
  };
}

const entry = (message: string): Partial<WireLogEntry> => ({componentId: 'app', message});

describe('Batcher', () => {
  it('sends queued entries in batches of at most maxBatch', async () => {
    const r = recorder([]);
    const b = new Batcher({send: r.send, componentId: 'app', maxBatch: 2, flushIntervalMs: 60_000});
    for (const m of ['a', 'b', 'c']) b.add(entry(m));
    await b.flush();
    expect(r.batches.map((batch) => batch.map((e) => e.message))).toEqual([['a', 'b'], ['c']]);
    expect(b.sent).toBe(3);
    b.stop();
  });

  it('keeps entries while the control plane is unreachable and sends them later', async () => {
    const r = recorder([{ok: false, action: 'retry', message: 'UNAVAILABLE'}]);
    const b = new Batcher({send: r.send, componentId: 'app', flushIntervalMs: 60_000});
    b.add(entry('a'));
    await b.flush();
    expect(b.pending).toBe(1);
    await b.flush();
    expect(b.pending).toBe(0);
    expect(r.batches.map((batch) => batch.map((e) => e.message))).toEqual([['a'], ['a']]);
    b.stop();
  });

  it('drops the oldest past maxQueue and announces how many in a marker', async () => {
    const r = recorder([]);
    const b = new Batcher({send: r.send, componentId: 'app', maxQueue: 2, flushIntervalMs: 60_000});
    for (const m of ['a', 'b', 'c', 'd']) b.add(entry(m));
    expect(b.dropped).toBe(2);
    await b.flush();
    const [batch] = r.batches;
    expect(batch?.map((e) => e.message)).toEqual([expect.stringMatching(/dropped 2 entries/), 'c', 'd']);
    expect(batch?.[0]).toMatchObject({level: 'warn', fields: {flowctl: 'dropped', count: '2'}});
    b.stop();
  });

  it('a refused batch is dropped and counted; a refusal of everything disables sending once', async () => {
    const messages: string[] = [];
    const r = recorder([{ok: false, action: 'drop', message: 'RESOURCE_EXHAUSTED'}, {ok: false, action: 'disable', message: 'NOT_FOUND: unknown component'}]);
    const b = new Batcher({send: r.send, componentId: 'app', maxBatch: 1, flushIntervalMs: 60_000, onDisabled: (m) => messages.push(m)});
    b.add(entry('too big'));
    b.add(entry('next'));
    await b.flush();
    expect(b.disabled).toBe(true);
    expect(messages).toEqual(['NOT_FOUND: unknown component']);
    b.add(entry('ignored'));
    expect(b.pending).toBe(0);
    expect(b.dropped).toBe(2);
    b.stop();
  });
});

describe('register decision', () => {
  it('installs only with ENABLE_FLOWCTL=true, a component id, and not when captured', () => {
    expect(decide({})).toMatchObject({install: false});
    expect(decide({ENABLE_FLOWCTL: 'TRUE', FLOWCTL_COMPONENT_ID: 'c'})).toEqual({install: true, endpoint: 'localhost:8080', componentId: 'c', token: undefined});
    expect(decide({ENABLE_FLOWCTL: 'true', COMPONENT_ID: 'c', FLOWCTL_ENDPOINT: 'h:1', FLOWCTL_TOKEN: 't'})).toEqual({install: true, endpoint: 'h:1', componentId: 'c', token: 't'});
    expect(decide({ENABLE_FLOWCTL: 'true', FLOWCTL_COMPONENT_ID: 'c', FLOWCTL_CAPTURED: '1'})).toMatchObject({install: false, reason: expect.stringMatching(/already captures/)});
    expect(decide({ENABLE_FLOWCTL: 'true'})).toMatchObject({install: false, reason: expect.stringMatching(/FLOWCTL_COMPONENT_ID/)});
  });

  it('unreachable-control-plane-exits-promptly: finalFlush tries each batch once by a deadline, then counts the rest as lost', async () => {
    const deadlines: (number | undefined)[] = [];
    const outcomes: SendOutcome[] = [{ok: true}, {ok: false, action: 'retry', message: 'UNAVAILABLE: refused'}];
    const b = new Batcher({
      send: async (_batch, options) => {
        deadlines.push(options?.deadline);
        return outcomes.shift() ?? {ok: true};
      },
      componentId: 'app', maxBatch: 1, flushIntervalMs: 60_000, now: () => 1000,
    });
    for (const m of ['a', 'b', 'c']) b.add(entry(m));
    expect(await b.finalFlush(1500)).toEqual({lost: 2, reason: 'UNAVAILABLE: refused'});
    expect(deadlines).toEqual([2500, 2500]);
    expect([b.pending, b.sent, b.dropped]).toEqual([0, 1, 2]);
    // Nothing left: a second `beforeExit` finds nothing to do (no loop).
    expect(await b.finalFlush(1500)).toEqual({lost: 0, reason: ''});
    expect(deadlines).toHaveLength(2);
  });

  it('process-exit-keeps-last-lines: takeAll hands over the queue with the marker of earlier drops', () => {
    const b = new Batcher({send: recorder([]).send, componentId: 'app', maxQueue: 1, flushIntervalMs: 60_000});
    b.add(entry('a'));
    b.add(entry('b'));
    expect(b.takeAll().map((e) => e.message)).toEqual([expect.stringMatching(/dropped 1 entries/), 'b']);
    expect(b.pending).toBe(0);
    expect(b.takeAll()).toEqual([]);
  });
});

