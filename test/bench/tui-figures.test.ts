/** The TUI figure's summary: latencies of keys pressed during the flood, keys never shown counted. */
import {expect, test} from 'vitest';
import {summariseTui, tuiLine} from '../../bench/lib/tui.mjs';

const raw = (presses: {latencyMs?: number; duringFlood: boolean}[]) => ({
  presses,
  renderShare: 0.25,
  renderS: 0.5,
  cpuS: 2,
  floodS: 4,
  linesPerS: 50_000,
  frames: 30,
  drawS: 0.05,
  inkS: 0.4,
  writeS: 0.01,
  exitCode: 0,
});

test('percentiles come from the keys pressed during the flood; keys never shown are counted', () => {
  const during = Array.from({length: 20}, (_, i) => ({latencyMs: (i + 1) * 10, duringFlood: true}));
  const t = summariseTui(raw([...during, {latencyMs: 5000, duringFlood: false}, {duringFlood: true}]));
  expect(t.keysDuringFlood).toBe(21);
  expect(t.p50).toBe(110);
  expect(t.p95).toBe(200);
  expect(t.max).toBe(200);
  expect(t.missed).toBe(1);
  expect(tuiLine(t)).toContain('1 never shown');
});

test('a flood too short for any key: all keys are used and the line says so', () => {
  const t = summariseTui(raw([{latencyMs: 40, duringFlood: false}, {latencyMs: 60, duringFlood: false}]));
  expect(t.p50).toBe(60);
  expect(tuiLine(t)).toContain('none during the flood');
});
