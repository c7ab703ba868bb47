/** Public types of the SDK (`import type {…} from 'flowctl'`). */
import type {Level} from '../logs/entry.js';

export type {LogEntry, Level, Stream, ComponentType} from '../logs/entry.js';
export type {ComponentStateName, HealthState} from '../supervisor/status.js';

/** What to read. Every term is optional; together they must all hold. */
export interface LogOptions {
  /** After the history, keep yielding new entries until the loop ends (`break`), `signal` aborts or the pipeline stops. */
  follow?: boolean;
  /** Component ids (one as a string, or several). An id the pipeline does not have is a `bad-filter` error. */
  components?: string | string[];
  /** Exact set of levels (one, or several). */
  levels?: Level | Level[];
  /** Minimum level (`warn` keeps warn, error, fatal). */
  minLevel?: Level;
  /** Epoch ms, a `Date`, RFC 3339, `"2024-01-20 10:00:00"` (local) or a duration before now (`"10m"`). */
  since?: number | Date | string;
  /** Exclusive upper bound, same forms as `since`. */
  until?: number | Date | string;
  /** Regex(es) over the line text; an entry matches when any matches. */
  grep?: string | string[];
  /** Regex(es); an entry matching any is dropped. */
  exclude?: string | string[];
  /** Structured field equality (`{request_id: '42'}`), all must hold. */
  fields?: Record<string, string>;
  /** Only the last N matching entries of the history. */
  tail?: number;
  /** `'previous'` or a run id (prefix); default the current run. */
  run?: string;
  /** Stops a follow (the iteration then ends normally). */
  signal?: AbortSignal;
}

/** One component of a running pipeline. Times are epoch ms. */
export interface ComponentInfo {
  id: string;
  kind: string;
  state: string;
  pid: number | undefined;
  startedAt: number | undefined;
  restarts: number;
  health: string;
  exitCode: number | undefined;
  signal: string | undefined;
  reason: string | undefined;
  lines: number;
  warnings: number;
  errors: number;
  /** Last heartbeat the component sent to the control plane, with its metrics. */
  heartbeat: {at: number; metrics: Record<string, string>} | undefined;
  /** The component registered through the control plane (`ENABLE_FLOWCTL=true`). */
  registered: boolean;
}

export interface PipelineStatus {
  name: string;
  file: string;
  runId: string;
  /** Pid of `flowctl up`. */
  pid: number;
  startedAt: number | undefined;
  components: ComponentInfo[];
  /** Entries live viewers missed. */
  droppedEntries: number;
  /** Requests the control plane refused. */
  rejectedRequests: number;
}

/** A running pipeline as found in the state folder. */
export interface RunningPipeline {
  name: string;
  file: string;
  pid: number;
  address: string;
  startedAt: number;
  components: string[];
}
