/**
 * The one filter: a `FilterSpec` compiled once, then applied to the ring (`matches`) and to
 * the SQLite store (`toSql`) with the same meaning. Every term is checked here so the CLI,
 * TUI and control plane report a bad term the same way, naming the flag.
 */
import {stripVTControlCharacters} from 'node:util';
import {isLevel, levelRank, type Level, type LogEntry} from './entry.js';
import type {CompileFilter, FilterError, FilterSpec, LogFilter} from './api.js';
import {parseTimeBound} from './time.js';
import {requiredLiterals} from './regex-literals.js';
import {err, ok, type Result} from '../util/result.js';

/** A user regex: the JS source and flags, as passed to the SQL `regexp` function too. */
interface CompiledRegex {
  readonly source: string;
  readonly flags: string;
  readonly regex: RegExp;
}

const LEVEL_ALIASES: Record<string, Level> = {warning: 'warn', err: 'error', crit: 'fatal', critical: 'fatal'};

/**
 * Compiles a spec. Terms left out (or empty lists for `components`, `levels`, `include`,
 * `exclude`, `fields`) do not constrain anything, so a CLI passing its variadic argument
 * list as-is gets "all components" when none were named.
 *
 * Meaning of each term: `components` and `levels` are sets (OR within, AND across terms);
 * `minLevel` compares `levelRank` (so `unknown` counts as `info`); `since` is inclusive and
 * `until` exclusive on `timestamp`; `include` keeps an entry when ANY pattern matches,
 * `exclude` drops it when ANY matches, both against `raw` with ANSI removed; a leading
 * `(?i)` makes a pattern case-insensitive; `fields` needs every key to equal its value;
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
  include: readonly CompiledRegex[];
  exclude: readonly CompiledRegex[];
  fields: ReadonlyArray<readonly [string, string]>;
  runId: string | undefined;
}

class CompiledFilter implements LogFilter {
  readonly sinceMs: number | undefined;
  readonly untilMs: number | undefined;
  readonly tail: number | undefined;

  constructor(
    readonly spec: FilterSpec,
    private readonly terms: Terms,
  ) {
    this.sinceMs = terms.sinceMs;
    this.untilMs = terms.untilMs;
    this.tail = spec.tail;
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
    const plain = plainText(entry.raw);
    if (t.include.length > 0 && !t.include.some((r) => r.regex.test(plain))) return false;
    return !t.exclude.some((r) => r.regex.test(plain));
  }

  /**
   * A WHERE clause (without `WHERE`) over the `entries` table of `api.ts`, with positional
   * parameters, selecting exactly the rows `matches()` accepts. `tail` is not part of it:
   * the store applies it as `ORDER BY seq DESC LIMIT tail` and reverses.
   *
   * Regex terms call a three-argument SQL function the store must register, once per
   * connection, exactly so:
   *
   *     db.function('regexp', {deterministic: true}, sqlRegexp);
   *
   * (`sqlRegexp` from this module: same pattern cache, same ANSI stripping, returns 1/0.)
   * Field terms use `json_extract(fields, ?) = ?` with the path `$."<key>"` as a parameter.
   * SQLite compares a path label with the key as escaped in the JSON text, so a key that
   * JSON must escape (`"`, `\`, control characters) can never match that way; such keys
   * compile to `EXISTS (SELECT 1 FROM json_each(fields) WHERE key = ? AND value = ?)`.
   */
  toSql(): {where: string; params: unknown[]} {
    const t = this.terms;
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (t.components !== undefined) {
      clauses.push(`component_id IN (${placeholders(t.components.size)})`);
      params.push(...t.components);
    }
    if (t.levels !== undefined) {
      // The rank first: it is what the (run_id, level_rank, seq) index can seek on.
      const ranks = [...new Set([...t.levels].map(levelRank))];
      clauses.push(`level_rank IN (${placeholders(ranks.length)}) AND level IN (${placeholders(t.levels.size)})`);
      params.push(...ranks, ...t.levels);
    }
    const simple: Array<[string, unknown]> = [
      ['level_rank >= ?', t.minRank],
      ['ts >= ?', t.sinceMs],
      ['ts < ?', t.untilMs],
      ['run_id = ?', t.runId],
    ];
    for (const [clause, param] of simple) {
      if (param === undefined) continue;
      clauses.push(clause);
      params.push(param);
    }
    for (const [key, value] of t.fields) {
      if (JSON.stringify(key) !== `"${key}"`) {
        clauses.push('EXISTS (SELECT 1 FROM json_each(fields) WHERE key = ? AND value = ?)');
        params.push(key, value);
      } else {
        clauses.push('json_extract(fields, ?) = ?');
        params.push(`$."${key}"`, value);
      }
    }
    if (t.include.length > 0) {
      const tests = t.include.map((r) => regexSql(r));
      clauses.push(`(${tests.map((test) => test.sql).join(' OR ')})`);
      for (const test of tests) params.push(...test.params);
    }
    for (const r of t.exclude) {
      const test = regexSql(r);
      clauses.push(`NOT ${test.sql}`);
      params.push(...test.params);
    }
    return {where: clauses.length === 0 ? '1' : clauses.join(' AND '), params};
  }
}

/**
 * One regex term in SQL: `regexp(?, ?, raw)`, behind a cheap `instr` test on the literal text
 * every match must contain (see `regex-literals.ts`) so the JavaScript function runs only on
 * rows that can match. The pattern sees `raw` without ANSI sequences, which may split a
 * literal in `raw` itself, so a row holding ESC or CSI always goes on to the regexp. For a
 * case-insensitive pattern the literal is compared with `lower(raw)`: SQLite folds ASCII
 * only, and without the `u` flag JavaScript matches ASCII letters only to ASCII letters, so
 * that is exact for ASCII literals; a pattern whose literal is not ASCII gets no pre-filter.
 */
function regexSql(r: CompiledRegex): {sql: string; params: unknown[]} {
  const regexp = {sql: 'regexp(?, ?, raw)', params: [r.source, r.flags]};
  const insensitive = r.flags.includes('i');
  const literals = requiredLiterals(r.source);
  // eslint-disable-next-line no-control-regex
  if (literals === undefined || (insensitive && literals.some((l) => /[^\x00-\x7f]/.test(l)))) return regexp;
  const column = insensitive ? 'lower(raw)' : 'raw';
  const tests = literals.map(() => `instr(${column}, ?) > 0`).join(' OR ');
  return {
    sql: `((instr(raw, char(27)) > 0 OR instr(raw, char(155)) > 0 OR ${tests}) AND ${regexp.sql})`,
    params: [...literals.map((l) => (insensitive ? l.toLowerCase() : l)), ...regexp.params],
  };
}

/** `raw` as the regex terms see it: without ANSI escape sequences. */
export function plainText(raw: string): string {
  return raw.includes('\x1b') || raw.includes('\x9b') ? stripVTControlCharacters(raw) : raw;
}

const sqlRegexCache = new Map<string, RegExp>();
const SQL_REGEX_CACHE_LIMIT = 256;

/**
 * The SQL `regexp(pattern, flags, raw)` function behind `toSql()`'s regex terms: 1 when the
 * pattern matches the ANSI-free `raw`, else 0 (better-sqlite3 cannot return booleans).
 * Patterns are compiled once and cached; they were validated by `compileFilter`.
 */
export function sqlRegexp(pattern: unknown, flags: unknown, raw: unknown): 0 | 1 {
  if (typeof pattern !== 'string' || typeof flags !== 'string' || typeof raw !== 'string') return 0;
  const key = `${flags}/${pattern}`;
  let regex = sqlRegexCache.get(key);
  if (regex === undefined) {
    if (sqlRegexCache.size >= SQL_REGEX_CACHE_LIMIT) sqlRegexCache.clear();
    regex = new RegExp(pattern, flags);
    sqlRegexCache.set(key, regex);
  }
  return regex.test(plainText(raw)) ? 1 : 0;
}

function compileRegexes(patterns: readonly string[], term: 'include' | 'exclude'): Result<CompiledRegex[], FilterError> {
  const compiled: CompiledRegex[] = [];
  for (const pattern of patterns) {
    const insensitive = pattern.startsWith('(?i)');
    const source = insensitive ? pattern.slice(4) : pattern;
    // No `g`/`y`: those make `test` stateful. `u` would reject patterns users type for grep.
    const flags = insensitive ? 'i' : '';
    try {
      compiled.push({source, flags, regex: new RegExp(source, flags)});
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

function placeholders(count: number): string {
  return Array.from({length: count}, () => '?').join(', ');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
