/** JSON (one array, streamed an element at a time) and NDJSON (one object a line). */
import type {LogEntry} from '../entry.js';
import {err, ok, type Result} from '../../util/result.js';
import {entryFromRecord, orderedEntry} from './record.js';

export function ndjsonLine(entry: LogEntry): string {
  return JSON.stringify(orderedEntry(entry)) + '\n';
}

/**
 * Writes `[`, then one element a line, then `]`, so the array never exists in memory:
 *
 *     [
 *     {"seq":1,…},
 *     {"seq":2,…}
 *     ]
 */
export class JsonArrayWriter {
  private started = false;

  element(entry: LogEntry): string {
    const text = JSON.stringify(orderedEntry(entry));
    if (this.started) return ',\n' + text;
    this.started = true;
    return '[\n' + text;
  }

  end(): string {
    return this.started ? '\n]\n' : '[]\n';
  }
}

export function parseJsonArray(text: string): Result<LogEntry[], string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return err(`not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  if (!Array.isArray(value)) return err('expected a JSON array of log entries');
  const entries: LogEntry[] = [];
  for (const [index, element] of value.entries()) {
    const parsed = entryFromRecord(element, `entry ${index + 1}`);
    if (!parsed.ok) return parsed;
    entries.push(parsed.value);
  }
  return ok(entries);
}

export function parseNdjson(text: string): Result<LogEntry[], string> {
  const entries: LogEntry[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      return err(`line ${index + 1}: not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    const parsed = entryFromRecord(value, `line ${index + 1}`);
    if (!parsed.ok) return parsed;
    entries.push(parsed.value);
  }
  return ok(entries);
}
