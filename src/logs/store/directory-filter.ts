/**
 * A filter's component and level terms compiled to SQL over a block's summary (`block_summary`
 * of `schema.js`, made by `block-summary.js`), so that the directory query (`paging.ts`) skips
 * the blocks that cannot hold a match instead of opening them: a rare `-c` or `-l error` over
 * millions of entries reads a few blocks, not all of them. The time terms are tested on the
 * directory's own columns (`paging.ts`); regexes and fields need the entries' text, so they
 * are left to `LogFilter.matches`, which still runs on every entry of every block read.
 *
 * Never too strict, by construction: the levels accepted are those `matches` itself accepts
 * (a filter of the same level terms is asked about each level, so aliases, the minimum
 * level's `unknown`-as-`info` rank, and any later rule come along), and a block without a
 * summary, or with a component list not stored, is kept. This relies on a filter's `matches`
 * keeping nothing its `spec` rules out (true of `compileFilter`'s filters and of the display
 * floor's, which only narrows them).
 */
import type {FilterSpec, LogFilter} from '../api.js';
import type {LogEntry} from '../entry.js';
import {compileFilter} from '../filter.js';
import {componentNeedle, levelBit, OTHER_LEVEL_BIT, SUMMARY_LEVELS} from './block-summary.js';

export interface DirectoryTerms {
  /**
   * A condition on the summary row `s` (LEFT JOINed: its columns are NULL for a block without
   * one) that holds when the block may hold a match.
   */
  sql: string;
  params: Record<string, number | string>;
}

/** The filter's summary terms; undefined when it has none that can prune a block. */
export function directoryTerms(filter: LogFilter | undefined): DirectoryTerms | undefined {
  if (filter === undefined) return undefined;
  const conditions: string[] = [];
  const params: Record<string, number | string> = {};
  const mask = levelMask(filter.spec);
  if (mask !== undefined) {
    conditions.push('(s.levels IS NULL OR (s.levels & @levelMask) != 0)');
    params['levelMask'] = mask;
  }
  const components = [...new Set(filter.spec.components ?? [])];
  if (components.length > 0) {
    const found = components.map((id, i) => {
      params[`component${i}`] = componentNeedle(id);
      return `instr(s.components, @component${i}) > 0`;
    });
    conditions.push(`(s.components IS NULL OR ${found.join(' OR ')})`);
  }
  return conditions.length === 0 ? undefined : {sql: conditions.join(' AND '), params};
}

/** Every level's bit, and the bit of a level flowctl does not know (always accepted). */
const ALL_LEVELS = SUMMARY_LEVELS.reduce((mask, level) => mask | levelBit(level), OTHER_LEVEL_BIT);

const PROBE: LogEntry = {
  seq: 0, componentId: '', componentType: '', stream: 'stdout', timestamp: 0, receivedAt: 0, level: 'unknown',
  message: '', fields: {}, raw: '', runId: '', restart: 0, truncated: false,
};

/** The bits of the levels the spec's level terms accept; undefined when it accepts every level. */
function levelMask(spec: FilterSpec): number | undefined {
  const levels = spec.levels !== undefined && spec.levels.length > 0 ? spec.levels : undefined;
  if (levels === undefined && spec.minLevel === undefined) return undefined;
  const levelTerms = compileFilter({...(levels === undefined ? {} : {levels}), ...(spec.minLevel === undefined ? {} : {minLevel: spec.minLevel})});
  // The spec compiled once already (it is a filter's); if it did not now, not pruning is correct.
  if (!levelTerms.ok) return undefined;
  let mask = OTHER_LEVEL_BIT;
  for (const level of SUMMARY_LEVELS) if (levelTerms.value.matches({...PROBE, level})) mask |= levelBit(level);
  return mask === ALL_LEVELS ? undefined : mask;
}
