/**
 * dotenv files (`env_file:`): `KEY=value` lines, `export KEY=value`, `#` comments, blank
 * lines, single-quoted (literal) and double-quoted (`\n`, `\"`, `\\` escapes) values.
 * Values are taken literally: no `${VAR}` expansion inside an env file.
 */
import type {Diagnostic} from './diagnostic.js';
import {errorDiagnostic} from './diagnose.js';
import {readTextFile} from './read-source.js';
import {err, ok, type Result} from '../util/result.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads and parses one env file; problems are located in the env file itself. */
export function readEnvFile(file: string): Result<Record<string, string>, Diagnostic> {
  const text = readTextFile(file, 'env');
  if (!text.ok) {
    // An empty env file is fine: it just sets nothing.
    return text.error.code === 'empty-file' ? ok({}) : err(text.error);
  }
  return parseEnvFile(file, text.value);
}

export function parseEnvFile(file: string, text: string): Result<Record<string, string>, Diagnostic> {
  const vars: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    const body = trimmed.replace(/^export\s+/, '');
    const at = (offset: number, length: number) => ({file, line: index + 1, col: indent + (trimmed.length - body.length) + offset + 1, length});
    const equals = body.indexOf('=');
    if (equals === -1) {
      return err(errorDiagnostic('env-file-syntax', 'expected KEY=value', {location: at(0, body.length), hint: 'each line of an env file is KEY=value or a # comment'}));
    }
    const key = body.slice(0, equals).trim();
    if (!NAME.test(key)) {
      return err(errorDiagnostic('env-file-syntax', `\`${key}\` is not a valid variable name`, {location: at(0, Math.max(1, equals)), hint: 'names are letters, digits and _, not starting with a digit'}));
    }
    const value = parseValue(body.slice(equals + 1).trim());
    if (value === undefined) {
      return err(errorDiagnostic('env-file-syntax', `unterminated quoted value for \`${key}\``, {location: at(equals + 1, body.length - equals - 1), hint: 'close the quote on the same line'}));
    }
    vars[key] = value;
  }
  return ok(vars);
}

function parseValue(raw: string): string | undefined {
  if (raw.startsWith("'")) {
    const close = raw.indexOf("'", 1);
    return close === -1 ? undefined : raw.slice(1, close);
  }
  if (raw.startsWith('"')) {
    let value = '';
    for (let i = 1; i < raw.length; i++) {
      const char = raw[i];
      if (char === '"') return value;
      if (char === '\\' && i + 1 < raw.length) {
        const next = raw[++i];
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : (next ?? '');
      } else {
        value += char;
      }
    }
    return undefined;
  }
  // Unquoted: an inline comment needs a space before `#`, so `a#b` stays whole.
  return raw.replace(/\s+#.*$/, '').trim();
}
