/**
 * Drift guard: `src/config/schema-types.generated.ts` must be exactly what
 * json-schema-to-typescript makes of `schemas/pipeline.schema.json`. After changing the
 * schema, regenerate with `npx vitest run test/config/schema-types.test.ts -u`.
 */
import {compile} from 'json-schema-to-typescript';
import {describe, expect, it} from 'vitest';
import {LEVELS} from '../../src/logs/entry.js';
import {LOG_FORMATS} from '../../src/config/model.js';
import {loadSchema} from '../../src/config/schema.js';

const BANNER = `/**
 * GENERATED from schemas/pipeline.schema.json by json-schema-to-typescript: do not edit.
 * These are the raw shapes users write; normalise.ts turns them into model.ts.
 * Regenerate: npx vitest run test/config/schema-types.test.ts -u
 */`;

describe('schema types', () => {
  it('src/config/schema-types.generated.ts matches schemas/pipeline.schema.json', async () => {
    const generated = await compile(loadSchema() as Parameters<typeof compile>[0], 'PipelineFile', {
      bannerComment: BANNER,
      additionalProperties: false,
      unreachableDefinitions: false,
      format: true,
    });
    await expect(generated).toMatchFileSnapshot('../../src/config/schema-types.generated.ts');
  });

  it('the compact component accepts the same keys as the v1 component (plus name)', () => {
    const definitions = loadSchema().definitions as Record<string, {properties: Record<string, unknown>}>;
    const v1 = Object.keys(definitions.Component?.properties ?? {}).sort();
    const compact = Object.keys(definitions.CompactComponent?.properties ?? {}).filter((key) => key !== 'name').sort();
    expect(compact).toEqual(v1);
  });

  it('the enums the model defines are the enums the schema allows', () => {
    const definitions = loadSchema().definitions as Record<string, {properties: Record<string, {enum?: string[]}>}>;
    const logging = definitions.ComponentLogging?.properties ?? {};
    expect(logging.format?.enum).toEqual([...LOG_FORMATS]);
    expect(logging.level?.enum).toEqual([...LEVELS]);
  });
});
