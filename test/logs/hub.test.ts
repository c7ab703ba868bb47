import {describe, expect, it} from 'vitest';
import type {LogEntry} from '../../src/logs/entry.js';
import type {FilterSpec, LogFilter, LogRing} from '../../src/logs/api.js';
import {compileFilter} from '../../src/logs/filter.js';
import {Ring} from '../../src/logs/ring.js';
import {Hub, type SetTimer} from '../../src/logs/hub.js';

type Publishable = Omit<LogEntry, 'seq' | 'runId'>;

function makeRing(): LogRing {
  return new Ring({maxEntries: 100_000});
}

function makeFilter(spec: FilterSpec): LogFilter {
  const compiled = compileFilter(spec);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value;
}

function line(componentId: string, message: string, stream: LogEntry['stream'] = 'stdout'): Publishable {
  return {
    componentId,
    componentType: 'processor',
    stream,
    timestamp: 1000,
    receivedAt: 1000,
    level: 'info',
    message,
    fields: {},
    raw: message,
    restart: 0,
    truncated: false,
  };
}

function lines(componentId: string, count: number, prefix = 'l'): Publishable[] {
  return Array.from({length: count}, (_, i) => line(componentId, `${prefix}${i}`));
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A promise and its resolver, to hold a subscriber "busy" for exactly as long as a test wants. */
function gate(): {promise: Promise<void>; open: () => void} {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return {promise, open};
}

function newHub(options: {ring?: LogRing; rateLimit?: {linesPerSecond: number; burst: number}; now?: () => number; setTimer?: SetTimer} = {}): Hub {
  return new Hub({ring: options.ring ?? makeRing(), runId: 'run-1', ...options});
}

describe('Hub.publish', () => {
  it('assigns global monotonic seq and the run id, and appends to the ring synchronously', () => {
    const ring = makeRing();
    const hub = newHub({ring});
    const first = hub.publish([line('a', 'x'), line('b', 'y')]);
    const second = hub.publish([line('a', 'z')]);
    expect([...first, ...second].map((e) => [e.seq, e.runId])).toEqual([
      [1, 'run-1'],
      [2, 'run-1'],
      [3, 'run-1'],
    ]);
    expect(ring.query(undefined).map((e) => e.message)).toEqual(['x', 'y', 'z']);
    expect(hub.nextSeq).toBe(4);
  });

  it("takes over the entry builder's unpublished entries in place and copies anything else", () => {
    const hub = newHub();
    const unpublished = {seq: undefined, ...line('a', 'built'), runId: undefined};
    const literal = line('a', 'literal');
    const [adopted, copied] = hub.publish([unpublished, literal]);
    expect(adopted).toBe(unpublished);
    expect(adopted).toMatchObject({seq: 1, runId: 'run-1', message: 'built'});
    expect(copied).not.toBe(literal);
    expect(copied).toMatchObject({seq: 2, runId: 'run-1', message: 'literal'});
    expect(literal).not.toHaveProperty('seq');
    // Published once, it is copied if published again (its seq is no longer undefined).
    const [again] = hub.publish([adopted as Publishable]);
    expect(again).not.toBe(adopted);
    expect([adopted?.seq, again?.seq]).toEqual([1, 3]);
  });

  it('never runs subscriber code inline: delivery happens after publish returns', async () => {
    const hub = newHub();
    const seen: string[] = [];
    hub.subscribe({name: 'view'}, (batch) => void seen.push(...batch.map((e) => e.message)));
    hub.publish([line('a', 'x')]);
    expect(seen).toEqual([]);
    await until(() => seen.length === 1, 'delivery');
    expect(seen).toEqual(['x']);
  });

  it('regression subscriber-queue-per-turn: feeds subscribers before the next macrotask (before the loop reads the next pipe), not once per loop turn', async () => {
    const hub = newHub();
    const order: string[] = [];
    hub.subscribe({name: 'view'}, (batch) => void order.push(...batch.map((e) => e.message)));
    // The next pipe read of the same loop turn would come in a later macrotask, as this one does.
    setImmediate(() => order.push('next read'));
    hub.publish([line('a', 'first read')]);
    expect(order).toEqual([]);
    await Promise.resolve();
    expect(order).toEqual(['first read']);
    await until(() => order.length === 2, 'the macrotask');
    expect(order).toEqual(['first read', 'next read']);
  });

  it('a subscriber that publishes while it is fed cannot starve the event loop: what it publishes waits for the next turn', async () => {
    const hub = newHub();
    let turns = 0;
    const fedAtTurn: number[] = [];
    const echo = hub.subscribe({name: 'echo'}, () => {
      fedAtTurn.push(turns);
      hub.publish([line('echo', `echo ${fedAtTurn.length}`)]);
    });
    const ticker = setInterval(() => turns++, 0);
    hub.publish([line('a', 'start')]);
    // Fed from microtasks all the way down, this would never give the timer a turn (a hang).
    await until(() => turns >= 3, 'three timer turns');
    clearInterval(ticker);
    echo.close();
    expect(fedAtTurn.length).toBeGreaterThan(1);
    expect(new Set(fedAtTurn).size).toBeGreaterThan(1);
  });

  it('delivers in publish order and coalesces synchronous publishes into one batch', async () => {
    const hub = newHub();
    const batches: number[][] = [];
    hub.subscribe({name: 'view'}, (batch) => void batches.push(batch.map((e) => e.seq)));
    for (let i = 0; i < 5; i++) hub.publish(lines('a', 3));
    await until(() => batches.flat().length === 15, 'all entries');
    expect(batches).toHaveLength(1);
    expect(batches.flat()).toEqual(Array.from({length: 15}, (_, i) => i + 1));
  });

  it('applies each subscriber its own filter', async () => {
    const hub = newHub();
    const onlyB: string[] = [];
    const all: string[] = [];
    hub.subscribe({name: 'b', filter: makeFilter({components: ['b']})}, (batch) => void onlyB.push(...batch.map((e) => e.message)));
    hub.subscribe({name: 'all'}, (batch) => void all.push(...batch.map((e) => e.message)));
    hub.publish([line('a', '1'), line('b', '2'), line('a', '3'), line('b', '4')]);
    await until(() => all.length === 4, 'delivery');
    expect(onlyB).toEqual(['2', '4']);
  });

  it('stops delivering after close', async () => {
    const hub = newHub();
    const seen: number[] = [];
    const sub = hub.subscribe({name: 'view'}, (batch) => void seen.push(...batch.map((e) => e.seq)));
    hub.publish([line('a', 'x')]);
    await until(() => seen.length === 1, 'first delivery');
    sub.close();
    hub.publish([line('a', 'y')]);
    const witness: number[] = [];
    hub.subscribe({name: 'witness'}, (batch) => void witness.push(...batch.map((e) => e.seq)));
    hub.publish([line('a', 'z')]);
    await until(() => witness.length === 1, 'witness delivery');
    expect(seen).toEqual([1]);
  });
});

describe('Subscription.drained', () => {
  it('resolves once everything published so far was delivered and the last async batch settled', async () => {
    const hub = newHub();
    const hold = gate();
    const seen: number[] = [];
    const sub = hub.subscribe({name: 'view'}, (batch) => {
      seen.push(...batch.map((e) => e.seq));
      return hold.promise;
    });
    await sub.drained(); // nothing published: already drained
    hub.publish(lines('a', 3));
    let drained = false;
    void sub.drained().then(() => (drained = true));
    await until(() => seen.length === 3, 'delivery');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(drained).toBe(false);
    hold.open();
    await until(() => drained, 'drained');
  });

  it('resolves for a closed subscriber', async () => {
    const hub = newHub();
    const sub = hub.subscribe({name: 'view'}, () => new Promise<void>(() => undefined));
    hub.publish(lines('a', 1));
    const waiting = sub.drained();
    await new Promise((resolve) => setTimeout(resolve, 20));
    sub.close();
    await expect(waiting).resolves.toBeUndefined();
  });
});

describe('slow subscribers', () => {
  it('queues while an async onBatch is pending and delivers the backlog as one batch after it settles', async () => {
    const hub = newHub();
    const batches: number[][] = [];
    const first = gate();
    let calls = 0;
    hub.subscribe({name: 'slow'}, (batch) => {
      batches.push(batch.map((e) => e.seq));
      calls += 1;
      return calls === 1 ? first.promise : undefined;
    });
    hub.publish([line('a', '1')]);
    await until(() => batches.length === 1, 'first batch');
    hub.publish([line('a', '2')]);
    hub.publish([line('a', '3')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([[1]]);
    first.open();
    await until(() => batches.length === 2, 'second batch');
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('drops the oldest past maxQueue, counts exactly, and starts the next batch with a marker', async () => {
    const hub = newHub();
    const batches: LogEntry[][] = [];
    const hold = gate();
    const sub = hub.subscribe({name: 'console', maxQueue: 100}, (batch) => {
      batches.push(batch);
      return batches.length === 1 ? hold.promise : undefined;
    });
    hub.publish(lines('a', 1));
    await until(() => batches.length === 1, 'first batch');
    hub.publish(lines('a', 1204 + 100, 'm'));
    expect(sub.dropped).toBe(1204);
    expect(hub.droppedTotal).toBe(1204);
    hold.open();
    await until(() => batches.length === 2, 'batch after the drop');
    const [marker, ...rest] = batches[1] ?? [];
    expect(marker).toMatchObject({
      stream: 'control',
      level: 'warn',
      componentId: '',
      message: 'console missed 1 204 entries (too slow): a 1 204',
      fields: {flowctl: 'dropped', count: '1204', subscriber: 'console', components: '{"a":1204}'},
      runId: 'run-1',
    });
    expect(rest).toHaveLength(100);
    expect(rest[0]?.message).toBe('m1204');
    expect(marker?.seq).toBe(rest[0]?.seq);
    expect(rest.at(-1)?.message).toBe('m1303');
  });

  it('drop-marker-names-components: the marker counts what each component lost (entry and byte bounds alike)', async () => {
    const hub = newHub();
    const batches: LogEntry[][] = [];
    const hold = gate();
    hub.subscribe({name: 'console', maxQueue: 10, maxQueueBytes: 400}, (batch) => {
      batches.push(batch);
      return batches.length === 1 ? hold.promise : undefined;
    });
    hub.publish(lines('a', 1));
    await until(() => batches.length === 1, 'first batch');
    hub.publish([...lines('a', 30), ...lines('b', 20)]);
    hub.publish(lines('b', 1, 'x'.repeat(390)));
    hold.open();
    await until(() => batches.length === 2, 'batch after the drop');
    const [marker, ...rest] = batches[1] ?? [];
    const byComponent = JSON.parse(marker?.fields.components ?? '{}') as Record<string, number>;
    expect(byComponent.a).toBe(30);
    expect((byComponent.a ?? 0) + (byComponent.b ?? 0)).toBe(Number(marker?.fields.count));
    expect(rest).toHaveLength(51 - Number(marker?.fields.count));
    expect(marker?.message).toBe(`console missed ${50} entries (too slow): a 30, b 20`);
  });

  it('bounds the queue in characters too: long lines drop the oldest past maxQueueBytes, the newest always kept', async () => {
    const hub = newHub();
    const batches: LogEntry[][] = [];
    const hold = gate();
    const sub = hub.subscribe({name: 'console', maxQueue: 10_000, maxQueueBytes: 1000}, (batch) => {
      batches.push(batch);
      return batches.length === 1 ? hold.promise : undefined;
    });
    hub.publish(lines('a', 1));
    await until(() => batches.length === 1, 'first batch');
    // 100 characters each (raw + message): ten fit in 1 000.
    hub.publish(Array.from({length: 25}, (_, i) => line('a', `m${String(i).padStart(2, '0')}`.padEnd(50, '.'))));
    expect(sub.dropped).toBe(15);
    // One line larger than the whole bound still gets through, alone.
    hub.publish([line('a', 'huge'.padEnd(5000, '!'))]);
    expect(sub.dropped).toBe(25);
    hold.open();
    await until(() => batches.length === 2, 'batch after the drop');
    const [marker, ...rest] = batches[1] ?? [];
    expect(marker).toMatchObject({fields: {flowctl: 'dropped', count: '25'}});
    expect(rest.map((e) => e.message.slice(0, 4))).toEqual(['huge']);
  });

  it('one slow subscriber never delays another nor makes it drop', async () => {
    const hub = newHub();
    const hold = gate();
    const slow = hub.subscribe({name: 'slow', maxQueue: 10}, () => hold.promise);
    const fastSeen: number[] = [];
    const fast = hub.subscribe({name: 'fast', maxQueue: 10}, (batch) => void fastSeen.push(...batch.map((e) => e.seq)));
    for (let round = 0; round < 50; round++) {
      hub.publish(lines('a', 5));
      await until(() => fastSeen.length === (round + 1) * 5, `fast round ${round}`);
    }
    expect(fast.dropped).toBe(0);
    expect(fastSeen).toEqual(Array.from({length: 250}, (_, i) => i + 1));
    // The slow one got the first batch (5 entries) and is stuck; 245 more were queued into 10 slots.
    expect(slow.dropped).toBe(235);
    expect(hub.droppedTotal).toBe(235);
    hold.open();
  });

  it('removes and counts a subscriber whose onBatch throws, announcing it to the others', async () => {
    const hub = newHub();
    const seen: LogEntry[] = [];
    hub.subscribe({name: 'broken'}, () => {
      throw new Error('boom');
    });
    hub.subscribe({name: 'ok'}, (batch) => void seen.push(...batch));
    expect(() => hub.publish([line('a', 'x')])).not.toThrow();
    await until(() => seen.some((e) => e.stream === 'control'), 'control entry');
    const note = seen.find((e) => e.stream === 'control');
    expect(note).toMatchObject({level: 'error', componentId: '', message: 'subscriber broken removed: it failed with boom'});
    expect(hub.failedSubscribers).toBe(1);
    expect(hub.ring.query(undefined).map((e) => e.message)).toContain('subscriber broken removed: it failed with boom');
  });

  it('treats a rejected onBatch promise like a throw', async () => {
    const hub = newHub();
    let calls = 0;
    hub.subscribe({name: 'rejecting'}, () => {
      calls += 1;
      return Promise.reject(new Error('nope'));
    });
    hub.publish([line('a', 'x')]);
    await until(() => hub.failedSubscribers === 1, 'removal');
    hub.publish([line('a', 'y')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(1);
  });
});

describe('rate limiting', () => {
  function fakeTime(): {now: () => number; advance: (ms: number) => void; setTimer: SetTimer; fire: () => void} {
    let now = 1_000_000;
    let pending: (() => void) | undefined;
    return {
      now: () => now,
      advance: (ms) => void (now += ms),
      setTimer: (callback) => {
        pending = callback;
        return () => (pending = undefined);
      },
      fire: () => {
        const callback = pending;
        pending = undefined;
        callback?.();
      },
    };
  }

  it('hides the excess from rate-limited subscribers only, with one summary per component per second', async () => {
    const time = fakeTime();
    const hub = newHub({rateLimit: {linesPerSecond: 5000, burst: 100}, now: time.now, setTimer: time.setTimer});
    const view: LogEntry[] = [];
    const store: LogEntry[] = [];
    hub.subscribe({name: 'console', rateLimited: true, maxQueue: 1_000_000}, (batch) => void view.push(...batch));
    hub.subscribe({name: 'store', maxQueue: 1_000_000}, (batch) => void store.push(...batch));
    hub.publish(lines('ttp-processor', 3500));
    hub.publish([line('quiet', 'still shown')]);
    time.advance(1000); // refills 5000 tokens: capped at the burst of 100
    hub.publish(lines('ttp-processor', 150, 'second-'));
    await until(() => store.length === 3651, 'store delivery');
    expect(view.filter((e) => e.componentId === 'ttp-processor' && e.stream === 'stdout')).toHaveLength(200);
    expect(view.some((e) => e.message === 'still shown')).toBe(true);
    const summary = view.find((e) => e.fields.flowctl === 'rate-limited');
    expect(summary).toMatchObject({
      componentId: 'ttp-processor',
      stream: 'control',
      level: 'warn',
      message: '… 3 400 lines from ttp-processor not shown (rate limit 5 000/s); all kept in files and history',
      fields: {count: '3400'},
    });
    // The summary comes before the lines of the next second.
    expect(view.indexOf(summary as LogEntry)).toBe(100 + 1);
    expect(hub.droppedTotal).toBe(3400 + 50);
    // The second window's summary arrives when its timer fires.
    time.advance(1000);
    time.fire();
    await until(() => view.filter((e) => e.fields.flowctl === 'rate-limited').length === 2, 'second summary');
    expect(view.at(-1)?.message).toBe('… 50 lines from ttp-processor not shown (rate limit 5 000/s); all kept in files and history');
  });

  it('never hides control entries and counts only what a subscriber filter would have shown', async () => {
    const time = fakeTime();
    const hub = newHub({rateLimit: {linesPerSecond: 1, burst: 1}, now: time.now, setTimer: time.setTimer});
    const onlyErrors: LogEntry[] = [];
    const filter = makeFilter({minLevel: 'error'});
    hub.subscribe({name: 'errors', rateLimited: true, filter}, (batch) => void onlyErrors.push(...batch));
    const flood = lines('a', 10);
    flood[5] = {...line('a', 'bad'), level: 'error'};
    hub.publish([...flood, {...line('a', 'exited with code 1', 'control'), level: 'error'}]);
    time.advance(1000);
    time.fire();
    await until(() => onlyErrors.some((e) => e.fields.flowctl === 'rate-limited'), 'summary');
    expect(onlyErrors.map((e) => e.message)).toEqual([
      'exited with code 1',
      '… 1 line from a not shown (rate limit 1/s); all kept in files and history',
    ]);
  });

  it('does not limit when no subscriber asks for it', async () => {
    const time = fakeTime();
    const hub = newHub({rateLimit: {linesPerSecond: 1, burst: 1}, now: time.now, setTimer: time.setTimer});
    const seen: LogEntry[] = [];
    hub.subscribe({name: 'store'}, (batch) => void seen.push(...batch));
    hub.publish(lines('a', 50));
    await until(() => seen.length === 50, 'delivery');
    expect(hub.droppedTotal).toBe(0);
  });
});
