import {beforeAll, describe, expect, it} from 'vitest';
import {parseTimeBound} from '../../src/logs/time.js';

const NOW = Date.UTC(2024, 0, 20, 12, 0, 0);

beforeAll(() => {
  // A zone with an offset and DST, so "local" is distinguishable from UTC.
  process.env.TZ = 'America/New_York';
});

function value(input: string | number): number {
  const result = parseTimeBound(input, NOW);
  if (!result.ok) throw new Error(`expected ok for ${String(input)}: ${result.error}`);
  return result.value;
}

function error(input: string | number): string {
  const result = parseTimeBound(input, NOW);
  if (result.ok) throw new Error(`expected an error for ${String(input)}, got ${result.value}`);
  return result.error;
}

describe('parseTimeBound', () => {
  it('reads RFC 3339 with Z, offsets and fractions', () => {
    expect(value('2024-01-20T10:00:00Z')).toBe(Date.UTC(2024, 0, 20, 10));
    expect(value('2024-01-20t10:00:00z')).toBe(Date.UTC(2024, 0, 20, 10));
    expect(value('2024-01-20T10:00:00.123Z')).toBe(Date.UTC(2024, 0, 20, 10, 0, 0, 123));
    expect(value('2024-01-20T10:00:00.123456789Z')).toBe(Date.UTC(2024, 0, 20, 10, 0, 0, 123));
    expect(value('2024-01-20T10:00:00.5Z')).toBe(Date.UTC(2024, 0, 20, 10, 0, 0, 500));
    expect(value('2024-01-20T10:00:00+01:00')).toBe(Date.UTC(2024, 0, 20, 9));
    expect(value('2024-01-20T10:00:00-0530')).toBe(Date.UTC(2024, 0, 20, 15, 30));
    expect(value('2024-01-20 10:00:00Z')).toBe(Date.UTC(2024, 0, 20, 10));
  });

  it('reads zone-less times as local wall-clock time', () => {
    // New York is UTC-5 in January.
    expect(value('2024-01-20 10:00:00')).toBe(Date.UTC(2024, 0, 20, 15));
    expect(value('2024-01-20T10:00')).toBe(Date.UTC(2024, 0, 20, 15));
    expect(value('2024-01-20')).toBe(Date.UTC(2024, 0, 20, 5));
    // … and UTC-4 in July: the offset follows the date, not today.
    expect(value('2024-07-01 10:00:00')).toBe(Date.UTC(2024, 6, 1, 14));
  });

  it('reads durations as that long before now', () => {
    expect(value('30s')).toBe(NOW - 30_000);
    expect(value('10m')).toBe(NOW - 600_000);
    expect(value('2h')).toBe(NOW - 7_200_000);
    expect(value('1d')).toBe(NOW - 86_400_000);
    expect(value('1h30m')).toBe(NOW - 5_400_000);
    expect(value('10m ago')).toBe(NOW - 600_000);
    expect(value(' now ')).toBe(NOW);
  });

  it('reads epoch milliseconds as numbers and long digit strings', () => {
    expect(value(1705744800000)).toBe(1705744800000);
    expect(value(0)).toBe(0);
    expect(value('1705744800000')).toBe(1705744800000);
  });

  it('refuses ambiguous digit strings with a hint', () => {
    expect(error('30')).toBe('"30" is ambiguous: add a unit for a duration before now ("30s", "30m") or give epoch milliseconds');
    expect(error('1705744800')).toContain('looks like epoch seconds; epoch milliseconds are expected (1705744800000)');
  });

  it('refuses impossible dates and times, naming what is wrong', () => {
    expect(error('2024-02-30')).toContain('is not a calendar date (2024-02-30)');
    expect(error('2024-13-01')).toContain('is not a calendar date');
    expect(error('2024-01-20T24:00:00Z')).toContain('impossible time of day');
    expect(error('2024-01-20T10:60')).toContain('impossible time of day');
    expect(error('2024-01-20T10:00:00+25:00')).toContain('impossible UTC offset');
    expect(value('2024-02-29')).toBe(Date.UTC(2024, 1, 29, 5));
    expect(error('2023-02-29')).toContain('is not a calendar date');
  });

  it('refuses text that is no time at all, listing the accepted forms', () => {
    expect(error('yesterday')).toBe(
      '"yesterday" is not a time: use RFC 3339 (2024-01-20T10:00:00Z), a local time ("2024-01-20 10:00:00", "2024-01-20T10:00", "2024-01-20"), ' +
        'a duration before now ("30s", "10m", "2h", "1d") or epoch milliseconds (1705744800000)',
    );
    expect(error('  ')).toContain('empty time');
    expect(error('10x')).toContain('"10x" is not a time');
    expect(error(-1)).toBe('-1 is not a time: epoch milliseconds must be a finite number ≥ 0');
    expect(error(Number.NaN)).toContain('is not a time');
  });
});
