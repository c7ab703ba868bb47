/**
 * A pipeline file is plain YAML: text, numbers, booleans, null, lists and mappings with text
 * keys. The library also resolves YAML 1.1 types (`!!binary` → a Buffer, `!!set`, `!!omap`,
 * `!!timestamp` → a Date), keeps unknown tags like `!foo` with only a warning, and
 * stringifies collection keys with a process warning on stderr. Each of those becomes one
 * located error here; the node is turned back into plain data (a collection key's pair is
 * dropped), and the span a tagged value covers is returned so that what later stages say about the same value (a Buffer is not a mapping …)
 * is not reported on top of the cause.
 */
import {Scalar, YAMLMap, YAMLSeq, isCollection, isNode, isPair, isScalar, visit, type Node} from 'yaml';
import type {Diagnostic} from './diagnostic.js';
import {errorDiagnostic} from './diagnose.js';
import {locateRange, type ParsedYaml} from './locate.js';

/** A span of the file (offsets) whose later diagnostics an earlier one already explains. */
export interface Span {
  start: number;
  end: number;
}

const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`));

const TAG_HINTS: Record<string, string> = {
  'tag:yaml.org,2002:binary': 'remove it and write the value as text',
  'tag:yaml.org,2002:set': 'remove it and write a list: [a, b]',
  'tag:yaml.org,2002:omap': 'remove it and write a mapping',
  'tag:yaml.org,2002:pairs': 'remove it and write a mapping',
  'tag:yaml.org,2002:timestamp': 'remove it and quote the date: "2024-01-31"',
};

export interface PlainCheck {
  diagnostics: Diagnostic[];
  shadowed: Span[];
}

/** Refuses non-core tags and collection keys in `parsed.doc`, rewriting those nodes to plain data. */
export function checkPlainYaml(parsed: ParsedYaml): PlainCheck {
  const diagnostics: Diagnostic[] = [];
  const shadowed: Span[] = [];
  visit(parsed.doc, (_key, node) => {
    if (isPair(node) && isCollection(node.key) && node.key.range) {
      const [start, end] = node.key.range;
      const what = node.key instanceof YAMLSeq ? 'a list' : 'a mapping';
      diagnostics.push(
        errorDiagnostic('yaml-collection-key', `a key must be text, not ${what}`, {
          location: locateRange(parsed, start, end),
          hint: 'write the key as plain text (YAML `? [a, b]` keys have no meaning in a pipeline)',
        }),
      );
      // Dropped from the data: as a stringified key it would only come back as an unknown key.
      return visit.REMOVE;
    }
    if (!isNode(node) || node.tag === undefined || node.tag === '!' || CORE_TAGS.has(node.tag) || !node.range) return undefined;
    const [start, end] = node.range;
    const tagAt = tagOffset(parsed.text, start);
    const written = tagAt === undefined ? node.tag : (/^!(?:<[^>]*>|[^\s,[\]{}]*)/.exec(parsed.text.slice(tagAt))?.[0] ?? node.tag);
    diagnostics.push(
      errorDiagnostic('yaml-unsupported-tag', `YAML tag \`${written}\` is not supported in a pipeline file`, {
        location: locateRange(parsed, tagAt ?? start, tagAt === undefined ? end : tagAt + written.length),
        hint: TAG_HINTS[node.tag] ?? `remove \`${written}\`: a pipeline file holds only text, numbers, true/false, lists and mappings`,
      }),
    );
    shadowed.push({start: tagAt ?? start, end});
    return plainCopy(node);
  });
  return {diagnostics, shadowed};
}

/** Where the tag of the node starting at `nodeStart` is written: the `!` token just before it. */
function tagOffset(text: string, nodeStart: number): number | undefined {
  let start = text.lastIndexOf('!', nodeStart - 1);
  if (start === -1) return undefined;
  while (start > 0 && !/[\s,[{]/.test(text[start - 1] ?? ' ')) start--;
  return text[start] === '!' ? start : undefined;
}

/** The same data without its tag; YAML 1.1 values (Buffer, Date, Set, Map) back to what was written. */
function plainCopy(node: Node): Node | undefined {
  let copy: Node;
  if (isScalar(node)) {
    const value = node.value;
    const simple = value === null || ['string', 'number', 'boolean'].includes(typeof value);
    copy = new Scalar(simple ? value : (node.source ?? String(value)));
  } else if (node.constructor === YAMLMap || node.constructor === YAMLSeq) {
    // A custom tag on a plain list or mapping (`!foo [node]`): the data is fine without it.
    node.tag = undefined;
    return undefined;
  } else {
    copy = new Scalar(null); // !!set, !!omap, !!pairs: already reported, and nothing else is said under it
  }
  copy.tag = undefined;
  copy.range = node.range;
  return copy;
}
