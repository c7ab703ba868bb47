/**
 * From a path in the data (`['spec', 'sources', 0, 'id']`) back to where the user wrote it:
 * walks the YAML AST (following aliases) and turns node offsets into 1-based line/column
 * through the `LineCounter`. When the exact node does not exist (a missing key, a key that
 * came in through a `<<:` merge) the nearest existing ancestor is used.
 */
import {isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap} from 'yaml';
import type {SourceLocation} from './diagnostic.js';

export type DocPath = readonly (string | number)[];

/** A parsed pipeline file: what every later stage needs to point back into it. */
export interface ParsedYaml {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

/** `['spec', 'sources', 0, 'id']` → `spec.sources[0].id`. */
export function formatPath(path: DocPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? '(top level)' : text;
}

interface Found {
  /** The deepest node reached. */
  node: Node | undefined;
  /** The key node of the last pair walked through, if the last step was a map key. */
  key: Node | undefined;
  /** True when the whole path was found. */
  complete: boolean;
}

function walk(parsed: ParsedYaml, path: DocPath): Found {
  let node: Node | undefined = parsed.doc.contents ?? undefined;
  let key: Node | undefined;
  for (const segment of path) {
    if (node !== undefined && isAlias(node)) node = node.resolve(parsed.doc);
    if (node !== undefined && isMap(node)) {
      const pair = findPair(parsed, node, String(segment));
      if (!pair) return {node, key, complete: false};
      key = pair.key as Node;
      // `key:` with no value: point at the key, which is where the user should look.
      node = (pair.value as Node | null) ?? undefined;
      if (node === undefined) return {node: key, key, complete: true};
    } else if (node !== undefined && isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (item === undefined) return {node, key, complete: false};
      node = item;
      key = undefined;
    } else {
      return {node, key, complete: false};
    }
  }
  return {node, key, complete: true};
}

interface PairIndex {
  /** The first pair of each key, as `items.find` would return it. */
  own: Map<string, Pair>;
  /** `<<: *anchor` pairs, in order. */
  merges: Pair[];
}

/** Keys never change after parsing (interpolation rewrites values), so each map is indexed once: a linear search per lookup made 20 000 unknown keys quadratic. */
const pairIndexes = new WeakMap<YAMLMap, PairIndex>();

function pairIndex(map: YAMLMap): PairIndex {
  let index = pairIndexes.get(map);
  if (index !== undefined) return index;
  index = {own: new Map(), merges: []};
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    // With `merge: true` the library keys a merge by a symbol; its source text is `<<`.
    if ((item.key as {source?: string}).source === '<<') index.merges.push(item);
    const key = String(item.key.value);
    if (!index.own.has(key)) index.own.set(key, item);
  }
  pairIndexes.set(map, index);
  return index;
}

/** The pair for `key` in `map`, or in a map merged into it with `<<: *anchor` (where the user wrote it). */
function findPair(parsed: ParsedYaml, map: YAMLMap, key: string): Pair | undefined {
  const {own, merges} = pairIndex(map);
  const found = own.get(key);
  if (found) return found;
  for (const item of merges) {
    const sources = isSeq(item.value) ? item.value.items : [item.value];
    for (const source of sources) {
      const merged = isAlias(source) ? source.resolve(parsed.doc) : source;
      if (merged && isMap(merged)) {
        const inMerged = findPair(parsed, merged, key);
        if (inMerged) return inMerged;
      }
    }
  }
  return undefined;
}

/** The node at `path` (following aliases), or undefined. */
export function nodeAt(parsed: ParsedYaml, path: DocPath): Node | undefined {
  const found = walk(parsed, path);
  return found.complete ? found.node : undefined;
}

/**
 * Where `path` was written. `part: 'key'` points at the key of the last segment (for unknown
 * or misplaced keys), `'value'` at its value.
 */
export function locatePath(parsed: ParsedYaml, path: DocPath, part: 'key' | 'value' = 'value'): SourceLocation | undefined {
  const found = walk(parsed, path);
  const target = found.complete && part === 'key' && found.key ? found.key : found.node;
  if (!target?.range) return undefined;
  return locateRange(parsed, target.range[0], target.range[1]);
}

/** A location for the characters `start..end` of the file, underlining at most to the end of that line. */
export function locateRange(parsed: ParsedYaml, start: number, end: number): SourceLocation {
  const {line, col} = parsed.lineCounter.linePos(start);
  const lineEnd = parsed.text.indexOf('\n', start);
  const stop = Math.min(end, lineEnd === -1 ? parsed.text.length : lineEnd);
  const underlined = parsed.text.slice(start, stop).trimEnd();
  return {file: parsed.file, line, col, length: Math.max(1, underlined.length)};
}
