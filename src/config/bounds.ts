/**
 * Bounds ajv cannot check because it cannot parse `1m30s` or `10MiB`; the schema marks the
 * places and this walks the data along the schema to check each one:
 * - `maxMilliseconds` (`TimerDuration`): a duration something waits for with a timer must fit
 *   a Node.js timer: past 2^31-1 ms setTimeout warns and fires after 1 ms, so
 *   `stop_grace_period: 1000h` meant an immediate SIGKILL.
 * - `minMilliseconds`: a health check `interval: 0s` ran its probe ~200 times a second.
 * - `minBytes`: `max_line_bytes: 0` or `buffer_bytes: 0` passed validate and crashed `up`.
 */
import type {Diagnostic} from './diagnostic.js';
import {errorDiagnostic} from './diagnose.js';
import {formatPath, locatePath, type DocPath, type ParsedYaml} from './locate.js';
import {loadSchema, type Spelling} from './schema.js';
import {formatSize, parseSize} from './size.js';
import {durationText, parseDuration} from '../util/duration.js';

interface SchemaNode {
  $ref?: string;
  allOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  maxMilliseconds?: number;
  minMilliseconds?: number;
  minBytes?: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function checkBounds(parsed: ParsedYaml, data: unknown, spelling: Spelling): Diagnostic[] {
  const definitions = (loadSchema().definitions ?? {}) as Record<string, SchemaNode>;
  const diagnostics: Diagnostic[] = [];
  const visit = (schema: SchemaNode | undefined, value: unknown, at: DocPath): void => {
    const node = schema?.$ref === undefined ? schema : definitions[schema.$ref.replace('#/definitions/', '')];
    if (node === undefined) return;
    const measurable = typeof value === 'string' || typeof value === 'number';
    // A value that is no duration or size at all is the schema's to report.
    const ms = measurable && (node.maxMilliseconds !== undefined || node.minMilliseconds !== undefined) ? parseDuration(value) : undefined;
    if (ms !== undefined && node.maxMilliseconds !== undefined && ms > node.maxMilliseconds) diagnostics.push(tooLong(parsed, at, value, node.maxMilliseconds));
    if (ms !== undefined && node.minMilliseconds !== undefined && ms < node.minMilliseconds) {
      diagnostics.push(tooSmall(parsed, at, value, millisecondsText(node.minMilliseconds), 'a shorter one makes flowctl busy-loop on it'));
    }
    const bytes = measurable && node.minBytes !== undefined ? parseSize(value) : undefined;
    if (bytes !== undefined && node.minBytes !== undefined && bytes < node.minBytes) {
      diagnostics.push(tooSmall(parsed, at, value, formatSize(node.minBytes).replace(' ', ''), 'leave the key out for the default (see docs/pipeline-format.md)'));
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

const millisecondsText = (ms: number): string => (ms < 1000 ? `${ms}ms` : durationText(ms));

const keyOf = (at: DocPath): string => String(at.findLast((segment) => typeof segment === 'string') ?? formatPath(at));

function tooLong(parsed: ParsedYaml, at: DocPath, value: unknown, maxMs: number): Diagnostic {
  return errorDiagnostic('out-of-range', `\`${keyOf(at)}\` must be at most ${durationText(maxMs)} (${maxMs} ms, the longest a Node.js timer waits); got \`${String(value)}\``, {
    path: formatPath(at),
    location: locatePath(parsed, at),
    hint: 'a timer this long would fire at once; give a shorter duration',
  });
}

function tooSmall(parsed: ParsedYaml, at: DocPath, value: unknown, least: string, hint: string): Diagnostic {
  return errorDiagnostic('out-of-range', `\`${keyOf(at)}\` must be at least ${least}; got \`${String(value)}\``, {
    path: formatPath(at),
    location: locatePath(parsed, at),
    hint,
  });
}
