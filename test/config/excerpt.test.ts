/** The source excerpt under a diagnostic: terminal columns, and a window on long lines. */
import {describe, expect, it} from 'vitest';
import {excerptOf, MAX_EXCERPT_COLUMNS} from '../../src/config/excerpt.js';

describe('excerptOf', () => {
  it('caret-wide-characters: after CJK and emoji the caret sits under the error (they take two columns each)', () => {
    const line = '  name: 源码🚀 comand: x';
    const col = line.indexOf('comand') + 1;
    expect(excerptOf(line, col, 6)).toEqual({text: line, caretColumn: 8 + 4 + 2 + 1, caretWidth: 6});
    // A wide character underlined is two carets per character.
    expect(excerptOf('id: 源码', 5, 2)).toEqual({text: 'id: 源码', caretColumn: 4, caretWidth: 4});
  });

  it('long-line-window: a 20 000-character line shows about 100 columns around the error, cut with …', () => {
    const line = `${'a'.repeat(10_000)}ERROR${'b'.repeat(10_000)}`;
    const excerpt = excerptOf(line, 10_001, 5);
    expect(excerpt.text).toBe(`…${'a'.repeat(40)}ERROR${'b'.repeat(MAX_EXCERPT_COLUMNS - 2 - 45)}…`);
    expect(excerpt.text.slice(excerpt.caretColumn, excerpt.caretColumn + 5)).toBe('ERROR');
    expect(excerpt.caretWidth).toBe(5);
  });

  it('a long line cut only on the right when the error is near its start; a caret past the end stays visible', () => {
    const line = `key: ${'x'.repeat(500)}`;
    expect(excerptOf(line, 1, 3)).toMatchObject({text: `${line.slice(0, MAX_EXCERPT_COLUMNS - 1)}…`, caretColumn: 0, caretWidth: 3});
    expect(excerptOf('short', 6, 1)).toEqual({text: 'short', caretColumn: 5, caretWidth: 1});
  });
});
