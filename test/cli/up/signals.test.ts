import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {gracefulStopNote, handleStopSignals, REPEAT_WINDOW_MS, type StopSignal} from '../../../src/cli/up/signals.js';

function harness() {
  const source = new EventEmitter();
  const calls: string[] = [];
  let clock = 1000;
  const remove = handleStopSignals(
    source,
    {graceful: (signal) => calls.push(`graceful ${signal}`), force: (signal) => calls.push(`force ${signal}`)},
    () => clock,
  );
  return {
    send: (signal: StopSignal) => source.emit(signal),
    advance: (ms: number) => (clock += ms),
    calls,
    remove,
    listeners: (signal: StopSignal) => source.listenerCount(signal),
  };
}

describe('handleStopSignals', () => {
  it('stops gracefully on the first of SIGINT, SIGTERM or SIGHUP and forces on a later second one', () => {
    for (const first of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const h = harness();
      h.send(first);
      h.advance(REPEAT_WINDOW_MS + 1);
      h.send('SIGINT');
      expect(h.calls).toEqual([`graceful ${first}`, 'force SIGINT']);
    }
  });

  it('regression double-delivery: a signal sent to the process and its group at once is one request', () => {
    const h = harness();
    h.send('SIGINT');
    h.send('SIGINT');
    expect(h.calls).toEqual(['graceful SIGINT']);
  });

  it('second-ctrl-c-ignored: a second press 100 ms after the first (a fast double press) forces', () => {
    const h = harness();
    h.send('SIGINT');
    h.advance(100);
    h.send('SIGINT');
    expect(h.calls).toEqual(['graceful SIGINT', 'force SIGINT']);
  });

  it('the window counts from the previous request handled, and echoes do not extend it', () => {
    const h = harness();
    h.send('SIGINT');
    h.advance(REPEAT_WINDOW_MS - 1);
    h.send('SIGINT'); // npm forwarding the terminal's SIGINT: an echo
    h.advance(1);
    h.send('SIGINT'); // REPEAT_WINDOW_MS after the first was handled: a press
    h.advance(1);
    h.send('SIGINT'); // its echo
    expect(h.calls).toEqual(['graceful SIGINT', 'force SIGINT']);
  });

  it('terminal-closed-crashes-up: a repeated SIGHUP (the shell passing on a hangup flowctl already saw) never kills at once', () => {
    const h = harness();
    h.send('SIGHUP');
    h.advance(2000);
    h.send('SIGHUP');
    expect(h.calls).toEqual(['graceful SIGHUP']);
    // A person can still skip the grace period.
    h.send('SIGTERM');
    expect(h.calls).toEqual(['graceful SIGHUP', 'force SIGTERM']);
  });

  it('says exactly how to skip the grace period', () => {
    expect(gracefulStopNote('SIGINT', 'ttp')).toBe('SIGINT received: stopping ttp gracefully; press Ctrl+C again to kill everything at once');
    expect(gracefulStopNote('SIGTERM', 'ttp')).toBe('SIGTERM received: stopping ttp gracefully; send SIGTERM again to kill everything at once');
    expect(gracefulStopNote('SIGHUP', 'ttp')).toBe('SIGHUP received: stopping ttp gracefully; send SIGTERM to kill everything at once');
  });

  it('removes its handlers', () => {
    const h = harness();
    expect(h.listeners('SIGTERM')).toBe(1);
    h.remove();
    expect(h.listeners('SIGTERM')).toBe(0);
    h.send('SIGTERM');
    expect(h.calls).toEqual([]);
  });
});
