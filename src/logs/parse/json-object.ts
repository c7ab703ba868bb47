/**
 * The JSON family (zap, zerolog, pino/bunyan, generic) shares one `JSON.parse` per line and
 * one interpretation routine; the per-format files only name their keys.
 */
import type {ConcreteFormat, ParsedLine} from './types.js';
import {fieldText} from './fields.js';
import {levelFromValue} from './levels.js';
import {timeFromValue} from './time.js';

export type JsonObject = Record<string, unknown>;

/**
 * The line as a JSON object, or undefined (not JSON, or an array/scalar). A line that does
 * not end in `}` is refused before `JSON.parse`: a parse that throws costs an Error with its
 * stack, and such lines are common (the `{` opening a pretty-printed block, a zap console
 * line with text after its JSON context): on workload C this path was 15 % of the thread.
 */
export function parseJsonObject(plain: string): JsonObject | undefined {
  if (plain.charCodeAt(0) !== 123 /* { */ || plain.charCodeAt(lastNonWhite(plain)) !== 125 /* } */) return undefined;
  try {
    const value: unknown = JSON.parse(plain);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the last character that is not JSON whitespace (space, tab, LF, CR), or -1. */
function lastNonWhite(text: string): number {
  let i = text.length - 1;
  while (i >= 0 && isJsonWhite(text.charCodeAt(i))) i--;
  return i;
}

function isJsonWhite(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Which keys carry level, message and time; the first present key of each list wins. */
export interface JsonKeys {
  level: readonly string[];
  message: readonly string[];
  time: readonly string[];
}

function firstPresent(object: JsonObject, keys: readonly string[]): string | undefined {
  for (const key of keys) if (Object.hasOwn(object, key)) return key;
  return undefined;
}

/**
 * Level, time and message from the named keys; every other key becomes a field. An object
 * with no message key gets its own compact JSON as the message, so there is always text
 * to show and search.
 */
export function interpretObject(object: JsonObject, keys: JsonKeys, format: ConcreteFormat): ParsedLine {
  const levelKey = firstPresent(object, keys.level);
  const messageKey = firstPresent(object, keys.message);
  const timeKey = firstPresent(object, keys.time);
  const timestamp = timeKey === undefined ? undefined : timeFromValue(object[timeKey]);
  // A time key whose value is no time we read (`"time":"not a time"`) stays a field: dropped, it would be lost.
  const timeAsField = timestamp === undefined ? undefined : timeKey;
  const fields: Record<string, string> = {};
  for (const key of Object.keys(object)) {
    if (key === levelKey || key === messageKey || key === timeAsField) continue;
    fields[key] = fieldText(object[key]);
  }
  return {
    level: (levelKey === undefined ? undefined : levelFromValue(object[levelKey])) ?? 'unknown',
    timestamp,
    message: messageKey === undefined ? JSON.stringify(object) : fieldText(object[messageKey]),
    fields,
    format,
  };
}

/** A JSON format: whether an object is plausibly its output, and how to read it. */
export interface JsonFormat {
  format: ConcreteFormat;
  /** Used when sniffing (`auto`) and to decide whether a pinned format applies. */
  matches(object: JsonObject): boolean;
  interpret(object: JsonObject): ParsedLine;
}
