/** D through the UI: each line counts once, at the first frame that shows its marker and its print time. */
import {expect, test} from 'vitest';
import {FrameLatency} from '../../bench/lib/frame-latency.mjs';

const row = (marker: string, printedUs: number): string => `12:00:00.000 d0 │ INFO  @${marker}@ processed ledger batch caller=bench/gen.c:118 component=d0 t=${printedUs} pad=abc`;

test('a line counts at the first frame that shows it, with print → frame time in ms', () => {
  const latency = new FrameLatency();
  latency.frame(`header\n${row('d0:1', 1_764_000_000_000_000)}\n${row('d1:1', 1_764_000_000_010_000)}\nfooter`, 1_764_000_000_040_000);
  // The next frame shows the first line again (still on screen) and a new one.
  latency.frame(`${row('d0:1', 1_764_000_000_000_000)}\n${row('d0:2', 1_764_000_000_050_000)}`, 1_764_000_000_060_000);
  expect(latency.latenciesMs).toEqual([40, 30, 10]);
});

test('a row cut before its print time, or without a marker, is not counted', () => {
  const latency = new FrameLatency();
  latency.frame(`12:00 d0 │ INFO  @d0:7@ processed ledger batch caller=bench/gen.c:118 comp…\nno marker here t=1764000000000000`, 1_764_000_000_040_000);
  expect(latency.latenciesMs).toEqual([]);
});
