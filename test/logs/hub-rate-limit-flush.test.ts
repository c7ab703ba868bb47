/**
 * Regression: "rate-limited lines of the last second vanish from the live view when the
 * pipeline ends". A summary window closes a second after its first hidden line, on an
 * unref'd timer; `flowctl up` whose components flood and exit within that second closed the
 * console view before the timer fired, so the console showed the allowed lines and nothing
 * about the rest. `Hub.flushRateLimitSummaries()` closes the open windows at once.
 */
import {describe, expect, it} from 'vitest';
import type {LogEntry} from '../../src/logs/entry.js';
import {Hub, type SetTimer} from '../../src/logs/hub.js';
import {Ring} from '../../src/logs/ring.js';

function line(componentId: string, message: string): Omit<LogEntry, 'seq' | 'runId'> {
  return {componentId, componentType: 'source', stream: 'stdout', timestamp: 1, receivedAt: 1, level: 'info', message, fields: {}, raw: message, restart: 0, truncated: false};
}

/** A clock that never moves and a timer that never fires: only an explicit flush can close a window. */
function frozenTime(): {now: () => number; setTimer: SetTimer; armed: () => boolean} {
  let pending = false;
  return {
    now: () => 5_000,
    setTimer: () => {
      pending = true;
      return () => (pending = false);
    },
    armed: () => pending,
  };
}

async function delivered(subscription: {drained(): Promise<void>}): Promise<void> {
  await subscription.drained();
  // Deliveries run on setImmediate: one more turn lets a just-queued batch through.
  await new Promise((resolve) => setImmediate(resolve));
  await subscription.drained();
}

describe('rate-limited lines of the last second vanish from the live view when the pipeline ends', () => {
  it('flushRateLimitSummaries queues the summary of every open window, once', async () => {
    const time = frozenTime();
    const hub = new Hub({ring: new Ring(), runId: 'r', rateLimit: {linesPerSecond: 10, burst: 10}, now: time.now, setTimer: time.setTimer});
    const view: LogEntry[] = [];
    const store: LogEntry[] = [];
    const live = hub.subscribe({name: 'console', rateLimited: true}, (batch) => void view.push(...batch));
    const history = hub.subscribe({name: 'history'}, (batch) => void store.push(...batch));
    hub.publish(Array.from({length: 25}, (_, i) => line('flood', `f${i}`)));
    hub.publish(Array.from({length: 13}, (_, i) => line('other', `o${i}`)));
    await delivered(live);
    await delivered(history);
    expect(view).toHaveLength(20);
    expect(store).toHaveLength(38);
    expect(time.armed()).toBe(true);

    hub.flushRateLimitSummaries();
    await delivered(live);
    const summaries = view.filter((e) => e.fields.flowctl === 'rate-limited');
    expect(summaries.map((e) => [e.componentId, e.fields.count, e.message])).toEqual([
      ['flood', '15', '… 15 lines from flood not shown (rate limit 10/s); all kept in files and history'],
      ['other', '3', '… 3 lines from other not shown (rate limit 10/s); all kept in files and history'],
    ]);
    // The timer of the closed windows is cancelled, the store got no synthetic entries, and a
    // second flush has nothing left to say.
    expect(time.armed()).toBe(false);
    expect(store.some((e) => e.stream === 'control')).toBe(false);
    hub.flushRateLimitSummaries();
    await delivered(live);
    expect(view.filter((e) => e.fields.flowctl === 'rate-limited')).toHaveLength(2);
  });

  it('without a rate limit or with nothing hidden it queues nothing', async () => {
    const unlimited = new Hub({ring: new Ring(), runId: 'r'});
    const seen: LogEntry[] = [];
    const a = unlimited.subscribe({name: 'console', rateLimited: true}, (batch) => void seen.push(...batch));
    unlimited.publish([line('x', 'one')]);
    unlimited.flushRateLimitSummaries();
    await delivered(a);
    expect(seen.map((e) => e.message)).toEqual(['one']);

    const quiet = new Hub({ring: new Ring(), runId: 'r', rateLimit: {linesPerSecond: 10, burst: 10}});
    const quietSeen: LogEntry[] = [];
    const b = quiet.subscribe({name: 'console', rateLimited: true}, (batch) => void quietSeen.push(...batch));
    quiet.publish([line('x', 'one')]);
    quiet.flushRateLimitSummaries();
    await delivered(b);
    expect(quietSeen.map((e) => e.message)).toEqual(['one']);
  });
});
