/**
 * The resolved pipeline: what the rest of flowctl runs. Both spellings of a pipeline file
 * (flowctl/v1 `Pipeline` and the compact `pipeline:` form) normalise to this one shape;
 * defaults are applied, paths are absolute, `${VAR}` is interpolated. Nothing outside
 * `config/` ever sees raw YAML shapes.
 */
import type {ComponentType, Level} from '../logs/entry.js';

export type ComponentKind = Exclude<ComponentType, ''>;

/** Parsers a component's `logging.format` can pin; `auto` sniffs each line. */
export const LOG_FORMATS = [
  'auto',
  'zap-json',
  'zap-console',
  'go-log',
  'zerolog-console',
  'zerolog-json',
  'pino',
  'json',
  'logfmt',
  'text',
] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface ResolvedPipeline {
  name: string;
  /** Absolute path of the pipeline file. */
  file: string;
  /** Folder of the pipeline file: relative paths in it resolve here. */
  dir: string;
  namespace: string | undefined;
  description: string | undefined;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Informational, as in flowctl (`process`, `docker`, …). */
  driver: string | undefined;
  logging: PipelineLogging;
  /** Declaration order: sources, processors, sinks, pipelines (v1) or list order (compact). */
  components: ResolvedComponent[];
  /** A topological order of component ids (dependencies first); ties keep declaration order. */
  startOrder: string[];
  /** Free-form `spec.config`, unused by the runtime. */
  config: Record<string, unknown>;
}

export interface PipelineLogging {
  enabled: boolean;
  /** Ring buffer capacity in entries (design doc `buffer_size`, default 10 000). */
  bufferSize: number;
  /** Ring buffer capacity in bytes of entry text (default 64 MiB). */
  bufferBytes: number;
  /** History kept in the store, in ms (default 24 h). */
  retentionMs: number;
  store: 'sqlite' | 'none';
  /** Absolute folder for `<id>.log` files and the store (default `<pipeline dir>/logs`). */
  dir: string;
  /** `logs/<id>.log` rotation: rotate past `maxBytes`, keep `maxFiles` old files. */
  rotation: {maxBytes: number; maxFiles: number};
  /** Longest line kept whole; longer lines are truncated and marked (default 1 MiB). */
  maxLineBytes: number;
  /** Per-component live-view rate limit; files and the store still get everything. */
  rateLimit: {linesPerSecond: number; burst: number} | undefined;
  export: {format: 'json' | 'ndjson' | 'csv' | 'text'; destination: string | undefined} | undefined;
}

export type DependencyCondition = 'started' | 'healthy' | 'completed_successfully';

export interface Dependency {
  id: string;
  condition: DependencyCondition;
}

export interface HealthTiming {
  intervalMs: number;
  timeoutMs: number;
  /** Consecutive failures before the component is unhealthy. */
  retries: number;
  /** Failures during this period after start do not count. */
  startPeriodMs: number;
}

export type HealthCheck =
  | ({kind: 'http'; url: string} & HealthTiming)
  | ({kind: 'tcp'; host: string; port: number} & HealthTiming)
  | ({kind: 'exec'; command: string[]} & HealthTiming)
  /** A regex over the component's own output lines (stdout and stderr). */
  | ({kind: 'log'; pattern: string} & HealthTiming);

export interface RestartBackoff {
  initialMs: number;
  maxMs: number;
  multiplier: number;
  /** A run at least this long resets the backoff and the attempt count. */
  resetAfterMs: number;
}

export interface RestartPolicy {
  policy: 'no' | 'on-failure' | 'always' | 'unless-stopped';
  /** Restarts allowed before the component is failed; undefined = unlimited. */
  maxRestarts: number | undefined;
  backoff: RestartBackoff;
}

export interface PortSpec {
  name: string | undefined;
  containerPort: number | undefined;
  hostPort: number | undefined;
  protocol: string | undefined;
}

export interface ComponentLogging {
  /** Minimum level kept for display; files keep everything. */
  level: Level | undefined;
  format: LogFormat;
  /** Join continuation lines (stacks, pretty JSON) into one entry. */
  multiline: {enabled: boolean; windowMs: number};
}

export interface ResolvedComponent {
  id: string;
  kind: ComponentKind;
  /** flowctl's free-text `type` (or registry ref `name@version`), if given. */
  type: string | undefined;
  image: string | undefined;
  /**
   * `remote: true`: flowctl does not start it; it runs elsewhere and pushes its logs over the
   * control plane. Its command is empty. Optional so models built by hand stay local.
   */
  remote?: boolean;
  /** argv: `command` followed by `args`. Empty for remote components (and image-only ones, refused in process mode). */
  command: string[];
  /** Absolute working directory (default: the pipeline file's folder). */
  workingDir: string;
  /** env_file, then config (UPPER_CASED keys), then env. Neither the parent's env nor what flowctl injects. */
  env: Record<string, string>;
  inputs: string[];
  /** `inputs` (condition `started`) merged with `depends_on`. */
  dependsOn: Dependency[];
  healthCheck: HealthCheck | undefined;
  healthPort: number | undefined;
  /**
   * The HEALTH_PORT flowctl injects when neither `health_port` nor `env.HEALTH_PORT` is set:
   * 18081 + position, moved past ports other components claim (config/ports.ts). Set by the
   * loader; absent in models built by hand (spawn falls back to 18081 + position).
   */
  defaultHealthPort?: number | undefined;
  ports: PortSpec[];
  restart: RestartPolicy;
  stopSignal: NodeJS.Signals;
  stopGracePeriodMs: number;
  logging: ComponentLogging;
  replicas: number | undefined;
  inputEventTypes: string[];
  outputEventTypes: string[];
  /** Accepted and carried for generators; the process runtime does not use them. */
  volumes: unknown[];
  secrets: unknown[];
  resources: unknown;
  config: Record<string, unknown>;
}
