import {describe, expect, it} from 'vitest';
import {findCycles, startOrder} from '../../src/config/graph.js';

const edges = (spec: Record<string, string[]>) => new Map(Object.entries(spec));

describe('startOrder', () => {
  it('puts dependencies first, ties in declaration order', () => {
    expect(startOrder(['sink', 'source', 'processor'], edges({sink: ['processor'], processor: ['source']}))).toEqual(['source', 'processor', 'sink']);
    expect(startOrder(['a', 'b', 'c'], edges({}))).toEqual(['a', 'b', 'c']);
    expect(startOrder(['a', 'b', 'c', 'd'], edges({a: ['d'], c: ['b']}))).toEqual(['b', 'c', 'd', 'a']);
  });

  it('ignores unknown ids and self-edges, and still lists every id when a cycle slipped through', () => {
    expect(startOrder(['a', 'b'], edges({a: ['ghost', 'a']}))).toEqual(['a', 'b']);
    expect(startOrder(['a', 'b', 'c'], edges({a: ['b'], b: ['a']}))).toEqual(['c', 'a', 'b']);
  });
});

describe('findCycles', () => {
  it('reports each cycle once, as a closed path', () => {
    expect(findCycles(['a', 'b', 'c'], edges({a: ['b'], b: ['c'], c: ['a']}))).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(['a'], edges({a: ['a']}))).toEqual([['a', 'a']]);
  });

  it('finds independent cycles and none in a DAG', () => {
    expect(findCycles(['a', 'b', 'c', 'd'], edges({a: ['b'], b: ['a'], c: ['d'], d: ['c']}))).toEqual([
      ['a', 'b', 'a'],
      ['c', 'd', 'c'],
    ]);
    expect(findCycles(['a', 'b', 'c'], edges({c: ['a', 'b'], b: ['a']}))).toEqual([]);
  });
});
