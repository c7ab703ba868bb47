/** The UI's pure parts: text fitting, rates, filter description, scroll anchoring, colour choice. */
import {describe, expect, test} from 'vitest';
import {compileFilter} from '../../src/logs/filter.js';
import {Ring} from '../../src/logs/ring.js';
import {describeFilter, EMPTY_FILTER, smartCase, toSpec} from '../../src/tui/filter-state.js';
import {computeLayout} from '../../src/tui/layout.js';
import {LogWindow} from '../../src/tui/log-window.js';
import {compactCount, compactUptime, RateHistory, sparkline} from '../../src/tui/stats.js';
import {colorEnabled} from '../../src/tui/terminal.js';
import {fitAnsi, highlight, plainWidth} from '../../src/tui/text.js';
import {entry} from '../logs/entries.js';

describe('text', () => {
  test('fitAnsi cuts by columns, keeps colours closed, drops OSC hyperlinks', () => {
    expect(fitAnsi('\x1b[31mhello world\x1b[0m', 5)).toBe('\x1b[31mhello\x1b[0m');
    expect(fitAnsi('abc', 5, true)).toBe('abc  ');
    expect(fitAnsi('\x1b]8;;http://x\x07link\x1b]8;;\x07!', 10)).toBe('link!');
    expect(fitAnsi('日本語', 5)).toBe('日本'); // wide characters take two columns
    expect(plainWidth('日本a')).toBe(5);
  });

  test('highlight marks every match, with brackets when there is no colour', () => {
    expect(highlight('a needle and a needle', /needle/i, false)).toBe('a [needle] and a [needle]');
    expect(highlight('x', /y/, true)).toBe('x');
    expect(highlight('abab', /b/, true)).toBe('a\x1b[7mb\x1b[27ma\x1b[7mb\x1b[27m');
  });
});

describe('stats', () => {
  test('rates per second from counters, sparkline scaled to its maximum', () => {
    const rates = new RateHistory(4);
    rates.sample([{id: 'a', lines: 0}], 0);
    rates.sample([{id: 'a', lines: 100}], 1000);
    rates.sample([{id: 'a', lines: 150}], 2000);
    expect(rates.rates('a')).toEqual([100, 50]);
    expect(rates.current('a')).toBe(50);
    expect(rates.current('unknown')).toBe(0);
    expect(sparkline([0, 50, 100], 4)).toBe(' ▁▄█');
    expect(compactCount(999)).toBe('999');
    expect(compactCount(12_345)).toBe('12k');
    expect(compactCount(1_500_000)).toBe('1.5M');
    expect(compactUptime(65_000)).toBe('1m05s');
    expect(compactUptime(2 * 3_600_000 + 600_000)).toBe('2h10m');
  });
});

describe('filter state', () => {
  test('spec and description of the UI filter; pipeline notes stay in the merged view', () => {
    const filter = {...EMPTY_FILTER, hidden: new Set(['b']), minLevel: 'warn' as const, time: '5m' as const, include: 'time', exclude: 'Noise'};
    expect(toSpec(filter, ['a', 'b'])).toEqual({components: ['', 'a'], minLevel: 'warn', since: '5m', include: ['(?i)time'], exclude: ['Noise']});
    expect(toSpec(filter, ['a', 'b'], 'a').components).toEqual(['a']);
    expect(describeFilter(filter)).toBe('hidden: b · level≥warn · last 5 m · /time/ · \\Noise\\');
    expect(describeFilter(EMPTY_FILTER)).toBe('');
    expect(smartCase('(?i)x')).toBe('(?i)x');
  });
});

describe('layout', () => {
  test('frames are rows - 1 high; too small is said', () => {
    const fits = computeLayout(80, 24, 3, 2);
    expect(fits.fits && fits.layout.height).toBe(23);
    expect(fits.fits && fits.layout.paneWidths.reduce((a, b) => a + b, 0) + 1).toBe(80);
    expect(computeLayout(49, 24, 3, 1)).toEqual({fits: false, message: expect.stringContaining('Terminal too small: 49×24, needs 50×12'), short: '49×24 < 50×12'});
  });
});

describe('log window', () => {
  const ring = (count: number, max = 1000): Ring => {
    const r = new Ring({maxEntries: max});
    r.append(Array.from({length: count}, (_, i) => entry({seq: i + 1})));
    return r;
  };

  test('a paused window whose rows were evicted shows the oldest retained entries', () => {
    const r = ring(20, 20);
    const window = new LogWindow(r, undefined);
    window.top(5);
    expect(window.rows(5).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    r.append(Array.from({length: 10}, (_, i) => entry({seq: 21 + i})));
    expect(window.rows(5).map((e) => e.seq)).toEqual([11, 12, 13, 14, 15]);
  });

  test('counts new matching entries only while paused', () => {
    const r = ring(10);
    const filter = compileFilter({minLevel: 'warn'});
    if (!filter.ok) throw new Error(filter.error.message);
    const window = new LogWindow(r, filter.value);
    expect(window.onEntries([entry({seq: 11, level: 'error'})])).toBe(true);
    expect(window.newCount).toBe(0);
    window.pause(5);
    expect(window.onEntries([entry({seq: 12, level: 'info'})])).toBe(false);
    expect(window.onEntries([entry({seq: 13, level: 'warn'}), entry({seq: 14, level: 'fatal'})])).toBe(true);
    expect(window.newCount).toBe(2);
    window.resume();
    expect(window.newCount).toBe(0);
  });
});

describe('colour', () => {
  const tty = {hasColors: () => true} as unknown as NodeJS.WriteStream;
  test('NO_COLOR and FORCE_COLOR=0 turn colour off; a terminal without colours too', () => {
    expect(colorEnabled({}, tty)).toBe(true);
    expect(colorEnabled({NO_COLOR: '1'}, tty)).toBe(false);
    expect(colorEnabled({NO_COLOR: ''}, tty)).toBe(true);
    expect(colorEnabled({FORCE_COLOR: '0'}, tty)).toBe(false);
    expect(colorEnabled({}, {hasColors: () => false} as unknown as NodeJS.WriteStream)).toBe(false);
    expect(colorEnabled({FORCE_COLOR: '1'}, {hasColors: () => false} as unknown as NodeJS.WriteStream)).toBe(true);
  });
});
