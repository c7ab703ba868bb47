/**
 * The exported shape of an entry and its validation on the way back in. JSON and NDJSON
 * exports are the `LogEntry` itself (camelCase, times in epoch milliseconds, as the
 * protobuf message), keys always in this order so exports diff cleanly.
 */
import {isLevel, type ComponentType, type LogEntry, type Stream} from '../entry.js';
import {err, ok, type Result} from '../../util/result.js';

/** `LogEntry` keys in export order. */
export const ENTRY_KEYS = [
  'seq', 'componentId', 'componentType', 'stream', 'timestamp', 'receivedAt', 'level',
  'message', 'fields', 'raw', 'runId', 'restart', 'truncated',
] as const satisfies ReadonlyArray<keyof LogEntry>;

const STREAMS: readonly string[] = ['stdout', 'stderr', 'control'] satisfies Stream[];
const COMPONENT_TYPES: readonly string[] = ['source', 'processor', 'sink', 'pipeline', ''] satisfies ComponentType[];

/** A copy with keys in `ENTRY_KEYS` order (and nothing else), ready for `JSON.stringify`. */
export function orderedEntry(entry: LogEntry): LogEntry {
  return {
    seq: entry.seq,
    componentId: entry.componentId,
    componentType: entry.componentType,
    stream: entry.stream,
    timestamp: entry.timestamp,
    receivedAt: entry.receivedAt,
    level: entry.level,
    message: entry.message,
    fields: entry.fields,
    raw: entry.raw,
    runId: entry.runId,
    restart: entry.restart,
    truncated: entry.truncated,
  };
}

/** Checks a parsed record field by field; `where` ("line 3") starts every message. */
export function entryFromRecord(value: unknown, where: string): Result<LogEntry, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return err(`${where}: expected an object with the fields of a log entry`);
  const record = value as Record<string, unknown>;
  const problem = (key: string, expected: string): Result<never, string> =>
    err(`${where}: "${key}" must be ${expected}, got ${JSON.stringify(record[key]) ?? 'nothing'}`);
  for (const key of ['seq', 'restart'] as const) {
    if (!Number.isSafeInteger(record[key]) || (record[key] as number) < 0) return problem(key, 'a whole number ≥ 0');
  }
  for (const key of ['timestamp', 'receivedAt'] as const) {
    if (typeof record[key] !== 'number' || !Number.isFinite(record[key])) return problem(key, 'epoch milliseconds');
  }
  for (const key of ['componentId', 'message', 'raw', 'runId'] as const) {
    if (typeof record[key] !== 'string') return problem(key, 'text');
  }
  if (typeof record.componentType !== 'string' || !COMPONENT_TYPES.includes(record.componentType)) {
    return problem('componentType', 'one of source, processor, sink, pipeline or ""');
  }
  if (typeof record.stream !== 'string' || !STREAMS.includes(record.stream)) return problem('stream', 'one of stdout, stderr, control');
  if (typeof record.level !== 'string' || !isLevel(record.level)) return problem('level', 'one of trace, debug, info, warn, error, fatal, unknown');
  if (typeof record.truncated !== 'boolean') return problem('truncated', 'true or false');
  const fields = record.fields;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields) || Object.values(fields).some((v) => typeof v !== 'string')) {
    return problem('fields', 'an object of text values');
  }
  return ok(orderedEntry(record as unknown as LogEntry));
}
