import {stripVTControlCharacters} from 'node:util';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {overwriteCarriageReturns} from '../../src/logs/terminal-line.js';

const green = (text: string): string => `\x1b[32m${text}\x1b[0m`;

/** The column model without escapes: each CR-separated segment overwrites from column 0. */
function plainModel(text: string): string {
  const columns: string[] = [];
  for (const segment of text.split('\r')) [...segment].forEach((ch, i) => (columns[i] = ch));
  return columns.join('');
}

describe('overwriteCarriageReturns', () => {
  it('overwrites by code point, so emoji are not split into surrogates', () => {
    expect(overwriteCarriageReturns('😀😀😀\rX')).toBe('X😀😀');
  });

  it('regression cr-ansi-columns: coloured frames overwrite as on a terminal (99%%, not 99%m)', () => {
    const line = `${green('100%')}\r${green('99%')}`;
    expect(overwriteCarriageReturns(line)).toBe('\x1b[32m99%%\x1b[0m');
    expect(stripVTControlCharacters(overwriteCarriageReturns(line))).toBe('99%%');
  });

  it('keeps each column in the colour it was written in, and ends in the line\'s final state', () => {
    // "abc" red, then "X" green over column 0: X green, bc red, reset at the end.
    expect(overwriteCarriageReturns('\x1b[31mabc\x1b[0m\r\x1b[32mX\x1b[0m')).toBe('\x1b[32mX\x1b[0m\x1b[31mbc\x1b[0m');
    // The colour stays on across the CR, as on a terminal, and the line leaves it on.
    expect(overwriteCarriageReturns('\x1b[1m\x1b[34mab\rc')).toBe('\x1b[1m\x1b[34mcb');
    // A reset with parameters (`0;32`) starts afresh.
    expect(overwriteCarriageReturns('\x1b[1mab\r\x1b[0;32mc\x1b[m')).toBe('\x1b[0;32mc\x1b[0m\x1b[1mb\x1b[0m');
  });

  it('erases in line as a terminal does (ESC[K, ESC[1K, ESC[2K after the CR of a progress bar)', () => {
    expect(overwriteCarriageReturns('100%\r\x1b[K5%')).toBe('5%');
    expect(overwriteCarriageReturns('100%\r\x1b[2K5%')).toBe('5%');
    expect(overwriteCarriageReturns('abcdef\rab\x1b[0Kx')).toBe('abx');
    expect(overwriteCarriageReturns('abcdef\rab\x1b[1K')).toBe('   def');
    expect(overwriteCarriageReturns('abcdef\x1b[2K')).toBe('');
    expect(overwriteCarriageReturns('abc\x1b[2Kd\r')).toBe('   d');
  });

  it('keeps other escapes (links, titles, cursor keys) in order, taking no column', () => {
    const link = '\x1b]8;;https://example.org\x1b\\';
    const end = '\x1b]8;;\x1b\\';
    expect(overwriteCarriageReturns(`${link}10%${end}\r${link}50%${end}`)).toBe(`${link}${end}${link}50%${end}`);
    expect(stripVTControlCharacters(overwriteCarriageReturns('\x1b]0;title\x07abc\rX'))).toBe('Xbc');
    // An unfinished sequence does not swallow the CR that follows it.
    expect(overwriteCarriageReturns('ab\x1b[3\rX')).toBe('\x1b[3Xb');
    expect(overwriteCarriageReturns('ab\x1b\rX')).toBe('\x1bXb');
  });

  it('without escapes, is the plain column model', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({unit: 'grapheme', maxLength: 6}), fc.constant('\r')), {maxLength: 20}), (parts) => {
        const text = parts.join('');
        expect(overwriteCarriageReturns(text)).toBe(plainModel(text));
      }),
      {numRuns: 1000},
    );
  });

  it('colours take no column: stripped of escapes, the result is the plain model of the stripped line', () => {
    const sgr = fc.constantFrom('\x1b[32m', '\x1b[0m', '\x1b[m', '\x1b[1;31m', '\x1b[38;5;208m', '\x1b[0;33m');
    // eslint-disable-next-line no-control-regex -- printable text only: controls are what the other pieces add
    const piece = fc.oneof(fc.string({maxLength: 5}).map((s) => s.replace(/[\x00-\x1f\x7f-\x9f]/gu, '')), sgr, fc.constant('\r'));
    fc.assert(
      fc.property(fc.array(piece, {maxLength: 24}), (parts) => {
        const text = parts.join('');
        expect(stripVTControlCharacters(overwriteCarriageReturns(text))).toBe(plainModel(stripVTControlCharacters(text)));
      }),
      {numRuns: 2000},
    );
  });
});
