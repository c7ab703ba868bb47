/**
 * What a running pipeline tells its viewers (console, TUI, control plane) about its
 * components, and the actions they may ask of it. The supervisor implements `PipelineControl`.
 */
import type {ComponentKind} from '../config/model.js';
import type {Result} from '../util/result.js';

export type ComponentStateName =
  | 'waiting'
  | 'starting'
  | 'running'
  | 'healthy'
  | 'unhealthy'
  | 'exited'
  | 'backing-off'
  | 'stopping'
  | 'stopped'
  | 'failed'
  /** `remote: true`: not run by flowctl; its logs arrive over the control plane. */
  | 'remote';

export type HealthState = 'none' | 'unknown' | 'healthy' | 'unhealthy';

export interface ComponentStatus {
  id: string;
  kind: ComponentKind;
  state: ComponentStateName;
  pid: number | undefined;
  /** Epoch ms of the current run's start. */
  startedAt: number | undefined;
  restarts: number;
  health: HealthState;
  exitCode: number | undefined;
  signal: string | undefined;
  /** Why it is waiting, failed or blocked, in words ("waiting for ttp-processor to be healthy"). */
  reason: string | undefined;
  /** Entries captured so far, and how many of them were warn / error or worse. */
  lines: number;
  warnings: number;
  errors: number;
  /** Last heartbeat a component sent through the control plane, with its metrics. */
  heartbeat: {at: number; metrics: Record<string, string>} | undefined;
}

export interface PipelineControl {
  readonly pipelineName: string;
  status(): ComponentStatus[];
  /** Called after any component's status changed (coalesce on your side if you render). */
  onStatusChange(listener: () => void): () => void;
  restart(id: string): Promise<Result<void, string>>;
  stop(id: string): Promise<Result<void, string>>;
  start(id: string): Promise<Result<void, string>>;
  /** Graceful stop of the whole pipeline in reverse dependency order; `force` kills at once. */
  shutdown(options?: {force?: boolean}): Promise<void>;
}
