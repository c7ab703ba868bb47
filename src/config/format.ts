/**
 * Diagnostics → text for a terminal, compiler style:
 *
 *     pipeline.yaml:12:7: error: unknown key `comand`
 *        12 |       comand: ["node"]
 *           |       ^^^^^^
 *       hint: did you mean `command`?
 *
 * The source line is read back from the file the location names (an env file, say, as
 * well as the pipeline file), so diagnostics stay plain data.
 */
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import type {Diagnostic} from './diagnostic.js';
import {excerptOf} from './excerpt.js';
import {MAX_PIPELINE_FILE_BYTES} from './read-source.js';

export interface FormatOptions {
  color: boolean;
  /** File names are shown relative to this folder when inside it (default: `process.cwd()`). */
  cwd?: string;
  /** Reads a file's text; injectable for tests. Undefined = no source line. */
  readSource?: (file: string) => string | undefined;
}

const ANSI = {bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', yellow: '\u001b[33m', cyan: '\u001b[36m', reset: '\u001b[0m'};

export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions): string {
  const cache = new Map<string, string[] | undefined>();
  const read = options.readSource ?? readSmallFile;
  const linesOf = (file: string) => {
    if (!cache.has(file)) cache.set(file, read(file)?.split(/\r?\n/));
    return cache.get(file);
  };
  return diagnostics.map((diagnostic) => formatOne(diagnostic, options, linesOf)).join('\n\n') + (diagnostics.length > 0 ? '\n' : '');
}

function formatOne(diagnostic: Diagnostic, options: FormatOptions, linesOf: (file: string) => string[] | undefined): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${ANSI.reset}` : text);
  const tone = diagnostic.severity === 'error' ? ANSI.red : ANSI.yellow;
  const label = paint(ANSI.bold + tone, diagnostic.severity);
  const out: string[] = [];
  const {location} = diagnostic;
  if (location) {
    const where = `${displayPath(location.file, options.cwd ?? process.cwd())}:${location.line}:${location.col}`;
    out.push(`${paint(ANSI.bold, where)}: ${label}: ${paint(ANSI.bold, diagnostic.message)}`);
    const line = linesOf(location.file)?.[location.line - 1];
    if (line !== undefined) {
      const excerpt = excerptOf(line, location.col, location.length);
      const gutter = String(location.line);
      const pad = ' '.repeat(gutter.length);
      out.push(`  ${paint(ANSI.dim, `${gutter} |`)} ${excerpt.text}`);
      out.push(`  ${paint(ANSI.dim, `${pad} |`)} ${' '.repeat(excerpt.caretColumn)}${paint(tone, '^'.repeat(excerpt.caretWidth))}`);
    }
  } else {
    out.push(`${label}: ${paint(ANSI.bold, diagnostic.message)}`);
  }
  if (diagnostic.hint) out.push(`  ${paint(ANSI.cyan, 'hint:')} ${diagnostic.hint}`);
  return out.join('\n');
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function readSmallFile(file: string): string | undefined {
  try {
    if (statSync(file).size > MAX_PIPELINE_FILE_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
