/** What every control-plane handler can reach: injected by `startControlServer`. */
import type {LogHub} from '../logs/api.js';
import type {ComponentType} from '../logs/entry.js';
import type {ResolvedPipeline} from '../config/model.js';
import type {PipelineControl} from '../supervisor/status.js';
import type {HistoryStore} from './history-store.js';
import type {ComponentRegistry} from './registry.js';
import type {RejectionCounters} from './counters.js';
import type {PushLimits} from './wire.js';

export interface ServiceContext {
  hub: LogHub;
  store: HistoryStore | undefined;
  control: PipelineControl;
  pipeline: ResolvedPipeline;
  registry: ComponentRegistry;
  rejections: RejectionCounters;
  limits: PushLimits;
  /** One-line messages for the operator ("rejected 3 entries from x: unknown component"). */
  notice(message: string): void;
  now(): number;
  /** Epoch ms the control plane started (the run's start). */
  startedAt: number;
  /** Registers a stream to end cleanly when the server closes; returns the unregister function. */
  track(close: () => void): () => void;
}

/** Kind of a pipeline component, `undefined` when the pipeline has no such component. */
export function componentTypeOf(ctx: ServiceContext, id: string): ComponentType | undefined {
  return ctx.pipeline.components.find((c) => c.id === id)?.kind;
}

/** "a, b, c" for error messages that should say what would have been valid. */
export function componentList(ctx: ServiceContext): string {
  return ctx.pipeline.components.map((c) => c.id).join(', ') || '(none)';
}
