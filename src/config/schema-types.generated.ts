/**
 * GENERATED from schemas/pipeline.schema.json by json-schema-to-typescript: do not edit.
 * These are the raw shapes users write; normalise.ts turns them into model.ts.
 * Regenerate: npx vitest run test/config/schema-types.test.ts -u
 */

/**
 * A flowctl pipeline: either the flowctl/v1 `Pipeline` (apiVersion, kind, metadata, spec) or the compact form (a top-level `pipeline:`). Keys are snake_case; unknown keys are errors except `x-*`. See docs/pipeline-format.md.
 */
export type PipelineFile = V1Pipeline | CompactPipeline;
/**
 * Informational, as in flowctl: flowctl runs components as local processes.
 */
export type Driver = "process" | "container" | "docker" | "kubernetes" | "k8s" | "nomad" | "local";
export type Size = string | number;
export type Duration = string | number;
/**
 * Relative paths resolve against the pipeline file's folder.
 */
export type Path = string;
export type ComponentId = string;
/**
 * OCI image. Carried for other runtimes; an image-only component cannot run as a process.
 */
export type Image = string;
/**
 * argv as a list, or one string run by `/bin/sh -c`. `args` are appended.
 *
 * @minItems 1
 */
export type Command = string | [string, ...string[]];
export type ScalarList = (string | number | boolean)[];
/**
 * dotenv file(s), relative to the pipeline file; its variables go into the component's env and are visible to `${VAR}`.
 */
export type EnvFile = string | string[];
export type IdList = string[];
/**
 * Ids started first: a list (condition `started`) or a map id → {condition}.
 */
export type DependsOn =
  | string[]
  | {
      [k: string]: DependencySpec;
    };
/**
 * flowctl style: a path (`/health`, served on health_port) or a URL; or an object with exactly one of http, tcp, exec, log.
 */
export type HealthCheck =
  | string
  | {
      /**
       * URL, or a path served on health_port.
       */
      http?: string;
      /**
       * `host:port`, or a port on 127.0.0.1.
       */
      tcp?: string | number;
      exec?: Command;
      /**
       * A regex over the component's own output lines.
       */
      log?: string;
      /**
       * Between probes; at least 100ms.
       */
      interval?: TimerDuration;
      /**
       * For one probe; at least 100ms.
       */
      timeout?: TimerDuration;
      /**
       * Consecutive failed probes before the component is unhealthy.
       */
      retries?: number;
      start_period?: TimerDuration;
      /**
       * This interface was referenced by `undefined`'s JSON-Schema definition
       * via the `patternProperty` "^x-".
       */
      [k: string]: unknown;
    };
/**
 * A duration something waits for with a timer: at most 2147483647 ms (24d 20h 31m 23.647s), the longest Node.js timer.
 */
export type TimerDuration = Duration;
export type PortNumber = number;
/**
 * Legacy key from ttp-processor-demo files (flowctl ignored it): an http(s) URL, or a path served on health_port, becomes this component's http health check; any other value (not text, not a URL or path) is ignored with a warning: a legacy key never fails a file.
 */
export type HealthEndpoint = unknown;
export type RestartPolicy =
  | string
  | {
      policy: "no" | "on-failure" | "always" | "unless-stopped";
      max_restarts?: number;
      backoff?: Backoff;
      /**
       * This interface was referenced by `undefined`'s JSON-Schema definition
       * via the `patternProperty` "^x-".
       */
      [k: string]: unknown;
    };
export type StopSignal = "SIGTERM" | "SIGINT" | "SIGQUIT" | "SIGHUP" | "SIGKILL" | "SIGUSR1" | "SIGUSR2";
export type StringList = string[];
/**
 * Old camelCase spelling; flowctl ignored it. A list of text is read as the snake_case key; any value is accepted with a warning: a legacy key never fails a file.
 */
export type LegacyEventTypes = unknown;
/**
 * The kind of a compact component. Optional: without it, a component with no inputs is a source, one nobody reads from is a sink, the rest are processors.
 */
export type ComponentKind = "source" | "processor" | "sink" | "pipeline";

/**
 * flowctl/v1 Pipeline, as written for the original flowctl.
 */
export interface V1Pipeline {
  /**
   * `flowctl/v1` (older files say `v1`).
   */
  apiVersion: string;
  kind: "Pipeline";
  metadata: Metadata;
  spec: Spec;
  /**
   * This interface was referenced by `V1Pipeline`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
export interface Metadata {
  name: string;
  namespace?: string;
  labels?: StringMap;
  annotations?: StringMap;
  /**
   * Ignored by flowctl (not in its model); accepted with a warning, whatever its value. Text is used as the description when spec.description is not set.
   */
  description?: unknown;
  /**
   * This interface was referenced by `Metadata`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
export interface StringMap {
  [k: string]: string;
}
export interface Spec {
  description?: string;
  driver?: Driver;
  config?: FreeMap;
  logging?: PipelineLogging;
  sources?: Component[];
  processors?: Component[];
  sinks?: Component[];
  pipelines?: Component[];
  /**
   * Seen in the consumer_app docs; flowctl ignored it. Accepted with a warning, and not run: components to run go under sinks.
   */
  consumers?: unknown;
  /**
   * This interface was referenced by `Spec`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
/**
 * Free-form map.
 */
export interface FreeMap {
  [k: string]: unknown;
}
export interface PipelineLogging {
  enabled?: boolean;
  /**
   * Ring buffer capacity in entries.
   */
  buffer_size?: number;
  /**
   * Ring buffer capacity in bytes of entry text; at least 1KiB.
   */
  buffer_bytes?: Size;
  retention?: Duration;
  store?: "sqlite" | "none";
  dir?: Path;
  rotation?: {
    /**
     * Rotate a log file past this size; at least 1KiB.
     */
    max_size?: Size;
    /**
     * Old files kept; 0 keeps none.
     */
    max_files?: number;
    /**
     * This interface was referenced by `undefined`'s JSON-Schema definition
     * via the `patternProperty` "^x-".
     */
    [k: string]: unknown;
  };
  /**
   * Longest line kept whole; at least 1KiB.
   */
  max_line_bytes?: Size;
  rate_limit?: {
    lines_per_second: number;
    burst?: number;
    /**
     * This interface was referenced by `undefined`'s JSON-Schema definition
     * via the `patternProperty` "^x-".
     */
    [k: string]: unknown;
  };
  export?: {
    format?: "json" | "ndjson" | "csv" | "text";
    destination?: string;
    /**
     * This interface was referenced by `undefined`'s JSON-Schema definition
     * via the `patternProperty` "^x-".
     */
    [k: string]: unknown;
  };
  /**
   * This interface was referenced by `PipelineLogging`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
/**
 * A source, processor, sink or black-box pipeline (flowctl/v1).
 */
export interface Component {
  id: ComponentId;
  /**
   * Free text, or a registry ref `name@version` (not runnable by the process runtime).
   */
  type?: string;
  image?: Image;
  command?: Command;
  /**
   * true: flowctl does not start this component; it runs elsewhere (another host, a container) and pushes its logs over the control plane (StreamLogs) with FLOWCTL_COMPONENT_ID set to its id. No command or image.
   */
  remote?: boolean;
  args?: ScalarList;
  working_dir?: Path;
  env?: EnvMap;
  env_file?: EnvFile;
  config?: FreeMap;
  inputs?: IdList;
  depends_on?: DependsOn;
  health_check?: HealthCheck;
  health_port?: PortNumber;
  health_endpoint?: HealthEndpoint;
  ports?: Port[];
  restart_policy?: RestartPolicy;
  stop_signal?: StopSignal;
  stop_grace_period?: TimerDuration;
  logging?: ComponentLogging;
  replicas?: number;
  input_event_types?: StringList;
  output_event_types?: StringList;
  inputEventTypes?: LegacyEventTypes;
  outputEventTypes?: LegacyEventTypes;
  volumes?: Volume[];
  secrets?: Secret[];
  resources?: Resources;
  /**
   * This interface was referenced by `Component`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
export interface EnvMap {
  [k: string]: string | number | boolean;
}
export interface DependencySpec {
  condition?: "started" | "healthy" | "completed_successfully";
  /**
   * This interface was referenced by `DependencySpec`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
export interface Port {
  name?: string;
  containerPort?: PortNumber;
  hostPort?: PortNumber;
  protocol?: "TCP" | "UDP" | "SCTP" | "tcp" | "udp" | "sctp";
  /**
   * This interface was referenced by `Port`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
export interface Backoff {
  /**
   * The first restart delay; at least 100ms, so a crashing component cannot restart in a tight loop.
   */
  initial?: TimerDuration;
  max?: TimerDuration;
  multiplier?: number;
  reset_after?: TimerDuration;
  /**
   * This interface was referenced by `Backoff`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
export interface ComponentLogging {
  /**
   * Minimum level shown live; files keep everything.
   */
  level?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  format?:
    | "auto"
    | "zap-json"
    | "zap-console"
    | "go-log"
    | "zerolog-console"
    | "zerolog-json"
    | "pino"
    | "json"
    | "logfmt"
    | "text";
  multiline?:
    | boolean
    | {
        enabled?: boolean;
        window?: TimerDuration;
        /**
         * This interface was referenced by `undefined`'s JSON-Schema definition
         * via the `patternProperty` "^x-".
         */
        [k: string]: unknown;
      };
  /**
   * This interface was referenced by `ComponentLogging`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
export interface Volume {
  name?: string;
  mountPath?: string;
  host_path?: string;
  container_path?: string;
  readonly?: boolean;
  /**
   * This interface was referenced by `Volume`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
export interface Secret {
  name?: string;
  host_path?: string;
  container_path?: string;
  env?: string;
  mode?: string;
  type?: "file" | "dir" | "env";
  required?: boolean;
  labels?: StringMap;
  /**
   * This interface was referenced by `Secret`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
export interface Resources {
  requests?: ResourceAmounts;
  limits?: ResourceAmounts;
  /**
   * This interface was referenced by `Resources`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
export interface ResourceAmounts {
  cpu?: string | number;
  memory?: string | number;
  /**
   * This interface was referenced by `ResourceAmounts`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
/**
 * The compact form of the design doc: `pipeline: {name, logging, components: [...]}`.
 */
export interface CompactPipeline {
  pipeline: CompactPipelineBody;
  /**
   * This interface was referenced by `CompactPipeline`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
export interface CompactPipelineBody {
  name: string;
  namespace?: string;
  description?: string;
  labels?: StringMap;
  annotations?: StringMap;
  driver?: Driver;
  config?: FreeMap;
  logging?: PipelineLogging;
  components: CompactComponent[];
  /**
   * This interface was referenced by `CompactPipelineBody`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
/**
 * A component of the compact form: `name` (or `id`), `type` is the kind; every other key as in the flowctl/v1 form.
 */
export interface CompactComponent {
  name?: ComponentId;
  id?: ComponentId;
  type?: ComponentKind;
  image?: Image;
  command?: Command;
  /**
   * true: flowctl does not start this component; it runs elsewhere (another host, a container) and pushes its logs over the control plane (StreamLogs) with FLOWCTL_COMPONENT_ID set to its id. No command or image.
   */
  remote?: boolean;
  args?: ScalarList;
  working_dir?: Path;
  env?: EnvMap;
  env_file?: EnvFile;
  config?: FreeMap;
  inputs?: IdList;
  depends_on?: DependsOn;
  health_check?: HealthCheck;
  health_port?: PortNumber;
  health_endpoint?: HealthEndpoint;
  ports?: Port[];
  restart_policy?: RestartPolicy;
  stop_signal?: StopSignal;
  stop_grace_period?: TimerDuration;
  logging?: ComponentLogging;
  replicas?: number;
  input_event_types?: StringList;
  output_event_types?: StringList;
  inputEventTypes?: LegacyEventTypes;
  outputEventTypes?: LegacyEventTypes;
  volumes?: Volume[];
  secrets?: Secret[];
  resources?: Resources;
  /**
   * This interface was referenced by `CompactComponent`'s JSON-Schema definition
   * via the `patternProperty` "^x-".
   */
  [k: string]: unknown;
}
