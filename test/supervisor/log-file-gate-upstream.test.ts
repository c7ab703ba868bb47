import {describe, expect, it} from 'vitest';
import type {FlowGate, Pausable} from '../../src/supervisor/capture.js';
import {LogFileGate} from '../../src/supervisor/log-file-gate.js';

/** A file whose write acceptance and drain the test drives. */
function drivenFile() {
  let drain: (() => void) | undefined;
  const file = {
    accept: true,
    write: (_text: string) => file.accept,
    onDrain: (fn: () => void) => ((drain = fn), () => true),
    close: async () => undefined,
    drain: () => drain?.(),
  };
  return file;
}

function upstreamGate(): FlowGate & {hold(): void; release(): void} {
  const targets = new Set<Pausable>();
  let holding = false;
  return {
    attach(target) {
      targets.add(target);
      if (holding) target.pause();
      return () => targets.delete(target);
    },
    hold: () => {
      holding = true;
      for (const t of targets) t.pause();
    },
    release: () => {
      holding = false;
      for (const t of targets) t.resume();
    },
  };
}

function recorder(): Pausable & {events: string[]} {
  const events: string[] = [];
  return {events, pause: () => events.push('pause'), resume: () => events.push('resume')};
}

describe('LogFileGate with an upstream holder (the history backlog)', () => {
  it('a pipe reads again only when neither the file nor the upstream holds it', () => {
    const file = drivenFile();
    const upstream = upstreamGate();
    const gate = new LogFileGate(file, upstream);
    const pipes = recorder();
    gate.attach(pipes);
    upstream.hold();
    file.accept = false;
    gate.write('x\n');
    // Held twice, paused once.
    expect(pipes.events).toEqual(['pause']);
    file.drain();
    expect(pipes.events).toEqual(['pause']);
    upstream.release();
    expect(pipes.events).toEqual(['pause', 'resume']);
    // The other order: the upstream lets go first, the file last.
    gate.write('y\n');
    upstream.hold();
    upstream.release();
    expect(pipes.events).toEqual(['pause', 'resume', 'pause']);
    file.drain();
    expect(pipes.events).toEqual(['pause', 'resume', 'pause', 'resume']);
  });

  it('a pipe attached while the upstream holds starts paused; detaching leaves both holders', () => {
    const upstream = upstreamGate();
    const gate = new LogFileGate(undefined, upstream);
    upstream.hold();
    const pipes = recorder();
    const detach = gate.attach(pipes);
    expect(pipes.events).toEqual(['pause']);
    detach();
    upstream.release();
    expect(pipes.events).toEqual(['pause']);
  });

  it('a resume from a holder that never held is ignored', () => {
    const file = drivenFile();
    const upstream = upstreamGate();
    const gate = new LogFileGate(file, upstream);
    const pipes = recorder();
    gate.attach(pipes);
    upstream.release();
    file.drain();
    expect(pipes.events).toEqual([]);
  });
});
