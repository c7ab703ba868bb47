/**
 * Literal text a regular expression cannot match without: the filter's pre-test.
 *
 * `--grep deadlock` tests each stored entry's message and fields, which for most entries
 * means parsing their line back (`filter-text.ts`). Most lines cannot match because they do
 * not even contain the pattern's literal text, and looking for it is far cheaper than the
 * parse.
 *
 * Conservative by construction: what this returns must occur in every string the pattern
 * matches (in the pattern's own syntax: JavaScript, without the `u` flag). Anything it does
 * not fully understand (groups, classes, escapes other than plain characters, quantified
 * atoms) ends the current run of literal text instead of being guessed at.
 */

/**
 * Alternatives of which every match contains at least one, or `undefined` when nothing is
 * certain. A pattern without a top-level `|` gives one string; `a|bc` gives one per branch.
 * Strings are at least `minLength` UTF-16 units long and hold no lone surrogate.
 */
export function requiredLiterals(source: string, minLength = 2): string[] | undefined {
  const branches = splitTopLevel(source);
  if (branches === undefined) return undefined;
  const found: string[] = [];
  for (const branch of branches) {
    const longest = longestLiteral(branch);
    if (longest === undefined || longest.length < minLength) return undefined;
    found.push(longest);
  }
  return found;
}

/** The source cut at `|` outside groups and classes; undefined if its brackets do not pair. */
function splitTopLevel(source: string): string[] | undefined {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth < 0) return undefined;
    } else if (c === '|' && depth === 0) {
      branches.push(source.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0 || inClass) return undefined;
  branches.push(source.slice(start));
  return branches;
}

/** Single-character escapes that stand for exactly that one character. */
const CONTROL_ESCAPES: Record<string, string> = {n: '\n', r: '\r', t: '\t', f: '\f', v: '\v'};
const QUANTIFIER = /^\{\d+(,\d*)?\}/;

/** The longest run of characters every match of `branch` (no top-level `|`) contains in order. */
function longestLiteral(branch: string): string | undefined {
  let best = '';
  let run = '';
  const endRun = (): void => {
    // A quantifier may have split a surrogate pair, and SQLite cannot hold half a character:
    // only the pieces between surrogates count (losing a pair's literal is merely slower).
    for (const piece of run.split(/[\uD800-\uDFFF]/)) if (piece.length > best.length) best = piece;
    run = '';
  };
  for (let i = 0; i < branch.length; i++) {
    const c = branch[i] as string;
    switch (c) {
      case '\\': {
        const next = branch[i + 1];
        i++;
        if (next === undefined) return undefined;
        if (CONTROL_ESCAPES[next] !== undefined) run += CONTROL_ESCAPES[next];
        else if (/[^A-Za-z0-9_]/.test(next)) run += next;
        // \d \w \s \b, back-references, \x.. \u.. \c.. \k<..>, \0: not a plain character here.
        else endRun();
        break;
      }
      case '*':
      case '?':
        // The atom before is optional: it is not required, so it leaves the run.
        run = run.slice(0, -1);
        endRun();
        break;
      case '+':
        // Required once, but what follows is not next to its first copy.
        endRun();
        break;
      case '{': {
        const quantifier = QUANTIFIER.exec(branch.slice(i));
        if (quantifier === null) {
          // A `{` that is no quantifier is a literal brace in this syntax; not worth modelling.
          endRun();
          break;
        }
        const min = Number(quantifier[0].slice(1).split(/[,}]/)[0]);
        if (min === 0) run = run.slice(0, -1);
        endRun();
        i += quantifier[0].length - 1;
        break;
      }
      case '(': {
        endRun();
        const close = closingParen(branch, i);
        if (close === undefined) return undefined;
        i = close;
        break;
      }
      case '[': {
        endRun();
        const close = closingBracket(branch, i);
        if (close === undefined) return undefined;
        i = close;
        break;
      }
      case '.':
      case '^':
      case '$':
      case ')':
      case ']':
      case '}':
      case '|':
        endRun();
        break;
      default:
        run += c;
    }
  }
  endRun();
  return best;
}

/** Index of the `)` closing the group opened at `open` (classes and escapes skipped). */
function closingParen(text: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const close = closingBracket(text, i);
      if (close === undefined) return undefined;
      i = close;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return undefined;
}

/** Index of the `]` closing the class opened at `open` (a leading `]` is not special in JS: `[]` is empty). */
function closingBracket(text: string, open: number): number | undefined {
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === ']') return i;
  }
  return undefined;
}
