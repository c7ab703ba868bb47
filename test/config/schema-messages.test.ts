/** Schema errors in words: hints that fit what the user wrote. */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadPipelineFile} from '../../src/config/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-schema-messages-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function errorsOf(healthPort: string, env: Record<string, string>) {
  const file = path.join(dir, 'pipeline.yaml');
  writeFileSync(file, `pipeline:\n  name: x\n  components:\n    - name: a\n      command: [echo]\n      health_port: ${healthPort}\n`);
  const result = loadPipelineFile(file, {env});
  return result.ok ? [] : result.error.map((d) => ({message: d.message, hint: d.hint}));
}

describe('wrong-type hints', () => {
  it('leading-zero-variable-hint: `${HP}` = 08080 is not told to remove quotes it does not have', () => {
    expect(errorsOf('${HP}', {HP: '08080'})).toEqual([
      {
        message: '`health_port` must be a whole number, not the text "08080"',
        hint: "the variable's value `08080` is not read as a number (a leading zero, spaces?): give it as a plain number, e.g. 8080",
      },
    ]);
  });

  it('a quoted number is told to drop the quotes', () => {
    expect(errorsOf('"8080"', {})).toEqual([{message: '`health_port` must be a whole number, not the text "8080"', hint: 'remove the quotes around the number'}]);
  });
});
