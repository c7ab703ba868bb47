/**
 * flowctl's own lifecycle notes ("started, pid 4242", "exited with code 1") as log entries of
 * stream `control`, so they read inline with the component's output in every view.
 */
import type {ResolvedComponent} from '../config/model.js';
import type {Level, LogEntry} from '../logs/entry.js';

/** An entry before the hub numbered it (the entry builder's output has the same shape). */
export type PendingEntry = Omit<LogEntry, 'seq' | 'runId'>;

export function controlEntry(
  component: Pick<ResolvedComponent, 'id' | 'kind'>,
  message: string,
  level: Level,
  restarts: number,
  now: number,
): PendingEntry {
  return {
    componentId: component.id,
    componentType: component.kind,
    stream: 'control',
    timestamp: now,
    receivedAt: now,
    level,
    message,
    fields: {},
    raw: message,
    restart: restarts,
    truncated: false,
  };
}
