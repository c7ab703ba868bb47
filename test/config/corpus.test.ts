/**
 * The fixture corpus: every `fixtures/pipelines/good/*.yaml` loads, every `bad/*.yaml` fails,
 * and each states its exact diagnostics in trailing comments (appended, so line numbers hold):
 *
 *     # expect: 8:7 unknown-key unknown key `comand` | hint: did you mean `command`?
 *     # expect-warning: 24:7 legacy-key …
 *     # expect: other.env:3:1 code message      (a location in another file)
 *     # expect: - code message                  (no location)
 *
 * The diagnostics must match exactly: nothing missing, nothing extra. `<dir>` stands for the folder.
 */
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadPipelineFile, type Diagnostic} from '../../src/config/index.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/pipelines');
const ENV = {FLOWCTL_TEST_PORT: '9123', FLOWCTL_TEST_EMPTY: '', HOME: '/home/test'};

interface Expectations {
  errors: string[];
  warnings: string[];
}

function expectationsOf(file: string): Expectations {
  const text = readFileSync(file, 'utf8').replaceAll('<dir>', path.dirname(file));
  const pick = (prefix: string) => [...text.matchAll(new RegExp(`^# ${prefix}: (.*)$`, 'gm'))].map((match) => match[1] ?? '');
  return {errors: pick('expect'), warnings: pick('expect-warning')};
}

/** Renders a diagnostic the way expectations are written; the hint only when the expectation has one. */
function render(file: string, diagnostic: Diagnostic, withHint: boolean): string {
  const {location} = diagnostic;
  const where = location === undefined ? '-' : `${location.file === file ? '' : `${path.basename(location.file)}:`}${location.line}:${location.col}`;
  const text = `${where} ${diagnostic.code} ${diagnostic.message}`;
  return withHint ? `${text} | hint: ${diagnostic.hint ?? '(none)'}` : text;
}

function assertDiagnostics(file: string, actual: Diagnostic[], expected: string[]): void {
  const rendered = actual.map((diagnostic) => {
    const plain = render(file, diagnostic, false);
    const wantsHint = expected.some((line) => line.startsWith(`${plain} | hint: `));
    return render(file, diagnostic, wantsHint);
  });
  expect(rendered.sort()).toEqual([...expected].sort());
}

const yamlFiles = (dir: string) => readdirSync(path.join(ROOT, dir)).filter((name) => name.endsWith('.yaml')).sort();

describe('good pipelines load', () => {
  it.each(yamlFiles('good'))('%s', (name) => {
    const file = path.join(ROOT, 'good', name);
    const expectations = expectationsOf(file);
    const result = loadPipelineFile(file, {env: ENV});
    if (!result.ok) expect.fail(result.error.map((d) => render(file, d, true)).join('\n'));
    assertDiagnostics(file, result.value.warnings, expectations.warnings);
    expect(expectations.errors).toEqual([]);
  });
});

describe('bad pipelines fail with exactly the stated diagnostics', () => {
  it.each(yamlFiles('bad'))('%s', (name) => {
    const file = path.join(ROOT, 'bad', name);
    const expectations = expectationsOf(file);
    expect(expectations.errors.length, 'a bad fixture must state its errors').toBeGreaterThan(0);
    const result = loadPipelineFile(file, {env: ENV});
    if (result.ok) expect.fail(`${name} loaded, but should fail`);
    const errors = result.error.filter((d) => d.severity === 'error');
    const warnings = result.error.filter((d) => d.severity === 'warning');
    assertDiagnostics(file, errors, expectations.errors);
    assertDiagnostics(file, warnings, expectations.warnings);
    // Every error is located, except whole-file problems, and carries its document path when located in the pipeline.
    for (const diagnostic of errors) {
      if (diagnostic.location?.file === file) expect(diagnostic.location.length).toBeGreaterThan(0);
    }
  });
});
