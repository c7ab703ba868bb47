/**
 * ajv errors → diagnostics a person can act on: one message per keyword, the offending key
 * or value located in the YAML, and hints ("did you mean `command`?", "remove the quotes").
 * ajv-errors is not used: its object form is ignored under additionalProperties/items/$ref.
 */
import type {ErrorObject} from 'ajv';
import type {Diagnostic} from './diagnostic.js';
import {errorDiagnostic} from './diagnose.js';
import {didYouMean} from './did-you-mean.js';
import {formatPath, locatePath, type DocPath, type ParsedYaml} from './locate.js';

interface SchemaNode {
  properties?: Record<string, unknown>;
  patternErrorMessage?: string;
}

const V1_ROOT_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'];
const ROOT_KEYS = ['pipeline', ...V1_ROOT_KEYS];

export function describeSchemaErrors(parsed: ParsedYaml, data: unknown, errors: ErrorObject[]): Diagnostic[] {
  if (isForeignDocument(data)) return [notAPipeline(parsed, Object.keys(data as object))];
  const diagnostics: Diagnostic[] = [];
  const unknownKeySuggestions = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'additionalProperties') {
      const key = String((error.params as {additionalProperty: string}).additionalProperty);
      const suggestion = didYouMean(key, Object.keys((error.parentSchema as SchemaNode | undefined)?.properties ?? {}));
      if (suggestion) unknownKeySuggestions.add(`${error.instancePath}/${suggestion}`);
    }
  }
  for (const error of errors) {
    // "unknown key `name`: did you mean `id`?" already says what "missing key `id`" would.
    if (error.keyword === 'required') {
      const missing = String((error.params as {missingProperty: string}).missingProperty);
      if (unknownKeySuggestions.has(`${error.instancePath}/${missing}`)) continue;
    }
    const diagnostic = describe(parsed, data, error);
    if (diagnostic) diagnostics.push(diagnostic);
  }
  return diagnostics;
}

/** A YAML mapping with none of the pipeline keys at all: say what a pipeline file looks like. */
function isForeignDocument(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const keys = Object.keys(data);
  return !keys.includes('pipeline') && !keys.some((key) => V1_ROOT_KEYS.includes(key));
}

/** Top-level keys of flowctl's legacy format (`internal/model/legacy.go`), which flowctl/v1 replaced. */
const LEGACY_FORMAT_KEYS = ['version', 'log_level', 'source', 'sink'];
const LEGACY_KEY_HINTS: Record<string, string> = {
  version: 'remove it: `apiVersion` names the format',
  log_level: 'remove it: set `logging.level` on each component',
  source: 'move the component under `spec.sources`',
  sink: 'move the component under `spec.sinks`',
};
const LEGACY_FORMAT_HINT = 'write it as flowctl/v1: `apiVersion: flowctl/v1`, `kind: Pipeline`, `metadata: {name: …}` and the components under `spec.sources`, `spec.processors`, `spec.sinks` (see docs/pipeline-format.md)';

/** Said at the first misspelled root key when there is one (`pipelin:`, `apiVerison:`), else at the top. */
function notAPipeline(parsed: ParsedYaml, keys: readonly string[]): Diagnostic {
  const legacy = keys.find((key) => LEGACY_FORMAT_KEYS.includes(key));
  if (legacy !== undefined) {
    return errorDiagnostic('legacy-format', 'this is the old flowctl pipeline format (top-level version, log_level, source, sink), which flowctl/v1 replaced', {
      location: locatePath(parsed, [legacy], 'key'),
      hint: LEGACY_FORMAT_HINT,
    });
  }
  const misspelled = keys.flatMap((key) => {
    const meant = didYouMean(key, ROOT_KEYS);
    return meant === undefined ? [] : [{key, meant}];
  });
  const first = misspelled[0];
  const hint =
    first === undefined
      ? 'start with `apiVersion: flowctl/v1` and `kind: Pipeline` (see docs/pipeline-format.md)'
      : `did you mean ${misspelled.map(({key, meant}) => `\`${meant}\`${misspelled.length > 1 ? ` for \`${key}\`` : ''}`).join(', ')}?`;
  return errorDiagnostic('not-a-pipeline', 'this is not a pipeline file: it has neither `apiVersion`/`kind: Pipeline` nor a top-level `pipeline:`', {
    location: locatePath(parsed, first === undefined ? [] : [first.key], 'key'),
    hint,
  });
}

/** `/spec/sources/0/id` → `['spec', 'sources', 0, 'id']`, numbers where the data has lists. */
export function pointerToPath(pointer: string, data: unknown): DocPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(segment));
      node = node[Number(segment)];
    } else {
      path.push(segment);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function describe(parsed: ParsedYaml, data: unknown, error: ErrorObject): Diagnostic | undefined {
  const at = pointerToPath(error.instancePath, data);
  const name = `\`${lastKey(at)}\``;
  const located = (path: DocPath, part: 'key' | 'value' = 'value') => ({path: formatPath(path), location: locatePath(parsed, path, part)});
  const parentSchema = error.parentSchema as SchemaNode | undefined;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys(parentSchema?.properties ?? {});
      // `version:` at the top is the old flowctl format's, not a misspelled apiVersion.
      if (at.length === 0 && LEGACY_FORMAT_KEYS.includes(key)) {
        return errorDiagnostic('unknown-key', `unknown key \`${key}\`: it belongs to the old flowctl format (top-level version, log_level, source, sink)`, {
          ...located([key], 'key'),
          hint: LEGACY_KEY_HINTS[key],
        });
      }
      const suggestion = didYouMean(key, known);
      return errorDiagnostic('unknown-key', `unknown key \`${key}\``, {
        ...located([...at, key], 'key'),
        hint: suggestion ? `did you mean \`${suggestion}\`?` : `known keys here: ${known.join(', ')} (your own keys must start with \`x-\`)`,
      });
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return errorDiagnostic('missing-key', `${at.length === 0 ? 'the file' : name} is missing the required key \`${missing}\``, {
        ...located(at, 'key'),
        hint: missingKeyHint(missing),
      });
    }
    case 'type':
      return describeType(name, error.data, params.type as string | string[], located(at), sourceAt(parsed, located(at).location));
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const suggestion = typeof error.data === 'string' ? didYouMean(error.data, allowed) : undefined;
      return errorDiagnostic('invalid-value', `${name} must be one of ${allowed.join(', ')}; got ${show(error.data)}`, {
        ...located(at),
        hint: suggestion ? `did you mean \`${suggestion}\`?` : undefined,
      });
    }
    case 'const':
      return errorDiagnostic('invalid-value', `${name} must be \`${String(params.allowedValue)}\`; got ${show(error.data)}`, located(at));
    case 'pattern': {
      const propertyName = (error as ErrorObject & {propertyName?: string}).propertyName;
      if (propertyName !== undefined) {
        const rule = parentSchema?.patternErrorMessage ?? `must match ${String(params.pattern)}`;
        return errorDiagnostic('invalid-key', `key \`${propertyName}\` in ${name}: ${rule}`, located([...at, propertyName], 'key'));
      }
      const rule = parentSchema?.patternErrorMessage ?? `must match the pattern ${String(params.pattern)}`;
      return errorDiagnostic('invalid-value', `${name} ${rule}; got ${show(error.data)}`, located(at));
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const bound = {minimum: '≥', maximum: '≤', exclusiveMinimum: '>', exclusiveMaximum: '<'}[error.keyword];
      return errorDiagnostic('out-of-range', `${name} must be ${bound} ${String(params.limit)}; got ${show(error.data)}`, located(at));
    }
    case 'minItems':
    case 'minLength':
      return errorDiagnostic('empty-value', `${name} must not be empty`, located(at));
    case 'propertyNames':
    case 'oneOf':
    case 'anyOf':
    case 'if':
      return undefined; // the nested error that caused it is reported on its own
    default:
      return errorDiagnostic('invalid-value', `${name} ${error.message ?? 'is invalid'}`, located(at));
  }
}

function lastKey(path: DocPath): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === 'string') return i === path.length - 1 ? segment : formatPath(path.slice(i));
  }
  return formatPath(path);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  null: 'empty',
};

function actualType(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
  if (typeof value === 'boolean') return `\`${String(value)}\``;
  return `the text ${JSON.stringify(value)}`;
}

/** The text the user wrote at `location` (one line at most). */
function sourceAt(parsed: ParsedYaml, location: Diagnostic['location']): string {
  if (location === undefined || location.file !== parsed.file) return '';
  const start = (parsed.lineCounter.lineStarts[location.line - 1] ?? 0) + location.col - 1;
  return parsed.text.slice(start, start + location.length);
}

function describeType(name: string, value: unknown, expected: string | string[], where: {path: string; location: Diagnostic['location']}, source: string): Diagnostic {
  const types = Array.isArray(expected) ? expected : [expected];
  const wanted = types.map((type) => TYPE_NAMES[type] ?? type).join(' or ');
  let hint: string | undefined;
  if (value === null) hint = 'the key has no value: give it one, or remove the line';
  else if (typeof value === 'string' && types.includes('boolean') && /^(yes|no|on|off|y|n)$/i.test(value)) {
    hint = `YAML 1.2 reads \`${value}\` as text: write true or false`;
  } else if (typeof value === 'string' && (types.includes('integer') || types.includes('number')) && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    // Only quotes the user wrote can be removed; `${HP}` set to `08080` (a leading zero) was told to.
    if (/^["']/.test(source)) hint = 'remove the quotes around the number';
    else if (source.includes('${')) hint = `the variable's value \`${value}\` is not read as a number (a leading zero, spaces?): give it as a plain number, e.g. ${Number(value)}`;
  } else if (typeof value === 'string' && types.includes('array')) {
    hint = `write a list, e.g. [${value.trim().split(/\s+/).map((word) => JSON.stringify(word)).join(', ')}]`;
  } else if (typeof value === 'number' && types.includes('string')) {
    hint = `quote it: "${value}"`;
  }
  return errorDiagnostic('wrong-type', `${name} must be ${wanted}, not ${actualType(value)}`, {...where, hint});
}

function show(value: unknown): string {
  return typeof value === 'string' ? `\`${value}\`` : actualType(value);
}

function missingKeyHint(key: string): string | undefined {
  switch (key) {
    case 'apiVersion':
      return 'add `apiVersion: flowctl/v1`';
    case 'kind':
      return 'add `kind: Pipeline`';
    case 'id':
      return 'every component needs a unique `id`';
    case 'name':
      return 'give the pipeline a `name`';
    default:
      return undefined;
  }
}
