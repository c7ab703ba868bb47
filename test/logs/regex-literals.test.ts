import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {requiredLiterals} from '../../src/logs/regex-literals.js';

describe('requiredLiterals', () => {
  it('finds the longest run of plain text of each top-level branch', () => {
    expect(requiredLiterals('deadlock')).toEqual(['deadlock']);
    expect(requiredLiterals('dead.*lock detected')).toEqual(['lock detected']);
    expect(requiredLiterals('timeout|refused')).toEqual(['timeout', 'refused']);
    expect(requiredLiterals('a\\.b\\/c')).toEqual(['a.b/c']);
    expect(requiredLiterals('line\\tend')).toEqual(['line\tend']);
  });

  it('leaves out atoms a quantifier makes optional, and never reads into groups or classes', () => {
    expect(requiredLiterals('colou?r')).toEqual(['colo']);
    expect(requiredLiterals('abc{0,2}de')).toEqual(['ab']);
    expect(requiredLiterals('abc{2}de')).toEqual(['abc']);
    expect(requiredLiterals('abcd+e')).toEqual(['abcd']);
    expect(requiredLiterals('xy(abcdef)?z')).toEqual(['xy']);
    expect(requiredLiterals('xy[abcdef]zz')).toEqual(['xy']);
    expect(requiredLiterals('(a|b)cd|ef')).toEqual(['cd', 'ef']);
  });

  it('gives nothing when a branch has no literal of the minimum length, or the pattern does not parse', () => {
    expect(requiredLiterals('a|bc')).toBeUndefined();
    expect(requiredLiterals('\\d+')).toBeUndefined();
    expect(requiredLiterals('^$')).toBeUndefined();
    expect(requiredLiterals('(abc')).toBeUndefined();
    expect(requiredLiterals('abc\\')).toBeUndefined();
    expect(requiredLiterals('x\\b\\w\\1y')).toBeUndefined();
  });

  it('regression: a quantifier after a character outside the BMP never leaves half of it', () => {
    // Without the u flag `+`/`*` apply to the low surrogate only.
    expect(requiredLiterals('ab😀*')).toEqual(['ab']);
  });

  it('every string a random pattern matches contains one of its literals', () => {
    const pieces = ['a', 'b', 'c', 'ab', 'bc', '.', '*', '+', '?', '{0,1}', '{2}', '(a|b)', '(ab)?', '[ab]', '\\.', '\\d', '\\s', '^', '$', '|', '\\t', '(?=a)', '(?!b)', '{', '}', ']', 'x'];
    const alphabet = fc.constantFrom('a', 'b', 'c', 'x', '.', '1', ' ', '\t', '{', '}', ']');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), {minLength: 1, maxLength: 8}), fc.array(fc.array(alphabet, {maxLength: 12}).map((cs) => cs.join('')), {maxLength: 30}), fc.boolean(), (parts, texts, insensitive) => {
        const source = parts.join('');
        let regex: RegExp;
        try {
          regex = new RegExp(source, insensitive ? 'i' : '');
        } catch {
          return;
        }
        const literals = requiredLiterals(source, 1);
        if (literals === undefined) return;
        for (const text of texts) {
          if (!regex.test(text)) continue;
          const haystack = insensitive ? text.toLowerCase() : text;
          expect(literals.some((l) => haystack.includes(insensitive ? l.toLowerCase() : l)), `${source} matched ${JSON.stringify(text)}`).toBe(true);
        }
      }),
      {numRuns: 3000},
    );
  });
});
