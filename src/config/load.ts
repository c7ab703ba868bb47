/**
 * The one entry point for reading a pipeline: read → parse → interpolate → schema → rules →
 * normalise. Every stage that can keep going does, so one call reports every problem.
 */
import path from 'node:path';
import {listComponents} from './components.js';
import type {Diagnostic} from './diagnostic.js';
import {capDiagnostics, sortDiagnostics} from './diagnose.js';
import {interpolateDocument, type Environment} from './interpolate.js';
import {legacyWarnings} from './legacy.js';
import type {ResolvedPipeline} from './model.js';
import {normalisePipeline} from './normalise.js';
import {readTextFile} from './read-source.js';
import {checkRules} from './rules.js';
import {spellingOf, validateSchema} from './schema.js';
import type {PipelineFile} from './schema-types.generated.js';
import {checkBounds} from './bounds.js';
import {parseYaml, toData, withoutShadowed} from './yaml-document.js';
import {err, ok, type Result} from '../util/result.js';

/** Schema diagnostics about a value (as opposed to a key), which an unset variable explains. */
const VALUE_CODES = new Set(['wrong-type', 'invalid-value', 'out-of-range', 'empty-value']);

export interface LoadOptions {
  /** Variables for `${VAR}`; defaults to `process.env`. */
  env?: Environment;
}

export interface LoadedPipeline {
  pipeline: ResolvedPipeline;
  warnings: Diagnostic[];
}

/**
 * Loads, validates and resolves a pipeline file. On failure the error holds every
 * diagnostic found (errors first, then warnings), each located in the file when possible.
 */
export function loadPipelineFile(file: string, options: LoadOptions = {}): Result<LoadedPipeline, Diagnostic[]> {
  const absolute = path.resolve(file);
  const dir = path.dirname(absolute);
  const text = readTextFile(absolute, 'pipeline');
  if (!text.ok) return err([text.error]);
  const document = parseYaml(absolute, text.value);
  if (!document.ok) return err(capDiagnostics(sortDiagnostics(document.error)));
  const {parsed, diagnostics: yamlDiagnostics} = document.value;

  const interpolation = interpolateDocument(parsed, options.env ?? process.env, dir);
  const data = toData(parsed);
  if (!data.ok) return err(capDiagnostics(sortDiagnostics([...yamlDiagnostics, ...interpolation.diagnostics, ...data.error])));

  const spelling = spellingOf(data.value);
  // A value still holding an unset `${VAR}` fails its type or format too; the variable is the cause.
  const unresolved = new Set(interpolation.diagnostics.map((diagnostic) => diagnostic.path));
  const schemaDiagnostics = validateSchema(parsed, data.value).filter(
    (diagnostic) => !(unresolved.has(diagnostic.path) && VALUE_CODES.has(diagnostic.code)),
  );
  const entries = listComponents(data.value, spelling);
  const later = [
    ...interpolation.diagnostics,
    ...schemaDiagnostics,
    ...checkRules({parsed, spelling, entries, dir}),
    ...checkBounds(parsed, data.value, spelling),
    ...legacyWarnings(parsed, data.value, spelling, entries),
  ];
  // What is said about a value whose YAML was already refused (a `!!binary` env) would only repeat it.
  const all = sortDiagnostics([...yamlDiagnostics, ...withoutShadowed(document.value, later)]);
  if (all.some((diagnostic) => diagnostic.severity === 'error')) return err(capDiagnostics(all));

  const pipeline = normalisePipeline({data: data.value as PipelineFile, spelling, file: absolute, entries, envFiles: interpolation.envFiles});
  return ok({pipeline, warnings: capDiagnostics(all)});
}
