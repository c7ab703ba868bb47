/**
 * Durations something waits for with a timer (`stop_grace_period`, health check timing,
 * restart backoff, the multiline window) must fit a Node.js timer: past 2^31-1 ms setTimeout
 * warns and fires after 1 ms, so `stop_grace_period: 1000h` meant an immediate SIGKILL. The
 * schema marks those places (`TimerDuration`, with `maxMilliseconds`); ajv cannot parse
 * `1m30s`, so this walks the data along the schema and checks each one.
 */
import type {Diagnostic} from './diagnostic.js';
import {errorDiagnostic} from './diagnose.js';
import {formatPath, locatePath, type DocPath, type ParsedYaml} from './locate.js';
import {loadSchema, type Spelling} from './schema.js';
import {durationText, parseDuration} from '../util/duration.js';

interface SchemaNode {
  $ref?: string;
  allOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  maxMilliseconds?: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function checkTimerDurations(parsed: ParsedYaml, data: unknown, spelling: Spelling): Diagnostic[] {
  const definitions = (loadSchema().definitions ?? {}) as Record<string, SchemaNode>;
  const diagnostics: Diagnostic[] = [];
  const visit = (schema: SchemaNode | undefined, value: unknown, at: DocPath): void => {
    const node = schema?.$ref === undefined ? schema : definitions[schema.$ref.replace('#/definitions/', '')];
    if (node === undefined) return;
    if (node.maxMilliseconds !== undefined) {
      const ms = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
      // A value that is no duration at all is the schema's to report.
      if (ms !== undefined && ms > node.maxMilliseconds) diagnostics.push(tooLong(parsed, at, value, node.maxMilliseconds));
      return;
    }
    for (const part of node.allOf ?? []) visit(part, value, at);
    if (Array.isArray(value) && node.items) value.forEach((item, index) => visit(node.items, item, [...at, index]));
    if (isRecord(value) && (node.properties || typeof node.additionalProperties === 'object')) {
      for (const [key, item] of Object.entries(value)) {
        const extra = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
        visit(node.properties?.[key] ?? extra, item, [...at, key]);
      }
    }
  };
  visit({$ref: spelling === 'v1' ? 'V1Pipeline' : 'CompactPipeline'}, data, []);
  return diagnostics;
}

function tooLong(parsed: ParsedYaml, at: DocPath, value: unknown, maxMs: number): Diagnostic {
  const key = at.findLast((segment) => typeof segment === 'string') ?? formatPath(at);
  return errorDiagnostic('out-of-range', `\`${key}\` must be at most ${durationText(maxMs)} (${maxMs} ms, the longest a Node.js timer waits); got \`${String(value)}\``, {
    path: formatPath(at),
    location: locatePath(parsed, at),
    hint: 'a timer this long would fire at once; give a shorter duration',
  });
}
