import {describe, expect, it} from 'vitest';
import type {HealthCheck} from '../../../src/config/model.js';
import type {ProbeResult} from '../../../src/supervisor/health/checks.js';
import {createHealthMonitor, systemTimers, type SetTimer} from '../../../src/supervisor/health/monitor.js';
import {err, ok} from '../../../src/util/result.js';

/** A fake clock: timers fire only when the test advances time. */
class FakeClock {
  time = 0;
  private timers: {at: number; seq: number; fn: () => void; cancelled: boolean}[] = [];
  private seq = 0;
  now = () => this.time;
  setTimer: SetTimer = (fn, ms) => {
    const timer = {at: this.time + ms, seq: this.seq++, fn, cancelled: false};
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  /** Run every timer due up to now + ms, in order, letting probe promises settle in between. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await flush();
    for (;;) {
      const due = this.timers
        .filter((t) => !t.cancelled && t.at <= end)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.time = due.at;
      due.fn();
      await flush();
    }
    this.time = end;
  }
  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

const PASS = ok(undefined);
const FAIL = (reason = 'HTTP 503') => err(reason);
const HANG = 'hang' as const;

/** A probe that answers from a script; `HANG` never answers (until aborted, which it records). */
function scriptedProbe(script: (ProbeResult | typeof HANG | (() => Promise<ProbeResult>))[]) {
  const calls: {at: number; signal: AbortSignal}[] = [];
  let clock: FakeClock | undefined;
  const probe = (_check: HealthCheck, signal: AbortSignal): Promise<ProbeResult> => {
    calls.push({at: clock?.time ?? -1, signal});
    const next = script.shift() ?? PASS;
    if (next === HANG) return new Promise(() => {});
    if (typeof next === 'function') return next();
    return Promise.resolve(next);
  };
  return {probe, calls, bind: (c: FakeClock) => (clock = c)};
}

function setup(
  script: Parameters<typeof scriptedProbe>[0],
  timing: Partial<{intervalMs: number; timeoutMs: number; retries: number; startPeriodMs: number}> = {},
) {
  const clock = new FakeClock();
  const scripted = scriptedProbe(script);
  scripted.bind(clock);
  const changes: [number, string, string][] = [];
  const check: HealthCheck = {
    kind: 'http',
    url: 'http://127.0.0.1:1/health',
    intervalMs: 5000,
    timeoutMs: 2000,
    retries: 3,
    startPeriodMs: 0,
    ...timing,
  };
  const monitor = createHealthMonitor({
    check,
    probe: scripted.probe,
    now: clock.now,
    setTimer: clock.setTimer,
    onChange: (state, reason) => changes.push([clock.time, state, reason]),
  });
  return {clock, monitor, changes, calls: scripted.calls};
}

describe('createHealthMonitor', () => {
  it('probes at start, then every interval, and reports healthy once', async () => {
    const {clock, monitor, changes, calls} = setup([PASS, PASS, PASS]);
    expect(monitor.state).toBe('unknown');
    monitor.start();
    await clock.advance(10_000);
    expect(calls.map((c) => c.at)).toEqual([0, 5000, 10_000]);
    expect(changes).toEqual([[0, 'healthy', 'health check passed']]);
    expect(monitor.state).toBe('healthy');
  });

  it('does not probe before start', async () => {
    const {clock, calls} = setup([]);
    await clock.advance(60_000);
    expect(calls).toEqual([]);
  });

  it('becomes unhealthy after `retries` consecutive failures, with the last reason', async () => {
    const {clock, monitor, changes} = setup([FAIL('connection refused'), FAIL(), FAIL('HTTP 500')]);
    monitor.start();
    await clock.advance(5000);
    expect(changes).toEqual([]);
    await clock.advance(5000);
    expect(changes).toEqual([[10_000, 'unhealthy', 'HTTP 500']]);
    expect(monitor.state).toBe('unhealthy');
  });

  it('one success heals, and a success resets the failure count', async () => {
    const {clock, monitor, changes} = setup([FAIL(), FAIL(), FAIL(), PASS, FAIL(), FAIL(), PASS, FAIL(), FAIL(), FAIL()]);
    monitor.start();
    await clock.advance(45_000);
    expect(changes).toEqual([
      [10_000, 'unhealthy', 'HTTP 503'],
      [15_000, 'healthy', 'health check passed'],
      [45_000, 'unhealthy', 'HTTP 503'],
    ]);
  });

  it('does not count failures during the start period', async () => {
    const {clock, monitor, changes} = setup([FAIL('a'), FAIL('b'), FAIL('c'), FAIL('d')], {
      retries: 1,
      startPeriodMs: 12_000,
    });
    monitor.start();
    await clock.advance(10_000);
    expect(changes).toEqual([]);
    expect(monitor.lastFailure).toBe('c'); // seen, just not counted
    await clock.advance(5000);
    expect(changes).toEqual([[15_000, 'unhealthy', 'd']]);
  });

  it('counts every failure once the check passed, even inside the start period', async () => {
    const {clock, monitor, changes} = setup([PASS, FAIL()], {retries: 1, startPeriodMs: 60_000});
    monitor.start();
    await clock.advance(5000);
    expect(changes).toEqual([
      [0, 'healthy', 'health check passed'],
      [5000, 'unhealthy', 'HTTP 503'],
    ]);
  });

  it('aborts a probe that overruns the timeout and counts it as a failure', async () => {
    const {clock, monitor, changes, calls} = setup([HANG, PASS], {retries: 1});
    monitor.start();
    await clock.advance(1999);
    expect(calls[0]?.signal.aborted).toBe(false);
    await clock.advance(1);
    expect(calls[0]?.signal.aborted).toBe(true);
    expect(changes).toEqual([[2000, 'unhealthy', 'timed out after 2 s']]);
    // The interval runs from the end of the previous probe.
    await clock.advance(5000);
    expect(calls.map((c) => c.at)).toEqual([0, 7000]);
    expect(changes.at(-1)).toEqual([7000, 'healthy', 'health check passed']);
  });

  it('turns a probe that throws into a failure with its message', async () => {
    const {clock, monitor, changes} = setup([() => Promise.reject(new Error('boom'))], {retries: 1});
    monitor.start();
    await clock.advance(0);
    expect(changes).toEqual([[0, 'unhealthy', 'health probe crashed: boom']]);
  });

  it('treats retries 0 as 1', async () => {
    const {clock, monitor, changes} = setup([FAIL()], {retries: 0});
    monitor.start();
    await clock.advance(0);
    expect(changes).toEqual([[0, 'unhealthy', 'HTTP 503']]);
  });

  it('stop() aborts the probe in flight, ignores its answer and probes no more', async () => {
    let answer: (r: ProbeResult) => void = () => {};
    const slow = () => new Promise<ProbeResult>((resolve) => (answer = resolve));
    const {clock, monitor, changes, calls} = setup([slow]);
    monitor.start();
    await clock.advance(500);
    monitor.stop();
    expect(calls[0]?.signal.aborted).toBe(true);
    answer(PASS);
    await clock.advance(60_000);
    expect(changes).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });

  it('stop() from inside onChange schedules nothing more', async () => {
    const clock = new FakeClock();
    const scripted = scriptedProbe([PASS]);
    let probes = 0;
    const monitor = createHealthMonitor({
      check: {kind: 'tcp', host: '127.0.0.1', port: 1, intervalMs: 1000, timeoutMs: 500, retries: 1, startPeriodMs: 0},
      probe: (check, signal) => {
        probes++;
        return scripted.probe(check, signal);
      },
      now: clock.now,
      setTimer: clock.setTimer,
      onChange: () => monitor.stop(),
    });
    monitor.start();
    await clock.advance(10_000);
    expect(probes).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  it('probeNow() probes at once and restarts the interval from there', async () => {
    const {clock, monitor, changes, calls} = setup([FAIL(), PASS]);
    monitor.start();
    await clock.advance(1500);
    monitor.probeNow();
    await clock.advance(0);
    expect(changes).toEqual([[1500, 'healthy', 'health check passed']]);
    await clock.advance(5000);
    expect(calls.map((c) => c.at)).toEqual([0, 1500, 6500]);
  });

  it('probeNow() is a no-op before start, while a probe runs, and after stop', async () => {
    const {clock, monitor, calls} = setup([HANG]);
    monitor.probeNow();
    expect(calls).toHaveLength(0);
    monitor.start();
    await clock.advance(100);
    monitor.probeNow();
    expect(calls).toHaveLength(1);
    monitor.stop();
    monitor.probeNow();
    expect(calls).toHaveLength(1);
  });

  it('start() twice does not double the probes', async () => {
    const {clock, monitor, calls} = setup([]);
    monitor.start();
    monitor.start();
    await clock.advance(5000);
    expect(calls.map((c) => c.at)).toEqual([0, 5000]);
  });
});

describe('systemTimers', () => {
  it('fires after the delay and can be cancelled', async () => {
    const fired: string[] = [];
    systemTimers.setTimer(() => fired.push('a'), 5);
    const cancel = systemTimers.setTimer(() => fired.push('b'), 5);
    cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fired).toEqual(['a']);
    expect(Math.abs(systemTimers.now() - Date.now())).toBeLessThan(1000);
  });
});
