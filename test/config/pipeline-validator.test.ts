/**
 * Drift guard: `src/config/pipeline-validator.generated.js` (ajv standalone code that
 * src/config/schema.ts runs instead of compiling the schema on every start) must be exactly
 * what `scripts/gen-validator.mjs` makes of `schemas/pipeline.schema.json` today.
 * After changing the schema (or upgrading ajv), regenerate with `node scripts/gen-validator.mjs`.
 */
import {readFileSync} from 'node:fs';
import type {ValidateFunction} from 'ajv';
import {describe, expect, it} from 'vitest';
import {generateValidatorSource, VALIDATOR_URL} from '../../scripts/gen-validator.mjs';
import * as generated from '../../src/config/pipeline-validator.generated.js';

const V1Pipeline = generated.V1Pipeline as unknown as ValidateFunction;
const CompactPipeline = generated.CompactPipeline as unknown as ValidateFunction;

describe('generated pipeline validator', () => {
  it('src/config/pipeline-validator.generated.js matches schemas/pipeline.schema.json', () => {
    const committed = readFileSync(VALIDATOR_URL, 'utf8');
    const fresh = generateValidatorSource();
    // One clear instruction rather than a 150 kB diff of generated code.
    expect(committed === fresh, 'src/config/pipeline-validator.generated.js is stale: run `node scripts/gen-validator.mjs` and commit the result').toBe(true);
  });

  it('runs as an ES module: the require it needs for string lengths resolves', () => {
    // minLength counts code points through ajv's runtime helper; a missing `require` would throw here.
    expect(CompactPipeline({pipeline: {name: ''}})).toBe(false);
    expect(CompactPipeline.errors?.some((error) => error.keyword === 'minLength')).toBe(true);
  });

  it('reports every error at once (allErrors) with the parent schema attached (verbose)', () => {
    expect(V1Pipeline({apiVersion: 1, kind: 'Pipeline'})).toBe(false);
    const errors = V1Pipeline.errors ?? [];
    expect(errors.map((error) => error.keyword).sort()).toEqual(['required', 'required', 'type']);
    expect(errors.every((error) => typeof error.parentSchema === 'object')).toBe(true);
  });
});
