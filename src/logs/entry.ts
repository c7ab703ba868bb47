/**
 * The one record every layer shares: child → splitter → parser → hub → sinks/subscribers.
 *
 * Field for field this is the protobuf `flowctl.LogEntry` of `schemas/control_plane.proto`
 * (proto-loader's default camelCase naming), so the control plane maps it 1:1; only the
 * time representation differs (milliseconds here, google.protobuf.Timestamp on the wire).
 */

/** Normalised severities, lowest first. `unknown` means nothing in the line said. */
export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type KnownLevel = (typeof LEVELS)[number];
export type Level = KnownLevel | 'unknown';

/** Which pipe a line came from; `control` entries are flowctl's own lifecycle notes. */
export type Stream = 'stdout' | 'stderr' | 'control';
export const STREAMS: readonly Stream[] = ['stdout', 'stderr', 'control'];

/** The section a component is declared in. `''` for entries not tied to a component. */
export type ComponentType = 'source' | 'processor' | 'sink' | 'pipeline' | '';
export const COMPONENT_TYPES: readonly ComponentType[] = ['source', 'processor', 'sink', 'pipeline', ''];

export interface LogEntry {
  /** Global, strictly increasing within one `up` run. */
  seq: number;
  componentId: string;
  componentType: ComponentType;
  stream: Stream;
  /** Epoch milliseconds: from the line when it carries a time, else `receivedAt`. */
  timestamp: number;
  /** Epoch milliseconds when flowctl read the bytes. */
  receivedAt: number;
  level: Level;
  /** Human text without ANSI: `msg` of structured lines, the line itself otherwise. */
  message: string;
  /** Structured fields (values rendered as text: JSON for non-strings). */
  fields: Record<string, string>;
  /** The line(s) as printed, ANSI kept; continuation lines joined with `\n`. */
  raw: string;
  /** One per `flowctl up` invocation. */
  runId: string;
  /** How many restarts of this component preceded this entry. */
  restart: number;
  /** The line exceeded the length limit and was cut at a UTF-8 boundary. */
  truncated: boolean;
}

/** Rank for "minimum level" comparisons; `unknown` ranks with `info` so it is not hidden by default. */
export function levelRank(level: Level): number {
  switch (level) {
    case 'trace':
      return 0;
    case 'debug':
      return 1;
    case 'unknown':
    case 'info':
      return 2;
    case 'warn':
      return 3;
    case 'error':
      return 4;
    case 'fatal':
      return 5;
  }
}

export function isLevel(value: string): value is Level {
  return value === 'unknown' || (LEVELS as readonly string[]).includes(value);
}
