/** The config layer's public face: load a pipeline file, find it, print its diagnostics. */
export {loadPipelineFile, type LoadOptions, type LoadedPipeline} from './load.js';
export {findPipelineFile, DEFAULT_PIPELINE_FILES} from './find.js';
export {formatDiagnostics, type FormatOptions} from './format.js';
export {parseSize, formatSize} from './size.js';
export type {Diagnostic, SourceLocation} from './diagnostic.js';
export * from './model.js';
