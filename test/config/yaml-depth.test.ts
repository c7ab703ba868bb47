/** Nesting is refused before anything recursive reads it: one located error, never a stack overflow. */
import {describe, expect, it} from 'vitest';
import {findFlowInterpolations, findTooDeep, MAX_NESTING_DEPTH} from '../../src/config/yaml-depth.js';
import {parseYaml} from '../../src/config/yaml-document.js';
import {findUnclosed} from '../../src/config/yaml-unclosed.js';

const brackets = (depth: number) => `pipeline: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;

function blockNesting(depth: number): string {
  return Array.from({length: depth}, (_, level) => `${'  '.repeat(level)}k${level}:`).join('\n') + ' x\n';
}

describe('deep nesting', () => {
  it.each([3000, 1500, 200])('deep-flow-nesting-refused: `[` %i deep is one located error, not "Maximum call stack size exceeded"', (depth) => {
    const result = parseYaml('/d.yaml', brackets(depth));
    if (result.ok) return expect.fail('expected an error');
    expect(result.error).toEqual([
      {
        severity: 'error',
        code: 'too-deep',
        message: `nested ${depth + 1} levels deep; a pipeline file needs at most ${MAX_NESTING_DEPTH}`,
        path: undefined,
        location: {file: '/d.yaml', line: 1, col: 11 + MAX_NESTING_DEPTH - 1, length: 1},
        hint: 'is this the right file? flatten the nesting',
      },
    ]);
  });

  it('deep-block-nesting-refused: indented mappings 300 deep are refused on the line that goes past the limit', () => {
    const result = parseYaml('/d.yaml', blockNesting(300));
    if (result.ok) return expect.fail('expected an error');
    expect(result.error.map((d) => [d.code, d.message, d.location?.line, d.location?.col])).toEqual([
      ['too-deep', `nested 300 levels deep; a pipeline file needs at most ${MAX_NESTING_DEPTH}`, MAX_NESTING_DEPTH + 1, 2 * MAX_NESTING_DEPTH + 1],
    ]);
  });

  it('nesting up to the limit is read, and brackets in quotes, comments and block scalars do not count', () => {
    expect(findTooDeep(brackets(MAX_NESTING_DEPTH - 1))).toBeUndefined();
    const text = `a: "${'['.repeat(200)}"\nb: '${'{'.repeat(200)}'\n# ${'['.repeat(200)}\nc: |\n  ${'['.repeat(200)}\nd: x${'['.repeat(200)}\n`;
    expect(findTooDeep(text)).toBeUndefined();
    expect(parseYaml('/ok.yaml', text).ok).toBe(true);
  });

  it('unclosed-scan-iterative: findUnclosed walks 5 000 nested brackets without overflowing', () => {
    const text = `pipeline: ${'['.repeat(5000)}`;
    expect(findUnclosed(text)).toEqual([{kind: 'flow-seq', offset: 10 + 4999, end: expect.any(Number)}]);
  });
});

describe('findFlowInterpolations', () => {
  it('unquoted-interpolation-in-flow: `${VAR}` starting a value in [ ] or { } is found; quoted, in block style or mid-word it is not', () => {
    const text = 'a: [echo, ${MSG:-hi}]\nb: {x: ${EN}, y: "${Q}"}\nc: ${BLOCK}\nd: [pre${MID}]\n# [${COMMENT}]\n';
    expect(findFlowInterpolations(text)).toEqual([
      {offset: 10, text: '${MSG:-hi}'},
      {offset: 29, text: '${EN}'},
    ]);
  });
});
