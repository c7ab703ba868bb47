import {describe, expect, it} from 'vitest';
import {BacklogGate} from '../../../src/logs/store/backlog-gate.js';

function target(): {calls: string[]; pause(): void; resume(): void} {
  const calls: string[] = [];
  return {calls, pause: () => calls.push('pause'), resume: () => calls.push('resume')};
}

describe('BacklogGate', () => {
  it('pauses every producer at the high mark and resumes them only at the low mark', () => {
    const gate = new BacklogGate({high: 100, low: 20});
    const a = target();
    const b = target();
    gate.attach(a);
    gate.attach(b);
    gate.update(99);
    expect(a.calls).toEqual([]);
    gate.update(100);
    expect(gate.holding).toBe(true);
    gate.update(150);
    gate.update(50);
    gate.update(21);
    expect(a.calls).toEqual(['pause']);
    gate.update(20);
    expect(gate.holding).toBe(false);
    expect(a.calls).toEqual(['pause', 'resume']);
    expect(b.calls).toEqual(['pause', 'resume']);
    gate.update(100);
    expect(gate.pauses).toBe(2);
  });

  it('pauses a producer attached while holding, and forgets a detached one', () => {
    const gate = new BacklogGate({high: 10, low: 0});
    gate.update(10);
    const late = target();
    const detach = gate.attach(late);
    expect(late.calls).toEqual(['pause']);
    detach();
    gate.update(0);
    expect(late.calls).toEqual(['pause']);
  });

  it('opens for good when the writer is gone: releases the held, never holds again', () => {
    const gate = new BacklogGate({high: 10, low: 0});
    const a = target();
    gate.attach(a);
    gate.update(10);
    gate.openForGood();
    gate.update(1000);
    expect(a.calls).toEqual(['pause', 'resume']);
    expect(gate.holding).toBe(false);
  });

  it('refuses marks that could never resume', () => {
    expect(() => new BacklogGate({high: 10, low: 10})).toThrow(/0 ≤ low < high/);
    expect(() => new BacklogGate({high: 10, low: -1})).toThrow(/0 ≤ low < high/);
  });
});
