/** YAML-level problems: one located cause each, reported together with the rest when the document is still readable. */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadPipelineFile, type Diagnostic} from '../../src/config/index.js';
import {parseYaml} from '../../src/config/yaml-document.js';
import {findUnclosed} from '../../src/config/yaml-unclosed.js';

const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-yaml-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const HEAD = 'apiVersion: flowctl/v1\nkind: Pipeline\nmetadata:\n  name: x\nspec:\n  sources:\n    - id: a\n';
const at = (diagnostic: Diagnostic) => `${diagnostic.location?.line}:${diagnostic.location?.col} ${diagnostic.code}`;

function syntaxErrors(text: string): Diagnostic[] {
  const result = parseYaml('/p.yaml', text);
  if (result.ok) return expect.fail('expected a syntax error');
  return result.error;
}

function load(name: string, text: string) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return loadPipelineFile(file, {env: {}});
}

describe('malformed YAML: one error per cause, where it opens', () => {
  it('unclosed-flow-list-one-cause: `command: [node` is one error on its own line, not three on the next', () => {
    const errors = syntaxErrors(`${HEAD}      command: [node\n      env:\n        A: "1"\n`);
    expect(errors.map(at)).toEqual(['8:16 yaml-unclosed-bracket']);
    expect(errors[0]).toMatchObject({message: 'unclosed `[`: the list opened here has no closing `]`', hint: expect.stringContaining('add the closing `]`')});
  });

  it('unclosed-quote-at-opener: reported where the quote opens, not at the blank end of the file', () => {
    const errors = syntaxErrors('apiVersion: flowctl/v1\nkind: Pipeline\nmetadata:\n  name: "x\nspec:\n  sources:\n    - id: a\n      command: [node]\n\n');
    expect(errors.map(at)).toEqual(['4:9 yaml-unclosed-quote']);
    expect(errors[0]?.message).toBe('unclosed `"`: the text quoted here has no closing `"` (YAML read on to line 8)');
  });

  it('a single quote, and a syntax error before an unclosed bracket is kept as its own cause', () => {
    const errors = syntaxErrors("a: 'it''s\nb: 1\n");
    expect(errors.map(at)).toEqual(['1:4 yaml-unclosed-quote']);
    expect(syntaxErrors('a: b: c\nd: [1\ne: 2\n').map(at)).toEqual(['1:4 yaml-block-as-implicit-key', '2:4 yaml-unclosed-bracket']);
  });

  it('the innermost unclosed opener is the cause: a `[` closed by `}` leaves the `{` explained', () => {
    expect(findUnclosed('a: {b: [1, 2}\n').map((opener) => [opener.kind, opener.offset])).toEqual([['flow-seq', 7]]);
    expect(findUnclosed('a: [node, "x]\n').map((opener) => opener.kind)).toEqual(['double-quote']);
    expect(findUnclosed('a: [1, {b: "c"}]\nd: \'e\'\n')).toEqual([]);
  });
});

describe('recoverable YAML errors are reported with everything else', () => {
  it('every-problem-at-once: a duplicate key, a misspelled key and an unknown input in one run', () => {
    const result = load('dup.yaml', `${HEAD}      comand: ["true"]\n      env: {A: 1, A: 2}\n      inputs: [ghost]\n`);
    if (result.ok) return expect.fail('expected errors');
    expect(result.error.map(at)).toEqual(['8:7 unknown-key', '9:19 yaml-duplicate-key', '10:16 unknown-component']);
  });

  it('a tab that hoists a line out of its mapping stops there: what follows would only be its consequences', () => {
    const result = load('tab.yaml', 'apiVersion: flowctl/v1\nkind: Pipeline\nmetadata:\n\tname: tabs\nspec:\n  sources:\n    - id: a\n      comand: ["true"]\n');
    if (result.ok) return expect.fail('expected errors');
    expect(result.error.map(at)).toEqual(['4:1 yaml-tab-as-indent']);
  });
});

describe('only plain YAML', () => {
  it('binary-tag-one-error: `env: !!binary …` is one error, not one per Buffer method', () => {
    const result = load('binary.yaml', `${HEAD}      command: ["true"]\n      env: !!binary aGVsbG8=\n`);
    if (result.ok) return expect.fail('expected errors');
    expect(result.error.map(at)).toEqual(['9:12 yaml-unsupported-tag']);
  });

  it('unknown-tag-refused: `command: !foo [node]` is refused, and the rest of the component still checked', () => {
    const result = load('foo.yaml', `${HEAD}      command: !foo [node]\n      inputs: [ghost]\n`);
    if (result.ok) return expect.fail('expected errors');
    expect(result.error.map(at)).toEqual(['8:16 yaml-unsupported-tag', '9:16 unknown-component']);
    expect(result.error[0]?.message).toBe('YAML tag `!foo` is not supported in a pipeline file');
  });

  it('core tags are fine: `!!str 5` is the text "5"', () => {
    const result = load('str.yaml', `${HEAD}      command: ["true"]\n      env: {PORT: !!str 5}\n`);
    expect(result.ok && result.value.pipeline.components[0]?.env).toMatchObject({PORT: '5'});
  });

  it('collection-key-no-stderr-warning: a `? [a, b]` key is a located error, and Node prints no warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const result = load('key.yaml', `${HEAD}      command: ["true"]\n      env:\n        ? [A, B]\n        : "1"\n`);
      if (result.ok) return expect.fail('expected errors');
      expect(result.error.map(at)).toEqual(['10:11 yaml-collection-key']);
      await new Promise((resolve) => setImmediate(resolve)); // process warnings are emitted on a later tick
      expect(warnings.map((warning) => warning.message)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
