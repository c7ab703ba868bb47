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

/**
 * Records unclosed tokens under `root`. Iterative (an explicit stack, children before their
 * collection) so no nesting depth can overflow the call stack. A flow collection is reported
 * only when nothing inside it is: both sides of every item are scanned even after a hit, so
 * each independent cause is reported.
 */
function scan(root: CST.Token, found: Unclosed[]): void {
  type Frame = {token: CST.Token; expanded: boolean; innerUnclosed: boolean; parent: Frame | undefined};
  const stack: Frame[] = [{token: root, expanded: false, innerUnclosed: false, parent: undefined}];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (!frame.expanded) {
      frame.expanded = true;
      for (const child of childrenOf(frame.token).reverse()) stack.push({token: child, expanded: false, innerUnclosed: false, parent: frame});
      continue;
    }
    stack.pop();
    if (unclosedItself(frame.token, frame.innerUnclosed, found) || frame.innerUnclosed) {
      if (frame.parent) frame.parent.innerUnclosed = true;
    }
  }
}

function childrenOf(token: CST.Token): CST.Token[] {
  switch (token.type) {
    case 'document':
      return token.value ? [token.value] : [];
    case 'block-map':
    case 'block-seq':
    case 'flow-collection':
      return token.items.flatMap((item) => [item.key, item.value].filter((part): part is CST.Token => part !== null && part !== undefined));
    default:
      return [];
  }
}

/** Whether `token` itself is unclosed (recording it), given whether something inside it is. */
function unclosedItself(token: CST.Token, innerUnclosed: boolean, found: Unclosed[]): boolean {
  switch (token.type) {
    case 'flow-collection': {
      const opener = token.start.source;
      const closer = opener === '{' ? 'flow-map-end' : 'flow-seq-end';
      const closed = token.end.some((part) => part.type === closer);
      if (!closed && !innerUnclosed) found.push({kind: opener === '{' ? 'flow-map' : 'flow-seq', offset: token.offset, end: endOf(token)});
      return !closed;
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

function endOf(token: CST.FlowCollection): number {
  const last = token.end.at(-1) ?? token.items.at(-1)?.value;
  if (last && 'source' in last && typeof last.source === 'string') return last.offset + last.source.length;
  return token.offset + 1;
}
