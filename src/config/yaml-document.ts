/**
 * Text → YAML AST → plain data, with every YAML-level problem (syntax, duplicate keys, tabs,
 * several documents, alias bombs, unresolved aliases) as a located diagnostic. Parsing keeps
 * the AST so later stages can point back at what the user wrote.
 */
import {LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit, type YAMLError} from 'yaml';
import type {Diagnostic} from './diagnostic.js';
import {errorDiagnostic, warningDiagnostic} from './diagnose.js';
import {locateRange, type ParsedYaml} from './locate.js';
import {err, ok, type Result} from '../util/result.js';

/** Expanding more aliased nodes than this is treated as a "billion laughs" attack, not a config. */
const MAX_ALIAS_COUNT = 100;

export function parseYaml(file: string, text: string): Result<ParsedYaml, Diagnostic[]> {
  const lineCounter = new LineCounter();
  // `merge: true`: docker-compose style `<<: *defaults` is the one YAML 1.1 habit worth keeping.
  const doc = parseDocument(text, {lineCounter, uniqueKeys: true, merge: true, prettyErrors: false});
  const parsed: ParsedYaml = {file, text, doc, lineCounter};
  const diagnostics = [
    ...doc.errors.map((error) => yamlDiagnostic(parsed, error, 'error')),
    ...doc.warnings.map((warning) => yamlDiagnostic(parsed, warning, 'warning')),
  ];
  if (doc.errors.length > 0) return err(diagnostics);
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return err([errorDiagnostic('empty-file', `${file} contains no pipeline (only comments or blank lines)`, {hint: 'start from docs/pipeline-format.md'})]);
  }
  if (!isMap(contents)) {
    const what = isSeq(contents) ? 'a list' : 'a single value';
    return err([
      errorDiagnostic('not-a-mapping', `the top level of a pipeline file must be a mapping, not ${what}`, {
        location: contents.range ? locateRange(parsed, contents.range[0], contents.range[1]) : undefined,
        hint: 'start with `apiVersion: flowctl/v1` and `kind: Pipeline`, or with `pipeline:`',
      }),
    ]);
  }
  return ok(parsed);
}

/** The document as plain data; aliases are expanded here, so alias bombs are caught here. */
export function toData(parsed: ParsedYaml): Result<unknown, Diagnostic[]> {
  try {
    return ok(parsed.doc.toJS({maxAliasCount: MAX_ALIAS_COUNT}));
  } catch (error) {
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
