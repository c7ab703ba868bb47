import {describe, expect, it} from 'vitest';
import {LogFileGate} from '../../src/supervisor/log-file-gate.js';

describe('LogFileGate', () => {
  it('pauses every attached producer on backpressure and resumes them on drain', () => {
    let drain: (() => void) | undefined;
    let accept = true;
    const written: string[] = [];
    const gate = new LogFileGate({
      write: (text) => (written.push(text), accept),
      onDrain: (fn) => ((drain = fn), () => true),
      close: async () => undefined,
    });
    const events: string[] = [];
    const target = (name: string) => ({pause: () => events.push(`pause ${name}`), resume: () => events.push(`resume ${name}`)});
    const detachA = gate.attach(target('a'));
    gate.write('one\n');
    accept = false;
    gate.write('two\n');
    gate.write('three\n');
    expect(gate.blocked).toBe(true);
    gate.attach(target('late'));
    detachA();
    drain?.();
    expect(events).toEqual(['pause a', 'pause late', 'resume late']);
    expect(written).toEqual(['one\n', 'two\n', 'three\n']);
  });

  it('without a file, writes go nowhere and nothing is paused', async () => {
    const gate = new LogFileGate(undefined);
    gate.write('x');
    expect(gate.blocked).toBe(false);
    await gate.close();
  });
});
