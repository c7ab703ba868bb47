/**
 * Schema validation: `schemas/pipeline.schema.json` (the source of truth, also what editors
 * use) checked with ajv's `allErrors`, so one run reports every problem. The file's spelling
 * picks the definition it is checked against, which keeps errors about the form the user
 * actually wrote instead of a wall of `oneOf` noise from the other one.
 *
 * The validators are ajv standalone code generated ahead of time by `scripts/gen-validator.mjs`
 * (drift-checked by test/config/pipeline-validator.test.ts): compiling the schema at run time
 * cost every command that loads a pipeline ~175 ms of compile and GC before its first result.
 */
import {readFileSync} from 'node:fs';
import type {ErrorObject, ValidateFunction} from 'ajv';
import type {Diagnostic} from './diagnostic.js';
import type {ParsedYaml} from './locate.js';
import {CompactPipeline, V1Pipeline} from './pipeline-validator.generated.js';
import {describeSchemaErrors} from './schema-messages.js';

/** Where the schema ships: `schemas/` next to `src/` and `dist/` (package.json `files`). */
export const SCHEMA_URL = new URL('../../schemas/pipeline.schema.json', import.meta.url);

export type Spelling = 'v1' | 'compact';

/** The generated functions follow ajv's contract: return a boolean, leave `errors` on themselves. */
const VALIDATORS: Record<Spelling, ValidateFunction> = {
  v1: V1Pipeline as unknown as ValidateFunction,
  compact: CompactPipeline as unknown as ValidateFunction,
};

/** The schema as JSON (for tests and for generating types). */
export function loadSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

/** Which spelling a document uses: a top-level `pipeline:` key means the compact form. */
export function spellingOf(data: unknown): Spelling {
  return typeof data === 'object' && data !== null && 'pipeline' in data ? 'compact' : 'v1';
}

/** Validates `data` against the schema for its spelling; every error becomes a located diagnostic. */
export function validateSchema(parsed: ParsedYaml, data: unknown): Diagnostic[] {
  const validate = VALIDATORS[spellingOf(data)];
  if (validate(data)) return [];
  return describeSchemaErrors(parsed, data, (validate.errors ?? []) as ErrorObject[]);
}
