import {describe, expect, it} from 'vitest';
import {parseEnvFile} from '../../src/config/env-file.js';

describe('parseEnvFile', () => {
  it('reads KEY=value lines, export, comments, quotes and inline comments', () => {
    const text = [
      '# comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      '  INDENTED = spaced  ',
      'DOUBLE="a \\"b\\"\\nc"',
      "SINGLE='${literal} \\n'",
      'INLINE=value # a comment',
      'HASH=a#b',
      'EMPTY=',
    ].join('\n');
    const result = parseEnvFile('/x/.env', text);
    expect(result).toEqual({
      ok: true,
      value: {PLAIN: 'value', EXPORTED: 'yes', INDENTED: 'spaced', DOUBLE: 'a "b"\nc', SINGLE: '${literal} \\n', INLINE: 'value', HASH: 'a#b', EMPTY: ''},
    });
  });

  it('locates a line without =', () => {
    expect(parseEnvFile('/x/.env', 'A=1\n  oops\n')).toMatchObject({
      ok: false,
      error: {code: 'env-file-syntax', message: 'expected KEY=value', location: {file: '/x/.env', line: 2, col: 3, length: 4}},
    });
  });

  it('locates a bad name and an unterminated quote', () => {
    expect(parseEnvFile('/x/.env', '1A=x')).toMatchObject({ok: false, error: {message: '`1A` is not a valid variable name', location: {line: 1, col: 1}}});
    expect(parseEnvFile('/x/.env', 'export A="open')).toMatchObject({ok: false, error: {message: 'unterminated quoted value for `A`', location: {line: 1, col: 10}}});
  });
});
