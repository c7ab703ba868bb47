/**
 * Frame pacing on a fake clock: new data draws at most once per interval after the previous
 * frame of any kind; a key draws at once and takes the waiting data frame with it.
 */
import {expect, test} from 'vitest';
import {FramePacer} from '../../src/tui/frame-pacer.js';
import type {Timers} from '../../src/tui/ui-timers.js';

function fakeClock() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, {at: number; callback: () => void}>();
  const timers: Timers = {
    setInterval: () => undefined,
    clearInterval: () => undefined,
    setTimeout: (callback, ms) => {
      const id = next++;
      pending.set(id, {at: now + ms, callback});
      return id;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const advance = (ms: number): void => {
    const until = now + ms;
    for (;;) {
      const due = [...pending].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    now = until;
  };
  return {timers, now: () => now, advance, pending: () => pending.size};
}

function pacer(interval = 84) {
  const clock = fakeClock();
  const frames: number[] = [];
  const p: FramePacer = new FramePacer(clock.timers, clock.now, interval, () => {
    frames.push(clock.now());
    p.drew();
  });
  /** A key: the controller draws at once. */
  const key = (): void => {
    frames.push(clock.now());
    p.drew();
  };
  return {p, clock, frames, key};
}

test('a flood of data draws at most once per interval, the first at once', () => {
  const {p, clock, frames} = pacer();
  for (let t = 0; t < 500; t += 5) {
    p.dataChanged();
    clock.advance(5);
  }
  expect(frames[0]).toBe(0);
  expect(frames.every((at, i) => i === 0 || at - (frames[i - 1] as number) >= 84)).toBe(true);
  expect(frames.length).toBe(6); // 0, 84, 168, 252, 336, 420
});

test('a key inside the interval draws at once and takes the waiting data frame with it', () => {
  const {p, clock, frames, key} = pacer();
  p.dataChanged();
  clock.advance(0);
  expect(frames).toEqual([0]);
  clock.advance(10);
  p.dataChanged(); // waits until 84
  expect(p.pending).toBe(true);
  clock.advance(20);
  key(); // at 30: not held until 84
  expect(frames).toEqual([0, 30]);
  expect(p.pending).toBe(false);
});

test('frames a key drew come out of the data frames after it: the frame rate under a flood does not rise', () => {
  const {p, clock, frames, key} = pacer();
  // A flood for 10 s with a key every 150 ms: 12 frames a second in all, not 12 plus the keys.
  for (let t = 0; t < 10_000; t += 5) {
    if (t % 150 === 0) key();
    p.dataChanged();
    clock.advance(5);
  }
  expect(frames.length).toBeLessThanOrEqual(Math.ceil(10_000 / 84) + 3);
  // Every key was drawn the moment it was pressed.
  for (let t = 0; t < 10_000; t += 150) expect(frames).toContain(t);
});

test('keys mashed faster than the frame rate are each drawn; the data frames wait (a bounded debt)', () => {
  const {p, clock, frames, key} = pacer();
  for (let i = 0; i < 10; i++) {
    key();
    clock.advance(10);
  }
  expect(frames).toHaveLength(10);
  p.dataChanged();
  clock.advance(2 * 84); // the debt (two frames at most) is paid first
  expect(frames).toHaveLength(10);
  clock.advance(84);
  expect(frames).toHaveLength(11);
});

test('nothing changed, nothing drawn; dispose drops a waiting frame', () => {
  const {p, clock, frames} = pacer();
  clock.advance(1000);
  expect(frames).toEqual([]);
  p.dataChanged();
  p.dataChanged();
  clock.advance(0);
  expect(frames).toEqual([1000]);
  p.dataChanged();
  p.dispose();
  expect(clock.pending()).toBe(0);
  clock.advance(1000);
  expect(frames).toEqual([1000]);
});

test('a clock that jumps back never holds a data frame longer than the budget allows', () => {
  const clock = fakeClock();
  let current = 10_000;
  const frames: number[] = [];
  const p: FramePacer = new FramePacer(clock.timers, () => current, 84, () => {
    frames.push(clock.now());
    p.drew();
  });
  p.drew(); // at 10 000 on the pacer's clock
  current = 0; // the clock went back
  p.dataChanged();
  clock.advance(84);
  expect(frames).toEqual([84]);
});
