/**
 * The entries the wire section pushes: zap-production JSON lines of fixtures/samples, as a
 * remote component's log library would send them (level, message, fields as strings, its
 * own timestamp, the line as printed), each made unique by a sequence field `n` and a
 * pseudo-random `trace_id` (16 hex digits, as a request or trace id varies from line to line):
 * the sample has only 12 lines, and without it gzip would find every batch a dozen repeats.
 */
import {readFileSync} from 'node:fs';

/**
 * @typedef {{line: string, level: string, message: string, fields: Record<string, string>, seconds: number, nanos: number}} ZapTemplate
 */

/** Parses the JSON lines of a zap sample file into templates. */
export function readZapTemplates(/** @type {string} */ path) {
  /** @type {ZapTemplate[]} */
  const templates = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const {level = 'info', msg = '', ts = 0, ...rest} = JSON.parse(line);
    const fields = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    const seconds = Math.floor(Number(ts));
    templates.push({line, level: String(level), message: String(msg), fields, seconds, nanos: Math.round((Number(ts) - seconds) * 1e9)});
  }
  if (templates.length === 0) throw new Error(`bench: no zap JSON lines in ${path}`);
  return templates;
}

/** The `i`-th entry of `component`, cycling through the templates. */
export function wireEntry(/** @type {ZapTemplate[]} */ templates, /** @type {string} */ component, /** @type {number} */ i) {
  const t = /** @type {ZapTemplate} */ (templates[i % templates.length]);
  const traceId = traceIdOf(i);
  return {
    componentId: component,
    level: t.level,
    message: t.message,
    fields: {...t.fields, n: String(i), trace_id: traceId},
    timestamp: {seconds: t.seconds, nanos: t.nanos},
    raw: `${t.line.slice(0, -1)},"n":${i},"trace_id":"${traceId}"}`,
    stream: 'stdout',
  };
}

/** 16 hex digits that look random but are the same on every run (two rounds of mulberry32). */
export function traceIdOf(/** @type {number} */ i) {
  const round = (/** @type {number} */ seed) => {
    let t = (seed + 0x6d2b79f5) | 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0).toString(16).padStart(8, '0');
  };
  return round(i) + round(i ^ 0x5bd1e995);
}
