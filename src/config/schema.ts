/**
 * Schema validation: `schemas/pipeline.schema.json` (the source of truth, also what editors
 * use) compiled once by ajv with `allErrors`, so one run reports every problem. The file's
 * spelling picks the definition it is checked against, which keeps errors about the form the
 * user actually wrote instead of a wall of `oneOf` noise from the other one.
 */
import {readFileSync} from 'node:fs';
import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv';
import type {Diagnostic} from './diagnostic.js';
import type {ParsedYaml} from './locate.js';
import {describeSchemaErrors} from './schema-messages.js';

/** Where the schema ships: `schemas/` next to `src/` and `dist/` (package.json `files`). */
export const SCHEMA_URL = new URL('../../schemas/pipeline.schema.json', import.meta.url);

export type Spelling = 'v1' | 'compact';

let compiled: Record<Spelling, ValidateFunction> | undefined;

/** The schema as JSON (for tests and for generating types). */
export function loadSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

function validators(): Record<Spelling, ValidateFunction> {
  if (compiled) return compiled;
  // allowUnionTypes: `type: [string, array]` keeps errors simple where oneOf would multiply them.
  // verbose: errors carry their parent schema, which holds `patternErrorMessage` and the known keys.
  const ajv = new Ajv({allErrors: true, verbose: true, strict: true, allowUnionTypes: true});
  // Annotations editors understand (VS Code / yaml-language-server); ajv only has to accept them.
  ajv.addKeyword('patternErrorMessage');
  ajv.addKeyword('deprecationMessage');
  ajv.addSchema(loadSchema(), 'pipeline');
  const get = (name: string): ValidateFunction => {
    const validate = ajv.getSchema(`pipeline#/definitions/${name}`);
    if (!validate) throw new Error(`Internal error: schema definition ${name} missing`);
    return validate;
  };
  compiled = {v1: get('V1Pipeline'), compact: get('CompactPipeline')};
  return compiled;
}

/** Which spelling a document uses: a top-level `pipeline:` key means the compact form. */
export function spellingOf(data: unknown): Spelling {
  return typeof data === 'object' && data !== null && 'pipeline' in data ? 'compact' : 'v1';
}

/** Validates `data` against the schema for its spelling; every error becomes a located diagnostic. */
export function validateSchema(parsed: ParsedYaml, data: unknown): Diagnostic[] {
  const validate = validators()[spellingOf(data)];
  if (validate(data)) return [];
  return describeSchemaErrors(parsed, data, (validate.errors ?? []) as ErrorObject[]);
}
