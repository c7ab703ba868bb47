/**
 * Conversions between the log engine's records and their wire form, and validation of what
 * remote clients send. Time is epoch ms in `LogEntry`, google.protobuf.Timestamp on the wire.
 */
import {isLevel, type ComponentType, type Level, type LogEntry, type Stream} from '../logs/entry.js';
import type {FilterSpec} from '../logs/api.js';
import type {SeqBounds} from './log-reader.js';
import {err, ok, type Result} from '../util/result.js';
import type {WireLogEntry, WireStreamLogsRequest, WireTimestamp} from './wire-types.js';

export function toTimestamp(ms: number): WireTimestamp {
  const seconds = Math.floor(ms / 1000);
  return {seconds, nanos: Math.round((ms - seconds * 1000) * 1e6)};
}

export function fromTimestamp(ts: WireTimestamp | null | undefined): number | undefined {
  if (ts === null || ts === undefined) return undefined;
  return Number(ts.seconds) * 1000 + Math.floor(Number(ts.nanos) / 1e6);
}

export function entryToWire(entry: LogEntry): WireLogEntry {
  return {
    componentId: entry.componentId,
    componentType: entry.componentType,
    timestamp: toTimestamp(entry.timestamp),
    level: entry.level,
    message: entry.message,
    fields: entry.fields,
    seq: entry.seq,
    stream: entry.stream,
    receivedAt: toTimestamp(entry.receivedAt),
    runId: entry.runId,
    restart: entry.restart,
    raw: entry.raw,
    truncated: entry.truncated,
  };
}

const STREAMS: readonly Stream[] = ['stdout', 'stderr', 'control'];
const COMPONENT_TYPES: readonly ComponentType[] = ['source', 'processor', 'sink', 'pipeline', ''];

/** A wire entry from a trusted flowctl server, back into a `LogEntry`. Unknown enum text degrades, never throws. */
export function wireToEntry(wire: WireLogEntry): LogEntry {
  const receivedAt = fromTimestamp(wire.receivedAt) ?? Date.now();
  return {
    seq: Number(wire.seq),
    componentId: wire.componentId,
    componentType: (COMPONENT_TYPES as readonly string[]).includes(wire.componentType)
      ? (wire.componentType as ComponentType)
      : '',
    stream: (STREAMS as readonly string[]).includes(wire.stream) ? (wire.stream as Stream) : 'stdout',
    timestamp: fromTimestamp(wire.timestamp) ?? receivedAt,
    receivedAt,
    level: isLevel(wire.level) ? wire.level : 'unknown',
    message: wire.message,
    fields: {...wire.fields},
    raw: wire.raw === '' ? wire.message : wire.raw,
    runId: wire.runId,
    restart: wire.restart,
    truncated: wire.truncated,
  };
}

/** Limits applied to pushed entries. */
export interface PushLimits {
  /** Longest `message` / `raw` accepted (bytes of UTF-8). */
  maxEntryBytes: number;
}

export type PushedEntry = Omit<LogEntry, 'seq' | 'runId'>;

/**
 * Validates one pushed entry. The component must be in the pipeline (`typeOf` answers its
 * kind); its type, seq and run come from the server, never from the client.
 */
export function pushedToEntry(
  wire: WireLogEntry,
  typeOf: (componentId: string) => ComponentType | undefined,
  limits: PushLimits,
  now: number,
): Result<PushedEntry, {code: 'unknown-component' | 'oversized' | 'malformed'; message: string}> {
  if (wire.componentId === '') return err({code: 'malformed', message: 'a pushed entry needs component_id'});
  const componentType = typeOf(wire.componentId);
  if (componentType === undefined) {
    return err({code: 'unknown-component', message: `unknown component "${wire.componentId}"`});
  }
  const size = Buffer.byteLength(wire.message) + Buffer.byteLength(wire.raw) + fieldsBytes(wire.fields);
  if (size > limits.maxEntryBytes) {
    return err({
      code: 'oversized',
      message: `entry of ${size} bytes from "${wire.componentId}" exceeds the ${limits.maxEntryBytes}-byte limit`,
    });
  }
  const level = wire.level.trim().toLowerCase();
  if (level !== '' && !isLevel(level)) {
    return err({code: 'malformed', message: `"${wire.level}" is not a level (trace, debug, info, warn, error, fatal, unknown)`});
  }
  const stream = wire.stream === '' ? 'stdout' : wire.stream;
  if (stream !== 'stdout' && stream !== 'stderr') {
    return err({code: 'malformed', message: `"${wire.stream}" is not a stream a component can push (stdout, stderr)`});
  }
  const timestamp = fromTimestamp(wire.timestamp);
  return ok({
    componentId: wire.componentId,
    componentType,
    stream,
    timestamp: timestamp !== undefined && Number.isFinite(timestamp) && timestamp > 0 ? timestamp : now,
    receivedAt: now,
    level: (level === '' ? 'unknown' : level) as Level,
    message: wire.message,
    fields: {...wire.fields},
    raw: wire.raw === '' ? wire.message : wire.raw,
    restart: 0,
    truncated: wire.truncated,
  });
}

function fieldsBytes(fields: Record<string, string>): number {
  let total = 0;
  for (const [key, value] of Object.entries(fields)) total += Buffer.byteLength(key) + Buffer.byteLength(value);
  return total;
}

/**
 * Trailing metadata of GetLogs / GetLogBatches: `partial` when the history came from the ring
 * alone after it evicted (the server keeps no store), so older entries are only in the log files.
 */
export const HISTORY_TRAILER_KEY = 'flowctl-history';
/**
 * Leading metadata of the same calls, sent with `flowctl-history: partial` before the first
 * entry so a follower knows at once: how many entries of the run the ring no longer holds.
 */
export const HISTORY_EVICTED_KEY = 'flowctl-history-evicted';

/** A request as the server understands it: the filter spec plus the reading options. */
export interface LogsQuery {
  spec: FilterSpec;
  follow: boolean;
  /** '' = current run, 'previous', or a run id / unique prefix. */
  run: string;
  /** Seq bounds of the history (`before_seq`, `after_seq`, `head`); absent = none. */
  bounds?: SeqBounds;
  /** Following: every live line, not what the pipeline's `logging.rate_limit` lets through. */
  noRateLimit?: boolean;
}

/** Request → filter spec. `since`/`until` timestamps win over their text forms. */
export function requestToQuery(request: WireStreamLogsRequest): LogsQuery {
  const spec: FilterSpec = {};
  if (request.componentIds.length > 0) spec.components = [...request.componentIds];
  if (request.levels.length > 0) spec.levels = request.levels as Level[];
  if (request.minLevel !== '') spec.minLevel = request.minLevel as Level;
  const since = fromTimestamp(request.since);
  if (since !== undefined) spec.since = since;
  else if (request.sinceText !== '') spec.since = request.sinceText;
  const until = fromTimestamp(request.until);
  if (until !== undefined) spec.until = until;
  else if (request.untilText !== '') spec.until = request.untilText;
  if (request.include.length > 0) spec.include = [...request.include];
  if (request.exclude.length > 0) spec.exclude = [...request.exclude];
  if (Object.keys(request.fields).length > 0) spec.fields = {...request.fields};
  // Present means asked for, 0 included (`-n 0`: no history, with -f only new entries).
  if (request.tail !== undefined) spec.tail = request.tail;
  const bounds: SeqBounds = {};
  // Older servers' clients leave the fields out: `undefined` is "no bound" like 0.
  if ((request.beforeSeq ?? 0) > 0) bounds.beforeSeq = request.beforeSeq;
  if ((request.afterSeq ?? 0) > 0) bounds.afterSeq = request.afterSeq;
  if ((request.head ?? 0) > 0) bounds.head = request.head;
  return {
    spec,
    follow: request.follow,
    run: request.run,
    ...(Object.keys(bounds).length > 0 ? {bounds} : {}),
    // Older clients leave it out: rate-limited, as before.
    ...(request.noRateLimit === true ? {noRateLimit: true} : {}),
  };
}

/** Filter spec + options → request (what flowctl's clients send). Text bounds stay text: the server resolves them. */
export function queryToRequest(query: LogsQuery): Partial<WireStreamLogsRequest> {
  const {spec} = query;
  const request: Partial<WireStreamLogsRequest> = {follow: query.follow, run: query.run};
  if (spec.components) request.componentIds = spec.components;
  if (spec.levels) request.levels = spec.levels;
  if (spec.minLevel) request.minLevel = spec.minLevel;
  if (typeof spec.since === 'number') request.since = toTimestamp(spec.since);
  else if (spec.since !== undefined) request.sinceText = spec.since;
  if (typeof spec.until === 'number') request.until = toTimestamp(spec.until);
  else if (spec.until !== undefined) request.untilText = spec.until;
  if (spec.include) request.include = spec.include;
  if (spec.exclude) request.exclude = spec.exclude;
  if (spec.fields) request.fields = spec.fields;
  if (spec.tail !== undefined) request.tail = spec.tail;
  const bounds = query.bounds;
  if (bounds?.beforeSeq !== undefined) request.beforeSeq = bounds.beforeSeq;
  if (bounds?.afterSeq !== undefined) request.afterSeq = bounds.afterSeq;
  if (bounds?.head !== undefined) request.head = bounds.head;
  if (query.noRateLimit === true) request.noRateLimit = true;
  return request;
}
