/**
 * One cheap pass over a YAML text's characters (quotes, comments, flow brackets, indentation),
 * for what must be known before, or instead of, the library's parse: how deeply it nests, and
 * unquoted `${VAR}` inside flow collections.
 *
 * How deeply a YAML text nests, found by one cheap pass over the characters before anything
 * recursive sees it: the yaml library's composer and `toJS`, and every walker after them,
 * recurse once per level, so `pipeline: [[[[…]]]]` 3 000 deep overflowed the stack ("Maximum
 * call stack size exceeded" with a stack trace). A pipeline file needs a handful of levels.
 *
 * Levels counted: the indentation steps of block mappings and sequences (a `- ` that starts an
 * entry on the same line counts as one more), plus the open `[` and `{` of flow collections.
 * Quoted text, comments and the lines of `|` / `>` block scalars are skipped. It is an
 * estimate by design (it does not parse YAML), but it never undercounts flow brackets, the
 * only way to nest deeply in a file small enough to read.
 */

/** Deeper than any real pipeline (spec → sources → item → health_check → exec → … is < 10). */
export const MAX_NESTING_DEPTH = 64;

export interface TooDeep {
  /** The deepest level reached. */
  depth: number;
  /** Offset of the character that first went past the limit. */
  offset: number;
}

const BLOCK_SCALAR_HEADER = /(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$/;

/** The first place `text` nests deeper than `limit`, with the deepest level reached; undefined when it does not. */
export function findTooDeep(text: string, limit = MAX_NESTING_DEPTH): TooDeep | undefined {
  let deepest = 0;
  let firstOffset: number | undefined;
  scanStructure(text, {
    level(depth, offset) {
      deepest = Math.max(deepest, depth);
      if (depth > limit && firstOffset === undefined) firstOffset = offset;
    },
  });
  return firstOffset === undefined ? undefined : {depth: deepest, offset: firstOffset};
}

/**
 * Each unquoted `${…}` that starts a value inside `[ ]` or `{ }`: there `{` opens a mapping, so
 * `[echo, ${MSG:-hi}]` is a syntax error ("Missing , or : between flow sequence items", or five
 * errors about what follows) whose cause is the missing quotes. `text` is the reference as written.
 */
export function findFlowInterpolations(text: string): {offset: number; text: string}[] {
  const found: {offset: number; text: string}[] = [];
  scanStructure(text, {
    flowDollar(offset) {
      const close = text.indexOf('}', offset);
      const lineEnd = text.indexOf('\n', offset);
      const end = close !== -1 && (lineEnd === -1 || close < lineEnd) ? close + 1 : lineEnd === -1 ? text.length : lineEnd;
      found.push({offset, text: text.slice(offset, end)});
    },
  });
  return found;
}

interface StructureHandlers {
  /** The nesting level reached at `offset` (a line's block level, or an opened bracket). */
  level?(depth: number, offset: number): void;
  /** An unquoted `${` at the start of a token inside a flow collection. */
  flowDollar?(offset: number): void;
}

function scanStructure(text: string, handlers: StructureHandlers): void {
  const indents: number[] = [];
  let flow = 0;
  let blockScalarIndent: number | undefined;
  let quote: '"' | "'" | undefined;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    const blank = line.trim() === '' || line.trimStart().startsWith('#');
    if (blockScalarIndent !== undefined && (blank || indent > blockScalarIndent)) {
      lineStart = lineEnd + 1;
      continue;
    }
    blockScalarIndent = undefined;
    if (!blank && flow === 0 && quote === undefined) {
      while (indents.length > 0 && (indents.at(-1) ?? 0) >= indent) indents.pop();
      indents.push(indent);
      const dashes = /^(?:-[ \t]+)+/.exec(line.slice(indent))?.[0].match(/-/g)?.length ?? 0;
      handlers.level?.(indents.length + dashes, lineStart + indent);
    }
    let tokenStart = true;
    for (let index = indent; index < line.length; index += 1) {
      const char = line[index];
      if (quote !== undefined) {
        if (char === '\\' && quote === '"') index += 1;
        else if (char === quote && !(quote === "'" && line[index + 1] === "'")) quote = undefined;
        else if (char === "'" && quote === "'") index += 1;
        tokenStart = false;
        continue;
      }
      if (char === '#' && (index === 0 || /\s/.test(line[index - 1] ?? ''))) break;
      if ((char === '"' || char === "'") && tokenStart) quote = char;
      else if (char === '$' && line[index + 1] === '{' && tokenStart && flow > 0) {
        handlers.flowDollar?.(lineStart + index);
        // The reference is one token: skip to its end so its `{` opens nothing.
        const close = line.indexOf('}', index);
        index = close === -1 ? line.length : close;
      } else if ((char === '[' || char === '{') && (tokenStart || flow > 0)) {
        flow += 1;
        handlers.level?.(indents.length + flow, lineStart + index);
      } else if ((char === ']' || char === '}') && flow > 0) flow -= 1;
      // In block context a token starts after blanks only (`x[` is plain text); in flow context also after an indicator.
      tokenStart = char === ' ' || char === '\t' || (flow > 0 && (char === ',' || char === '[' || char === '{' || char === ':'));
    }
    if (flow === 0 && quote === undefined && BLOCK_SCALAR_HEADER.test(line.replace(/\s+#.*$/, ''))) blockScalarIndent = indent;
    lineStart = lineEnd + 1;
  }
}
