/** Level words and timestamp helpers the parsers share. */
import {describe, expect, it} from 'vitest';
import {levelFromNumber, levelFromValue, levelFromWord} from '../../../src/logs/parse/levels.js';
import {epochToMs, parseGoLogPrefix, parseIsoPrefix, timeFromValue} from '../../../src/logs/parse/time.js';

describe('levels', () => {
  it.each([
    ['TRACE', 'trace'], ['Debug', 'debug'], ['INF', 'info'], ['notice', 'info'], ['Warning', 'warn'], ['WRN', 'warn'],
    ['erro', 'error'], ['DPANIC', 'error'], ['panic', 'fatal'], ['CRITICAL', 'fatal'], ['eRrOr', 'error'],
    ['nonsense', undefined], ['', undefined], ['informationalxx', undefined],
  ])('%s → %s', (word, level) => {
    expect(levelFromWord(word)).toBe(level);
  });

  it.each([[5, undefined], [10, 'trace'], [25, 'info'], [40, 'warn'], [50, 'error'], [60, 'fatal'], [70, 'fatal'], [Number.NaN, undefined]])(
    'pino %s → %s', (value, level) => {
      expect(levelFromNumber(value)).toBe(level);
    },
  );

  it('reads numeric strings and ignores other value types', () => {
    expect(levelFromValue('50')).toBe('error');
    expect(levelFromValue(true)).toBeUndefined();
    expect(levelFromValue(null)).toBeUndefined();
  });
});

describe('time', () => {
  it.each<[string, number | undefined]>([
    ['2025-12-03T12:21:40Z', Date.UTC(2025, 11, 3, 12, 21, 40)],
    ['2025-12-03T12:21:40.5+05:30', Date.UTC(2025, 11, 3, 6, 51, 40, 500)],
    ['2025-12-03T12:21:40.874-0500', Date.UTC(2025, 11, 3, 17, 21, 40, 874)],
    ['2025-12-03T12:21:40-05', Date.UTC(2025, 11, 3, 17, 21, 40)],
    ['2025-12-03 12:21', new Date(2025, 11, 3, 12, 21).getTime()],
    ['2025-12-03T25:00:00Z', undefined],
    ['2025-12-03X12:21:40Z', undefined],
    ['2025-1-03T12:21:40Z', undefined],
  ])('ISO %s', (text, ms) => {
    expect(parseIsoPrefix(text)?.ms).toBe(ms);
  });

  it('reports where the ISO time ends', () => {
    expect(parseIsoPrefix('2025-12-03T12:21:40.123456789Z rest')?.end).toBe(30);
    expect(parseIsoPrefix('x 2025-12-03T12:21:40Z', 2)?.ms).toBe(Date.UTC(2025, 11, 3, 12, 21, 40));
  });

  it('parses the Go log prefix as local time', () => {
    expect(parseGoLogPrefix('2025/12/03 12:21:40.000123 x')).toEqual({ms: new Date(2025, 11, 3, 12, 21, 40).getTime(), end: 26});
    expect(parseGoLogPrefix('2025-12-03 12:21:40 x')).toBeUndefined();
  });

  it.each<[number, number | undefined]>([
    [1764782500.1234567, 1764782500123], [1764782500123, 1764782500123], [1764782500123456, 1764782500123],
    [1764782500123456 * 1000, 1764782500123], [0, undefined], [-1, undefined], [Number.POSITIVE_INFINITY, undefined],
  ])('epoch %s', (value, ms) => {
    expect(epochToMs(value)).toBe(ms);
  });

  it('refuses values that are no time', () => {
    expect(timeFromValue('soon')).toBeUndefined();
    expect(timeFromValue('')).toBeUndefined();
    expect(timeFromValue({})).toBeUndefined();
  });
});
