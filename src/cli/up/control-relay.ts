import type {ComponentStatus, PipelineControl} from '../../supervisor/status.js';
import type {Result} from '../../util/result.js';

/** Where heartbeat metrics come from (the control plane's registry). */
export interface HeartbeatLookup {
  heartbeatOf(componentId: string): {at: number; metrics: Record<string, string>} | undefined;
}

/**
 * The `PipelineControl` viewers (control plane, TUI) hold. It exists because of a cycle in
 * start-up: the supervisor must know the control plane's address (children get it as
 * FLOWCTL_ENDPOINT), while the control plane serves the supervisor's actions. The server is
 * started with this relay; the supervisor is attached once it exists. It also merges the
 * heartbeats components sent to the control plane into their status.
 */
export class ControlRelay implements PipelineControl {
  readonly pipelineName: string;
  #target: PipelineControl | undefined;
  #heartbeats: HeartbeatLookup | undefined;
  readonly #listeners = new Set<() => void>();

  constructor(pipelineName: string) {
    this.pipelineName = pipelineName;
  }

  attach(target: PipelineControl): void {
    this.#target = target;
    target.onStatusChange(() => this.#notify());
    this.#notify();
  }

  useHeartbeats(source: HeartbeatLookup & {onChange?(listener: (componentId: string) => void): unknown}): void {
    this.#heartbeats = source;
    source.onChange?.(() => this.#notify());
  }

  status(): ComponentStatus[] {
    const statuses = this.#target?.status() ?? [];
    const heartbeats = this.#heartbeats;
    if (heartbeats === undefined) return statuses;
    return statuses.map((status) => ({...status, heartbeat: status.heartbeat ?? heartbeats.heartbeatOf(status.id)}));
  }

  onStatusChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  restart(id: string): Promise<Result<void, string>> {
    return this.#call((target) => target.restart(id));
  }

  stop(id: string): Promise<Result<void, string>> {
    return this.#call((target) => target.stop(id));
  }

  start(id: string): Promise<Result<void, string>> {
    return this.#call((target) => target.start(id));
  }

  async shutdown(options?: {force?: boolean}): Promise<void> {
    await this.#target?.shutdown(options);
  }

  async #call(action: (target: PipelineControl) => Promise<Result<void, string>>): Promise<Result<void, string>> {
    if (this.#target === undefined) return {ok: false, error: 'the pipeline is still starting; try again in a moment'};
    return action(this.#target);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
