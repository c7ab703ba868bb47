/**
 * Both spellings → one `ResolvedPipeline`. Runs only on data that passed the schema and the
 * rules, so it can trust shapes; every default lives here (and in normalise-component.ts)
 * and is documented in docs/pipeline-format.md.
 */
import path from 'node:path';
import {parseDuration} from '../util/duration.js';
import type {ComponentEntry} from './components.js';
import {startOrder} from './graph.js';
import {formatPath} from './locate.js';
import type {PipelineLogging, ResolvedPipeline} from './model.js';
import {normaliseComponent} from './normalise-component.js';
import {defaultHealthPorts} from './ports.js';
import type {Spelling} from './schema.js';
import type {CompactPipeline, CompactPipelineBody, PipelineFile, PipelineLogging as RawLogging, V1Pipeline} from './schema-types.generated.js';
import {parseSize} from './size.js';

const MiB = 1024 * 1024;

export const PIPELINE_LOGGING_DEFAULTS = {
  bufferSize: 10_000,
  bufferBytes: 64 * MiB,
  retentionMs: 24 * 3_600_000,
  rotation: {maxBytes: 10 * MiB, maxFiles: 5},
  maxLineBytes: MiB,
};

export interface NormaliseInput {
  data: PipelineFile;
  spelling: Spelling;
  file: string;
  entries: readonly ComponentEntry[];
  /** env_file variables per component, keyed by the component's formatted path. */
  envFiles: ReadonlyMap<string, Record<string, string>>;
}

export function normalisePipeline({data, spelling, file, entries, envFiles}: NormaliseInput): ResolvedPipeline {
  const dir = path.dirname(file);
  const header = headerOf(data, spelling);
  const componentIds = new Set(entries.map((entry) => entry.id ?? ''));
  const normalised = entries.map((entry) =>
    normaliseComponent(entry, {dir, envFileVars: envFiles.get(formatPath(entry.path)) ?? {}, componentIds, kind: entry.kind ?? 'processor'}),
  );
  const needsDefault = (index: number) => {
    const component = normalised[index];
    return component !== undefined && component.healthPort === undefined && (component.env.HEALTH_PORT ?? '') === '';
  };
  const defaults = defaultHealthPorts(entries, needsDefault);
  const components = normalised.map((component, index) => ({...component, defaultHealthPort: defaults[index]}));
  const ids = components.map((component) => component.id);
  const edges = new Map(components.map((component) => [component.id, component.dependsOn.map((dependency) => dependency.id)]));
  return {
    name: header.name,
    file,
    dir,
    namespace: header.namespace,
    description: header.description,
    labels: header.labels ?? {},
    annotations: header.annotations ?? {},
    driver: header.driver,
    logging: normaliseLogging(header.logging, dir),
    components,
    startOrder: startOrder(ids, edges),
    config: header.config ?? {},
  };
}

/** The pipeline-level fields, wherever the spelling keeps them. */
function headerOf(data: PipelineFile, spelling: Spelling): CompactPipelineBody {
  if (spelling === 'compact') return (data as CompactPipeline).pipeline;
  const {metadata, spec} = data as V1Pipeline;
  return {
    ...metadata,
    components: [],
    // flowctl ignored metadata.description; we keep it when spec has none (with a warning).
    description: spec.description ?? (typeof metadata.description === 'string' ? metadata.description : undefined),
    driver: spec.driver,
    logging: spec.logging,
    config: spec.config,
  };
}

function normaliseLogging(spec: RawLogging | undefined, dir: string): PipelineLogging {
  const defaults = PIPELINE_LOGGING_DEFAULTS;
  const size = (value: string | number | undefined, fallback: number) => (value === undefined ? fallback : (parseSize(value) ?? fallback));
  const rateLimit = spec?.rate_limit;
  const exportSpec = spec?.export;
  return {
    enabled: spec?.enabled ?? true,
    bufferSize: spec?.buffer_size ?? defaults.bufferSize,
    bufferBytes: size(spec?.buffer_bytes, defaults.bufferBytes),
    retentionMs: spec?.retention === undefined ? defaults.retentionMs : (parseDuration(spec.retention) ?? defaults.retentionMs),
    store: spec?.store ?? 'sqlite',
    dir: path.resolve(dir, spec?.dir ?? 'logs'),
    rotation: {
      maxBytes: size(spec?.rotation?.max_size, defaults.rotation.maxBytes),
      maxFiles: spec?.rotation?.max_files ?? defaults.rotation.maxFiles,
    },
    maxLineBytes: size(spec?.max_line_bytes, defaults.maxLineBytes),
    rateLimit: rateLimit ? {linesPerSecond: rateLimit.lines_per_second, burst: rateLimit.burst ?? rateLimit.lines_per_second} : undefined,
    export: exportSpec ? {format: exportSpec.format ?? 'json', destination: exportSpec.destination} : undefined,
  };
}
