import {describe, expect, it} from 'vitest';
import {formatDuration, parseDuration, durationText, MAX_TIMER_MS} from '../../src/util/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1.5s', 1500],
    ['15', 15_000],
    [3, 3000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'ten seconds', '10x', '10s junk', '-5s', 's'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('reads like a person wrote it', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(2000)).toBe('2 s');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(120_000)).toBe('2 min');
  });
});

describe('durationText', () => {
  it('writes milliseconds the way pipeline files write durations, in whole seconds', () => {
    expect(durationText(MAX_TIMER_MS)).toBe('24d20h31m23s');
    expect(parseDuration(durationText(MAX_TIMER_MS))).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect([0, 999, 90_000, 3_600_000, 86_400_000 + 5000].map(durationText)).toEqual(['0s', '0s', '1m30s', '1h', '1d5s']);
  });
});
