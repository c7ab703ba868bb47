/**
 * What a grouped pretty-printed JSON block (`JSON.stringify(x, null, 2)` output) says.
 * Standalone, the object is read like a one-line JSON log (so a pretty-printed log record
 * keeps its level, time and message); attached to a header line (`Received TTP event:`),
 * the header keeps its message and level and the object's top-level keys become fields.
 */
import type {ParsedLine} from './types.js';
import {fieldText} from './fields.js';
import {interpretJsonObject} from './parse-line.js';

function parseValue(text: string): {value: unknown} | undefined {
  try {
    return {value: JSON.parse(text) as unknown};
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `head`: the parsed first line of the entry; `blockLines`: the block's ANSI-free lines. */
export function parseBlock(head: ParsedLine, blockLines: readonly string[], attached: boolean): ParsedLine {
  const parsed = parseValue(blockLines.join('\n'));
  if (attached) {
    if (parsed === undefined || !isObject(parsed.value)) return head;
    const fields = {...head.fields};
    for (const key of Object.keys(parsed.value)) fields[key] = fieldText(parsed.value[key]);
    return {...head, fields};
  }
  if (parsed === undefined) {
    // Not JSON (Node's util.inspect output, a cut-off block): keep the text, one line.
    const message = blockLines.map((line) => line.trim()).join(' ');
    return {level: 'unknown', timestamp: undefined, message, fields: {}, format: 'text'};
  }
  if (isObject(parsed.value)) return interpretJsonObject(parsed.value);
  return {level: 'unknown', timestamp: undefined, message: JSON.stringify(parsed.value), fields: {}, format: 'json'};
}
