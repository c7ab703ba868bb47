/**
 * The one filter: a `FilterSpec` compiled once, then applied with `matches` by everything
 * that selects entries: the ring, the store (over each block it opens), the CLI, the TUI and
 * the control plane. Every term is checked here so they all report a bad term the same way,
 * naming the flag.
 */
import {isLevel, levelRank, type Level, type LogEntry} from './entry.js';
import type {CompileFilter, FilterError, FilterSpec, LogFilter} from './api.js';
import {EntryText, textRegex, type TextRegex} from './filter-text.js';
import {parseTimeBound} from './time.js';

export {plainText} from './filter-text.js';
import {err, ok, type Result} from '../util/result.js';


const LEVEL_ALIASES: Record<string, Level> = {warning: 'warn', err: 'error', crit: 'fatal', critical: 'fatal'};

/**
 * Compiles a spec. Terms left out (or empty lists for `components`, `levels`, `include`,
 * `exclude`, `fields`) do not constrain anything, so a CLI passing its variadic argument
 * list as-is gets "all components" when none were named.
 *
 * Meaning of each term: `components` and `levels` are sets (OR within, AND across terms);
 * `minLevel` compares `levelRank` (so `unknown` counts as `info`); `since` is inclusive and
 * `until` exclusive on `timestamp`; `include` keeps an entry when ANY pattern matches,
 * `exclude` drops it when ANY matches (what each pattern is tested on: `filter-text.ts`); a
 * leading `(?i)` makes a pattern case-insensitive; `fields` needs every key to equal its value;
 * `tail` is not a per-entry test: callers keep the last `tail` matches (see `LogFilter.tail`).
 */
export const compileFilter: CompileFilter = (spec, now = Date.now()) => {
  const levels = resolveLevels(spec.levels);
  if (!levels.ok) return levels;
  const minLevel = spec.minLevel === undefined ? ok(undefined) : resolveLevel(spec.minLevel, 'minLevel');
  if (!minLevel.ok) return minLevel;
  const since = resolveBound(spec.since, 'since', now);
  if (!since.ok) return since;
  const until = resolveBound(spec.until, 'until', now);
  if (!until.ok) return until;
  if (since.value !== undefined && until.value !== undefined && since.value >= until.value) {
    return err({term: 'until', message: `the window is empty: --until (${iso(until.value)}) is not after --since (${iso(since.value)})`});
  }
  const include = compileRegexes(spec.include ?? [], 'include');
  if (!include.ok) return include;
  const exclude = compileRegexes(spec.exclude ?? [], 'exclude');
  if (!exclude.ok) return exclude;
  const fields = checkFields(spec.fields ?? {});
  if (!fields.ok) return fields;
  if (spec.tail !== undefined && !(Number.isSafeInteger(spec.tail) && spec.tail >= 0)) {
    return err({term: 'tail', message: `${String(spec.tail)} is not a line count: use a whole number ≥ 0`});
  }
  return ok(
    new CompiledFilter(spec, {
      components: spec.components !== undefined && spec.components.length > 0 ? new Set(spec.components) : undefined,
      levels: levels.value,
      minRank: minLevel.value === undefined ? undefined : levelRank(minLevel.value),
      sinceMs: since.value,
      untilMs: until.value,
      include: include.value,
      exclude: exclude.value,
      fields: fields.value,
      runId: spec.runId,
    }),
  );
};

interface Terms {
  components: ReadonlySet<string> | undefined;
  levels: ReadonlySet<Level> | undefined;
  minRank: number | undefined;
  sinceMs: number | undefined;
  untilMs: number | undefined;
  include: readonly TextRegex[];
  exclude: readonly TextRegex[];
  fields: ReadonlyArray<readonly [string, string]>;
  runId: string | undefined;
}

class CompiledFilter implements LogFilter {
  readonly sinceMs: number | undefined;
  readonly untilMs: number | undefined;
  readonly tail: number | undefined;
  readonly includePieces: readonly RegExp[] | undefined;

  constructor(
    readonly spec: FilterSpec,
    private readonly terms: Terms,
  ) {
    this.sinceMs = terms.sinceMs;
    this.untilMs = terms.untilMs;
    this.tail = spec.tail;
    const pieces = terms.include.map((term) => term.rawPieces);
    this.includePieces = pieces.length > 0 && pieces.every((p) => p !== undefined) ? (pieces as RegExp[]) : undefined;
  }

  matches(entry: LogEntry): boolean {
    const t = this.terms;
    if (t.components !== undefined && !t.components.has(entry.componentId)) return false;
    if (t.levels !== undefined && !t.levels.has(entry.level)) return false;
    if (t.minRank !== undefined && levelRank(entry.level) < t.minRank) return false;
    if (t.sinceMs !== undefined && !(entry.timestamp >= t.sinceMs)) return false;
    if (t.untilMs !== undefined && !(entry.timestamp < t.untilMs)) return false;
    if (t.runId !== undefined && entry.runId !== t.runId) return false;
    for (const [key, value] of t.fields) {
      if (!Object.hasOwn(entry.fields, key) || entry.fields[key] !== value) return false;
    }
    if (t.include.length === 0 && t.exclude.length === 0) return true;
    const text = new EntryText(entry);
    if (t.include.length > 0 && !t.include.some((term) => text.included(term))) return false;
    return !t.exclude.some((term) => text.excluded(term));
  }
}

function compileRegexes(patterns: readonly string[], term: 'include' | 'exclude'): Result<TextRegex[], FilterError> {
  const compiled: TextRegex[] = [];
  for (const pattern of patterns) {
    const insensitive = pattern.startsWith('(?i)');
    const source = insensitive ? pattern.slice(4) : pattern;
    // No `g`/`y`: those make `test` stateful. `u` would reject patterns users type for grep.
    const flags = insensitive ? 'i' : '';
    try {
      compiled.push(textRegex(source, flags));
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message.replace(/^Invalid regular expression: /, '') : String(cause);
      return err({term, message: `invalid regular expression ${JSON.stringify(pattern)}: ${reason}`});
    }
  }
  return ok(compiled);
}

function resolveLevel(value: string, term: 'levels' | 'minLevel'): Result<Level, FilterError> {
  const lower = value.trim().toLowerCase();
  const level = LEVEL_ALIASES[lower] ?? lower;
  if (isLevel(level)) return ok(level);
  return err({term, message: `unknown level ${JSON.stringify(value)}: use trace, debug, info, warn, error, fatal or unknown`});
}

function resolveLevels(values: readonly string[] | undefined): Result<ReadonlySet<Level> | undefined, FilterError> {
  if (values === undefined || values.length === 0) return ok(undefined);
  const levels = new Set<Level>();
  for (const value of values) {
    const level = resolveLevel(value, 'levels');
    if (!level.ok) return level;
    levels.add(level.value);
  }
  return ok(levels);
}

function resolveBound(value: string | number | undefined, term: 'since' | 'until', now: number): Result<number | undefined, FilterError> {
  if (value === undefined) return ok(undefined);
  const parsed = parseTimeBound(value, now);
  return parsed.ok ? parsed : err({term, message: parsed.error});
}

function checkFields(fields: Record<string, string>): Result<Array<readonly [string, string]>, FilterError> {
  const pairs: Array<readonly [string, string]> = [];
  for (const [key, value] of Object.entries(fields)) {
    if (key === '') return err({term: 'fields', message: `a field filter needs a name: write key=value, e.g. request_id=42`});
    if (typeof value !== 'string') {
      return err({term: 'fields', message: `field ${JSON.stringify(key)} must be compared with text, got ${typeof value}`});
    }
    pairs.push([key, value]);
  }
  return ok(pairs);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
