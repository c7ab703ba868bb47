/**
 * The one cause behind most YAML syntax errors: a `[`, `{` or quote that is never closed.
 * The library notices only where the document stops making sense (often lines later, at
 * the end of the file, or as three errors about what followed), so the concrete syntax tree
 * is searched for the opener itself, which is where the user has to look.
 */
import {Parser, type CST} from 'yaml';

export type UnclosedKind = 'flow-map' | 'flow-seq' | 'double-quote' | 'single-quote';

export interface Unclosed {
  kind: UnclosedKind;
  /** Offset of the opening `{`, `[` or quote. */
  offset: number;
  /** Offset where the library stopped reading the unclosed value. */
  end: number;
}

const CLOSED_DOUBLE = /^"(?:[^"\\]|\\[\s\S])*"$/;
const CLOSED_SINGLE = /^'(?:[^']|'')*'$/;

/** Every unclosed opener in `text`, innermost only: a `[` left open by a quote that ate its `]` is not a second cause. */
export function findUnclosed(text: string): Unclosed[] {
  const found: Unclosed[] = [];
  for (const token of new Parser().parse(text)) scan(token, found);
  return found.sort((a, b) => a.offset - b.offset);
}

/** Records unclosed tokens under `token`; true when `token` or something inside it is unclosed. */
function scan(token: CST.Token | null | undefined, found: Unclosed[]): boolean {
  if (!token) return false;
  switch (token.type) {
    case 'document':
      return scan(token.value, found);
    case 'block-map':
    case 'block-seq':
      return scanItems(token.items, found);
    case 'flow-collection': {
      const inner = scanItems(token.items, found);
      const opener = token.start.source;
      const closer = opener === '{' ? 'flow-map-end' : 'flow-seq-end';
      const closed = token.end.some((part) => part.type === closer);
      if (!closed && !inner) found.push({kind: opener === '{' ? 'flow-map' : 'flow-seq', offset: token.offset, end: endOf(token)});
      return inner || !closed;
    }
    case 'double-quoted-scalar':
    case 'single-quoted-scalar': {
      const double = token.type === 'double-quoted-scalar';
      if ((double ? CLOSED_DOUBLE : CLOSED_SINGLE).test(token.source)) return false;
      found.push({kind: double ? 'double-quote' : 'single-quote', offset: token.offset, end: token.offset + token.source.trimEnd().length});
      return true;
    }
    default:
      return false;
  }
}

function scanItems(items: readonly CST.CollectionItem[], found: Unclosed[]): boolean {
  let any = false;
  for (const item of items) {
    // Both sides are scanned even after a hit: each independent cause is reported.
    const key = scan(item.key, found);
    const value = scan(item.value, found);
    any = any || key || value;
  }
  return any;
}

function endOf(token: CST.FlowCollection): number {
  const last = token.end.at(-1) ?? token.items.at(-1)?.value;
  if (last && 'source' in last && typeof last.source === 'string') return last.offset + last.source.length;
  return token.offset + 1;
}
