import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadPipelineFile, type Diagnostic} from '../../src/config/index.js';
import {formatDiagnostics} from '../../src/config/format.js';

const BAD = path.resolve(import.meta.dirname, '../../fixtures/pipelines/bad');

function diagnosticsOf(name: string): Diagnostic[] {
  const result = loadPipelineFile(path.join(BAD, name), {env: {}});
  return result.ok ? expect.fail('should fail') : result.error;
}

describe('formatDiagnostics', () => {
  it('prints file:line:col, the source line, a caret under the problem and the hint', () => {
    const text = formatDiagnostics(diagnosticsOf('unknown-key.yaml'), {color: false, cwd: BAD});
    expect(text).toBe(
      [
        'unknown-key.yaml:8:7: error: unknown key `comand`',
        '  8 |       comand: ["node", "source.mjs"]',
        '    |       ^^^^^^',
        '  hint: did you mean `command`?',
        '',
      ].join('\n'),
    );
  });

  it('shows absolute paths outside the working folder, and separates diagnostics with a blank line', () => {
    const text = formatDiagnostics(diagnosticsOf('cycle.yaml').concat(diagnosticsOf('self-cycle.yaml')), {color: false, cwd: '/somewhere/else'});
    expect(text).toContain(`${path.join(BAD, 'cycle.yaml')}:6:20: error: dependency cycle: a → c → b → a\n  6 |       depends_on: [c]\n    |                    ^\n`);
    expect(text.split('\n\n')).toHaveLength(2);
  });

  it('diagnostics without a location print just the message', () => {
    const diagnostic: Diagnostic = {severity: 'error', code: 'x', message: '/p.yaml is empty', path: undefined, location: undefined, hint: 'start from the docs'};
    expect(formatDiagnostics([diagnostic], {color: false})).toBe('error: /p.yaml is empty\n  hint: start from the docs\n');
    expect(formatDiagnostics([], {color: false})).toBe('');
  });

  it('shows tabs as one space so the caret lines up, and caps the underline at the line end', () => {
    const diagnostic: Diagnostic = {severity: 'warning', code: 'x', message: 'm', path: undefined, location: {file: '/f.yaml', line: 2, col: 3, length: 99}, hint: undefined};
    const text = formatDiagnostics([diagnostic], {color: false, cwd: '/', readSource: () => 'first\n\tab: c\n'});
    expect(text).toBe('f.yaml:2:3: warning: m\n  2 |  ab: c\n    |   ^^^^\n');
  });

  it('colours severity, location and caret only when asked', () => {
    const coloured = formatDiagnostics(diagnosticsOf('unknown-key.yaml'), {color: true, cwd: BAD});
    expect(coloured).toContain('\u001b[1m\u001b[31merror\u001b[0m');
    expect(coloured).toContain('\u001b[31m^^^^^^\u001b[0m');
    expect(formatDiagnostics(diagnosticsOf('unknown-key.yaml'), {color: false, cwd: BAD})).not.toContain('\u001b[');
  });

  it('points into the env file for env-file errors', () => {
    const text = formatDiagnostics(diagnosticsOf('bad-env-file.yaml'), {color: false, cwd: BAD});
    expect(text).toContain('broken.env:3:1: error: expected KEY=value\n  3 | this line has no equals sign\n    | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n');
  });
});
