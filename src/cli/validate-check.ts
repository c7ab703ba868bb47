/**
 * The check behind `flowctl validate [file]`: load a pipeline file the way `flowctl up` will
 * and say whether it is sound — a ✓ with the start order, or every problem at once, located
 * in the file. Kept apart from the command definition (`validate.ts`) so the YAML parser and
 * the schema validator load only when a file is validated, not on every CLI start.
 */
import path from 'node:path';
import {findPipelineFile, formatDiagnostics, loadPipelineFile, type Diagnostic} from '../config/index.js';
import {wantsColor} from './color.js';
import {EXIT_OK, EXIT_USAGE} from './exit-codes.js';

/** What validate touches of the world, injectable for tests. */
export interface ValidateIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stderr (where diagnostics go) is a terminal. */
  stderrIsTTY: boolean;
}

export interface ValidateFlags {
  json?: boolean;
  color?: boolean;
}

/** Runs the check and returns the exit code: 0 valid (warnings allowed), 2 invalid. */
export async function runValidate(file: string | undefined, flags: ValidateFlags, io: ValidateIo): Promise<number> {
  const color = wantsColor(flags.color, io.env, io.stderrIsTTY);
  const found = findPipelineFile(io.cwd, file);
  if (!found.ok) return await report(io, flags, undefined, [found.error], color);
  const loaded = loadPipelineFile(found.value, {env: io.env});
  if (!loaded.ok) return await report(io, flags, found.value, loaded.error, color);
  const {pipeline, warnings} = loaded.value;
  if (flags.json) {
    const summary = {name: pipeline.name, components: pipeline.components.length, startOrder: pipeline.startOrder};
    io.out(`${JSON.stringify({valid: true, file: found.value, pipeline: summary, errors: [], warnings}, null, 2)}\n`);
    return EXIT_OK;
  }
  if (warnings.length > 0) io.err(`${await formatDiagnostics(warnings, {color, cwd: io.cwd})}\n`);
  const count = pipeline.components.length;
  const noted = warnings.length > 0 ? ` (${plural(warnings.length, 'warning')})` : '';
  io.out(`✓ ${pipeline.name}: ${plural(count, 'component')}, start order: ${pipeline.startOrder.join(' → ')}${noted}\n`);
  return EXIT_OK;
}

async function report(io: ValidateIo, flags: ValidateFlags, file: string | undefined, diagnostics: Diagnostic[], color: boolean): Promise<number> {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === 'warning');
  if (flags.json) {
    io.out(`${JSON.stringify({valid: false, file: file ?? null, pipeline: null, errors, warnings}, null, 2)}\n`);
    return EXIT_USAGE;
  }
  const where = file === undefined ? 'flowctl validate' : shownPath(file, io.cwd);
  const tally = [plural(errors.length, 'error'), ...(warnings.length > 0 ? [plural(warnings.length, 'warning')] : [])].join(', ');
  io.err(`${await formatDiagnostics(diagnostics, {color, cwd: io.cwd})}\n✗ ${where}: ${tally}\n`);
  return EXIT_USAGE;
}

/** Relative to the working folder when inside it, as the diagnostics show it. */
function shownPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
