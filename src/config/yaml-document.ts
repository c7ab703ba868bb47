/**
 * Text → YAML AST → plain data, with every YAML-level problem (syntax, duplicate keys, tabs,
 * several documents, non-core tags, collection keys, alias bombs, unresolved aliases) as a
 * located diagnostic. Parsing keeps the AST so later stages can point back at what the user
 * wrote. Problems that leave the document readable as meant are returned beside it, so the
 * schema and rules still run and every problem is reported at once; a broken document stops.
 */
import {LineCounter, YAMLParseError, isAlias, isMap, isScalar, isSeq, parseDocument, visit, type YAMLError} from 'yaml';
import type {Diagnostic} from './diagnostic.js';
import {errorDiagnostic, warningDiagnostic} from './diagnose.js';
import {locateRange, type ParsedYaml} from './locate.js';
import {findFlowInterpolations, findTooDeep, MAX_NESTING_DEPTH} from './yaml-depth.js';
import {checkPlainYaml, type Span} from './yaml-plain.js';
import {findUnclosed, type Unclosed} from './yaml-unclosed.js';
import {err, ok, type Result} from '../util/result.js';

/** Expanding more aliased nodes than this is treated as a "billion laughs" attack, not a config. */
const MAX_ALIAS_COUNT = 100;

/** A document that can be checked further, with what was already found in its YAML. */
export interface ParsedDocument {
  parsed: ParsedYaml;
  /** YAML-level diagnostics (errors among them when recoverable), to report with the rest. */
  diagnostics: Diagnostic[];
  /** Spans whose later diagnostics are consequences of one of `diagnostics`. */
  shadowed: Span[];
}

export function parseYaml(file: string, text: string): Result<ParsedDocument, Diagnostic[]> {
  // Before anything recursive (the library's composer, toJS, every walker after them) runs.
  const tooDeep = findTooDeep(text);
  if (tooDeep !== undefined) return err([tooDeepDiagnostic(file, text, tooDeep.offset, `nested ${tooDeep.depth} levels deep`)]);
  const lineCounter = new LineCounter();
  // `merge: true`: docker-compose style `<<: *defaults` is the one YAML 1.1 habit worth keeping.
  // `logLevel: 'error'`: the library's process warnings (collection keys …) would go to stderr
  // unlocated; checkPlainYaml reports those cases itself.
  let doc: ParsedYaml['doc'];
  try {
    // `uniqueKeys: false`: the library compares each key with every earlier one (40 000 keys in
    // one mapping took seconds); duplicateKeyErrors finds the same duplicates with a Set.
    doc = parseDocument(text, {lineCounter, uniqueKeys: false, merge: true, prettyErrors: false, logLevel: 'error'});
  } catch (error) {
    // The last resort behind findTooDeep, which estimates: the parser itself ran out of stack.
    if (error instanceof RangeError) return err([stackExhausted(file)]);
    throw error;
  }
  doc.errors.push(...duplicateKeyErrors(doc));
  const parsed: ParsedYaml = {file, text, doc, lineCounter};
  const fatal = doc.errors.filter((error) => !isRecoverable(text, error));
  if (fatal.length > 0) return err(syntaxDiagnostics(parsed, doc.errors));
  const diagnostics = [
    ...doc.errors.map((error) => yamlDiagnostic(parsed, error, 'error')),
    // An unknown tag's warning: checkPlainYaml reports it as an error.
    ...doc.warnings.filter((warning) => warning.code !== 'TAG_RESOLVE_FAILED').map((warning) => yamlDiagnostic(parsed, warning, 'warning')),
  ];
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return err([errorDiagnostic('empty-file', `${file} contains no pipeline (only comments or blank lines)`, {hint: 'start from docs/pipeline-format.md'})]);
  }
  if (!isMap(contents)) {
    const what = isSeq(contents) ? 'a list' : 'a single value';
    return err([
      ...diagnostics,
      errorDiagnostic('not-a-mapping', `the top level of a pipeline file must be a mapping, not ${what}`, {
        location: contents.range ? locateRange(parsed, contents.range[0], contents.range[1]) : undefined,
        hint: 'start with `apiVersion: flowctl/v1` and `kind: Pipeline`, or with `pipeline:`',
      }),
    ]);
  }
  const plain = checkPlainYaml(parsed);
  return ok({parsed, diagnostics: [...diagnostics, ...plain.diagnostics], shadowed: plain.shadowed});
}

function tooDeepDiagnostic(file: string, text: string, offset: number, what: string): Diagnostic {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(0, lineStart).split('\n').length;
  return errorDiagnostic('too-deep', `${what}; a pipeline file needs at most ${MAX_NESTING_DEPTH}`, {
    location: {file, line, col: offset - lineStart + 1, length: 1},
    hint: 'is this the right file? flatten the nesting',
  });
}

function stackExhausted(file: string): Diagnostic {
  return errorDiagnostic('too-deep', `${file} nests too deeply to read; a pipeline file needs at most ${MAX_NESTING_DEPTH} levels`, {
    hint: 'is this the right file? flatten the nesting',
  });
}

/** What `uniqueKeys: true` reports (a scalar key whose value an earlier key of the same mapping has), in linear time. */
function duplicateKeyErrors(doc: ParsedYaml['doc']): YAMLParseError[] {
  const errors: YAMLParseError[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const start = pair.key.range?.[0];
        if (seen.has(pair.key.value) && start !== undefined) errors.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        seen.add(pair.key.value);
      }
    },
  });
  return errors;
}

/** `diagnostics` without those located inside a shadowed span of the pipeline file. */
export function withoutShadowed(document: ParsedDocument, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const {parsed, shadowed} = document;
  if (shadowed.length === 0) return [...diagnostics];
  return diagnostics.filter((diagnostic) => {
    const location = diagnostic.location;
    if (location?.file !== parsed.file) return true;
    const offset = (parsed.lineCounter.lineStarts[location.line - 1] ?? 0) + location.col - 1;
    return !shadowed.some((span) => offset >= span.start && offset < span.end);
  });
}

/**
 * Errors after which the library's tree is still the document as written: a duplicate key
 * (the last one wins, and is reported), a second document (the first is the pipeline), and
 * a tab after the indentation of a line that reads as a sibling of the line before it.
 */
function isRecoverable(text: string, error: YAMLError): boolean {
  if (error.code === 'DUPLICATE_KEY' || error.code === 'MULTIPLE_DOCS') return true;
  return error.code === 'TAB_AS_INDENT' && tabKeepsStructure(text, error.pos[0]);
}

/**
 * A tab in the indentation is read as nothing: the spaces before it are the indentation. That
 * is what the user meant only when those spaces put the line beside the previous one; a tab
 * that was meant as one more level (`metadata:` then `<tab>name:`) hoists the line instead.
 */
function tabKeepsStructure(text: string, tabAt: number): boolean {
  const lineStart = text.lastIndexOf('\n', tabAt - 1) + 1;
  const lines = text.slice(0, lineStart).split('\n');
  const previous = lines.reverse().find((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (previous === undefined) return false;
  const indent = (line: string) => /^ */.exec(line)?.[0].length ?? 0;
  const content = previous.replace(/\s+#.*$/, '').trimEnd();
  const opensBlock = /(:|^\s*-|[|>][-+0-9]*)$/.test(content);
  return !opensBlock && indent(previous) === indent(text.slice(lineStart));
}

/**
 * One diagnostic per cause: an unclosed `[`, `{` or quote explains every error the library
 * reports after it (often lines later, or at the end of the file), so those are replaced by
 * one error where it opens. Otherwise one error per line.
 */
function syntaxDiagnostics(parsed: ParsedYaml, errors: readonly YAMLError[]): Diagnostic[] {
  // An unquoted `${VAR}` inside `[ ]` or `{ }` reads as a mapping and breaks what follows; it is
  // the cause, and an enclosing bracket it left "unclosed" is not a second one.
  const interpolations = findFlowInterpolations(parsed.text);
  const firstInterpolation = interpolations[0]?.offset ?? Number.POSITIVE_INFINITY;
  const unclosed = findUnclosed(parsed.text).filter((opener) => opener.offset < firstInterpolation && opener.kind.endsWith('quote'));
  if (interpolations.length === 0) unclosed.push(...findUnclosed(parsed.text).filter((opener) => !opener.kind.endsWith('quote')));
  const firstOpener = Math.min(unclosed.reduce((least, opener) => Math.min(least, opener.offset), Number.POSITIVE_INFINITY), firstInterpolation);
  const seenLines = new Set<number>();
  const kept = errors.filter((error) => {
    if (error.pos[0] >= firstOpener) return false;
    const line = parsed.lineCounter.linePos(error.pos[0]).line;
    if (seenLines.has(line)) return false;
    seenLines.add(line);
    return true;
  });
  return [
    ...kept.map((error) => yamlDiagnostic(parsed, error, 'error')),
    ...unclosed.map((opener) => unclosedDiagnostic(parsed, opener)),
    ...interpolations.map(({offset, text}) =>
      errorDiagnostic('yaml-unquoted-interpolation', `\`${text}\` inside [ ] or { } must be quoted: "${text}"`, {
        location: locateRange(parsed, offset, offset + text.length),
        // Quoted it is text: a number or true/false needs the indented form, where it stays plain.
        hint: `in [ ] and { } a \`{\` opens a mapping; quoted, the variable is still interpolated, as text. For a number or true/false, write the collection as indented lines (\`key: ${text}\`), where no quotes are needed`,
      }),
    ),
  ];
}

const UNCLOSED: Record<Unclosed['kind'], {code: string; opener: string; what: string; hint: string}> = {
  'flow-map': {code: 'yaml-unclosed-bracket', opener: '{', what: 'the mapping opened here has no closing `}`', hint: 'add the closing `}` (or write the mapping as indented `key: value` lines)'},
  'flow-seq': {code: 'yaml-unclosed-bracket', opener: '[', what: 'the list opened here has no closing `]`', hint: 'add the closing `]` (or write the list as indented `- item` lines)'},
  'double-quote': {code: 'yaml-unclosed-quote', opener: '"', what: 'the text quoted here has no closing `"`', hint: 'add the closing `"` at the end of the value'},
  'single-quote': {code: 'yaml-unclosed-quote', opener: "'", what: "the text quoted here has no closing `'`", hint: "add the closing `'` at the end of the value (write `''` for a quote inside)"},
};

function unclosedDiagnostic(parsed: ParsedYaml, opener: Unclosed): Diagnostic {
  const known = UNCLOSED[opener.kind];
  const opensOn = parsed.lineCounter.linePos(opener.offset).line;
  const runsTo = parsed.lineCounter.linePos(Math.max(opener.offset, opener.end - 1)).line;
  // A quote swallows the lines after it: say how far, since that is where YAML noticed.
  const reach = runsTo > opensOn && opener.kind.endsWith('quote') ? ` (YAML read on to line ${runsTo})` : '';
  return errorDiagnostic(known.code, `unclosed \`${known.opener}\`: ${known.what}${reach}`, {location: locateRange(parsed, opener.offset, opener.end), hint: known.hint});
}

/** The document as plain data; aliases are expanded here, so alias bombs are caught here. */
export function toData(parsed: ParsedYaml): Result<unknown, Diagnostic[]> {
  try {
    return ok(parsed.doc.toJS({maxAliasCount: MAX_ALIAS_COUNT}));
  } catch (error) {
    if (error instanceof RangeError) return err([stackExhausted(parsed.file)]);
    if (!(error instanceof ReferenceError)) throw error;
    const aliases = collectAliases(parsed);
    if (/unresolved alias/i.test(error.message)) {
      const unresolved = aliases.filter((alias) => alias.resolved === false);
      return err(
        unresolved.map((alias) =>
          errorDiagnostic('unresolved-alias', `alias \`*${alias.name}\` refers to no anchor`, {
            location: locateRange(parsed, alias.start, alias.end),
            hint: `define \`&${alias.name}\` before this line`,
          }),
        ),
      );
    }
    const first = aliases[0];
    return err([
      errorDiagnostic('alias-bomb', `YAML aliases expand to too many nodes (limit ${MAX_ALIAS_COUNT}): this looks like an alias bomb`, {
        location: first ? locateRange(parsed, first.start, first.end) : undefined,
        hint: 'write the repeated parts out, or use fewer nested aliases',
      }),
    ]);
  }
}

interface AliasSite {
  name: string;
  start: number;
  end: number;
  resolved: boolean;
}

function collectAliases(parsed: ParsedYaml): AliasSite[] {
  const sites: AliasSite[] = [];
  visit(parsed.doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) {
        sites.push({name: node.source, start: node.range[0], end: node.range[1], resolved: node.resolve(parsed.doc) !== undefined});
      }
    },
  });
  return sites;
}

function keyEndingAt(parsed: ParsedYaml, start: number): number | undefined {
  let end: number | undefined;
  visit(parsed.doc, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === start) {
        end = pair.key.range[1];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return end;
}

const YAML_MESSAGES: Record<string, {message: (source: string) => string; hint: string}> = {
  DUPLICATE_KEY: {
    message: (source) => `duplicate key \`${source}\``,
    hint: 'YAML would keep only one of them: remove or rename one',
  },
  TAB_AS_INDENT: {
    message: () => 'tab character used for indentation',
    hint: 'YAML indents with spaces only: replace the tab with spaces',
  },
  MULTIPLE_DOCS: {
    message: () => 'more than one YAML document (`---`) in a pipeline file',
    hint: 'keep one pipeline per file',
  },
};

function yamlDiagnostic(parsed: ParsedYaml, error: YAMLError, severity: 'error' | 'warning'): Diagnostic {
  const [start, posEnd] = error.pos;
  // For a duplicate key the library marks one character; underline the whole key.
  const end = error.code === 'DUPLICATE_KEY' ? (keyEndingAt(parsed, start) ?? posEnd) : posEnd;
  const source = parsed.text.slice(start, end);
  const known = YAML_MESSAGES[error.code];
  // The library appends " at line N, column M:" and a code frame; we print our own.
  const plain = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
  const message = known ? known.message(source) : `YAML ${severity === 'error' ? 'syntax error' : 'warning'}: ${plain}`;
  const details = {location: locateRange(parsed, start, Math.max(end, start + 1)), hint: known?.hint};
  const code = `yaml-${error.code.toLowerCase().replace(/_/g, '-')}`;
  return severity === 'error' ? errorDiagnostic(code, message, details) : warningDiagnostic(code, message, details);
}
