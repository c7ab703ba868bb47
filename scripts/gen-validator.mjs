// Generates src/config/pipeline-validator.generated.js: ajv's standalone code for
// schemas/pipeline.schema.json, so the CLI does not compile the schema on every start
// (~175 ms of compile + GC before the first result). Run after changing the schema:
//   node scripts/gen-validator.mjs
// test/config/pipeline-validator.test.ts fails when the committed file is stale.
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Ajv} from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const SCHEMA_URL = new URL('../schemas/pipeline.schema.json', import.meta.url);
/** Where the generated module lives (committed; tsc copies it to dist/ as allowJs is on). */
export const VALIDATOR_URL = new URL('../src/config/pipeline-validator.generated.js', import.meta.url);

const BANNER = `// GENERATED from schemas/pipeline.schema.json by scripts/gen-validator.mjs: do not edit.
// Regenerate: node scripts/gen-validator.mjs
/* eslint-disable */
`;

/** The standalone validator module source: exports `V1Pipeline` and `CompactPipeline`. */
export function generateValidatorSource() {
  // The options src/config/schema.ts used to compile with at run time; error objects depend on
  // them. allowUnionTypes: `type: [string, array]` keeps errors simple where oneOf would multiply
  // them. verbose: errors carry their parent schema (patternErrorMessage, the known keys).
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    allowUnionTypes: true,
    code: {source: true, esm: true, lines: true},
  });
  // Annotations editors understand (VS Code / yaml-language-server); ajv only has to accept them.
  ajv.addKeyword('patternErrorMessage');
  ajv.addKeyword('deprecationMessage');
  // For json-schema-to-typescript: a key accepted with any value (spec.consumers).
  ajv.addKeyword('tsType');
  // Bounds on durations and sizes; checked by src/config/bounds.ts, which can parse `1m30s` and `10MiB`.
  ajv.addKeyword('maxMilliseconds');
  ajv.addKeyword('minMilliseconds');
  ajv.addKeyword('minBytes');
  ajv.addSchema(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')), 'pipeline');
  const code = standaloneCode(ajv, {
    V1Pipeline: 'pipeline#/definitions/V1Pipeline',
    CompactPipeline: 'pipeline#/definitions/CompactPipeline',
  });
  // Even with `esm: true` ajv emits `require("ajv/dist/runtime/ucs2length")` (it counts string
  // lengths in code points for minLength); an ES module has no `require`, so give it one.
  const prelude = code.includes('require(')
    ? 'import {createRequire} from "node:module";\nconst require = createRequire(import.meta.url);\n'
    : '';
  return BANNER + prelude + code + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(VALIDATOR_URL, generateValidatorSource());
  console.log(`wrote ${fileURLToPath(VALIDATOR_URL)}`);
}
