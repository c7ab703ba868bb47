/**
 * The filter the user builds with keys, turned into a `FilterSpec` for the log engine's one
 * filter (`compileFilter`) and described in words for the status line.
 */
import type {FilterSpec, LogFilter} from '../logs/api.js';
import {compileFilter} from '../logs/filter.js';
import type {Level} from '../logs/entry.js';
import type {Result} from '../util/result.js';
import {unreachable} from '../util/unreachable.js';

/** `1`…`5` in order; `l` cycles through them. */
export const LEVEL_STEPS: readonly (Level | undefined)[] = [undefined, 'debug', 'info', 'warn', 'error'];

export type TimeWindow = 'all' | '5m' | '1h' | 'restart';
export const TIME_WINDOWS: readonly TimeWindow[] = ['all', '5m', '1h', 'restart'];

export interface TuiFilter {
  /** Components toggled off with space / by solo. */
  hidden: ReadonlySet<string>;
  minLevel: Level | undefined;
  time: TimeWindow;
  /** For `restart`: since when (the selected component's start) and whose. */
  restartSince: {id: string; at: number} | undefined;
  include: string;
  exclude: string;
}

export const EMPTY_FILTER: TuiFilter = {hidden: new Set(), minLevel: undefined, time: 'all', restartSince: undefined, include: '', exclude: ''};

/** True when nothing narrows the view. */
export function isEmptyFilter(filter: TuiFilter): boolean {
  return filter.hidden.size === 0 && filter.minLevel === undefined && filter.time === 'all' && filter.include === '' && filter.exclude === '';
}

/**
 * The spec for a view of `components` (all of them, or one split pane). Pipeline-wide notes
 * (component id `''`: drop markers, "pipeline stopped") stay visible in the merged view.
 */
export function toSpec(filter: TuiFilter, components: readonly string[], pane?: string): FilterSpec {
  const spec: FilterSpec = {};
  if (pane !== undefined) spec.components = [pane];
  else if (filter.hidden.size > 0) spec.components = ['', ...components.filter((id) => !filter.hidden.has(id))];
  if (filter.minLevel !== undefined) spec.minLevel = filter.minLevel;
  const since = sinceOf(filter);
  if (since !== undefined) spec.since = since;
  if (filter.include !== '') spec.include = [smartCase(filter.include)];
  if (filter.exclude !== '') spec.exclude = [smartCase(filter.exclude)];
  return spec;
}

function sinceOf(filter: TuiFilter): string | number | undefined {
  switch (filter.time) {
    case 'all':
      return undefined;
    case '5m':
    case '1h':
      return filter.time;
    case 'restart':
      return filter.restartSince?.at;
    default:
      return unreachable(filter.time);
  }
}

/** Like less and vim: a pattern without capitals ignores case. */
export function smartCase(pattern: string): string {
  return /[A-Z]/.test(pattern) || pattern.startsWith('(?i)') ? pattern : `(?i)${pattern}`;
}

/** Compiles a view's filter; `now` moves relative windows along. */
export function compileView(filter: TuiFilter, components: readonly string[], pane: string | undefined, now: number): Result<LogFilter, string> {
  const compiled = compileFilter(toSpec(filter, components, pane), now);
  return compiled.ok ? compiled : {ok: false, error: `${compiled.error.term}: ${compiled.error.message}`};
}

/** `level≥warn · last 5 m · /timeout/ · hidden: sink` — empty string when no filter. */
export function describeFilter(filter: TuiFilter): string {
  const parts: string[] = [];
  if (filter.hidden.size > 0) parts.push(`hidden: ${[...filter.hidden].join(',')}`);
  if (filter.minLevel !== undefined) parts.push(`level≥${filter.minLevel}`);
  switch (filter.time) {
    case 'all':
      break;
    case '5m':
      parts.push('last 5 m');
      break;
    case '1h':
      parts.push('last 1 h');
      break;
    case 'restart':
      parts.push(filter.restartSince ? `since ${filter.restartSince.id} started` : 'since start');
      break;
    default:
      unreachable(filter.time);
  }
  if (filter.include !== '') parts.push(`/${filter.include}/`);
  if (filter.exclude !== '') parts.push(`\\${filter.exclude}\\`);
  return parts.join(' · ');
}
