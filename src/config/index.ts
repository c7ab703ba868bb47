/** The config layer's public face: load a pipeline file, find it, print its diagnostics. */
import type {Diagnostic} from './diagnostic.js';
import type {FormatOptions} from './format.js';

export {loadPipelineFile, type LoadOptions, type LoadedPipeline} from './load.js';
export {findPipelineFile, DEFAULT_PIPELINE_FILES} from './find.js';
export type {FormatOptions} from './format.js';
export {parseSize, formatSize} from './size.js';
export type {Diagnostic, SourceLocation} from './diagnostic.js';
export * from './model.js';

/**
 * Diagnostics as printed (`format.ts`), loaded on first use: their excerpts measure columns
 * with string-width, whose regexes take ~35 ms to load, and a pipeline that loads cleanly
 * (every `flowctl logs` query reads one) should not pay for that.
 */
export async function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions): Promise<string> {
  const {formatDiagnostics: format} = await import('./format.js');
  return format(diagnostics, options);
}
