/**
 * `flowctl logs --since/--until` without `--run`: a time is a time, whatever run it fell in
 * (the design doc's `flowctl logs --since "2024-01-20 10:00:00" my-pipeline`), so the history
 * of every run is searched, oldest run first, each run's entries in seq order, with a note
 * (`flowctl | run <id> started <time>`) where one run's entries end and the next one's begin.
 * Used by the live path (log-service.ts) and the offline one (cli/logs.ts) alike.
 */
import type {LogEntry} from '../logs/entry.js';
import type {LogFilter} from '../logs/api.js';
import {formatTimestamp} from '../logs/render.js';

/** A run as the history lists it (a log-file run has no recorded start). */
export interface SpannedRun {
  runId: string;
  startedAt?: number;
}

/** `fields.flowctl` of the note between two runs' entries; exports leave it out (entries carry run_id). */
export const RUN_START_NOTE = 'run-start';

/** Time bounds and no run named: every run is searched. */
export function spansRuns(filter: Pick<LogFilter, 'sinceMs' | 'untilMs'>, run: string): boolean {
  return run === '' && (filter.sinceMs !== undefined || filter.untilMs !== undefined);
}

/** The same filter keeping only the last `tail` matches (undefined: all). */
export function withTail(filter: LogFilter, tail: number | undefined): LogFilter {
  return {spec: {...filter.spec, tail}, sinceMs: filter.sinceMs, untilMs: filter.untilMs, tail, matches: (entry) => filter.matches(entry)};
}

/** The note before a run's first entry when an earlier run's entries were printed. */
export function runStartNote(run: SpannedRun, firstEntry: LogEntry): LogEntry {
  const started = run.startedAt === undefined ? '' : ` started ${formatTimestamp(run.startedAt)}`;
  const message = `run ${run.runId}${started}`;
  return {
    seq: firstEntry.seq, componentId: '', componentType: '', stream: 'control', timestamp: run.startedAt ?? firstEntry.timestamp,
    receivedAt: firstEntry.receivedAt, level: 'info', message, fields: {flowctl: RUN_START_NOTE}, raw: message, runId: run.runId, restart: 0, truncated: false,
  };
}

/**
 * The entries of `runs` (oldest first) matching `filter`, run after run, with a note at each
 * change of run. `read(runId, filter)` reads one run, oldest first, honouring `filter.tail`.
 * With `filter.tail` the last N across all of them: runs are read newest first until N are
 * found (N entries in memory at most), then handed over oldest first.
 * `printedBefore`: entries were printed already, so the first run gets its note too.
 */
export async function* acrossRuns(
  runs: readonly SpannedRun[],
  filter: LogFilter,
  read: (runId: string, filter: LogFilter) => AsyncIterable<LogEntry[]>,
): AsyncGenerator<LogEntry[]> {
  let printed = false;
  const withNote = function* (run: SpannedRun, batch: LogEntry[]): Generator<LogEntry[]> {
    if (batch.length === 0) return;
    if (printed) yield [runStartNote(run, batch[0]!)];
    printed = true;
    yield batch;
  };
  if (filter.tail === undefined) {
    for (const run of runs) {
      let first = true;
      for await (const batch of read(run.runId, filter)) {
        if (first && batch.length > 0) {
          yield* withNote(run, batch);
          first = false;
        } else if (batch.length > 0) {
          yield batch;
        }
      }
    }
    return;
  }
  const found: {run: SpannedRun; entries: LogEntry[]}[] = [];
  let left = filter.tail;
  for (const run of [...runs].reverse()) {
    if (left <= 0) break;
    const entries: LogEntry[] = [];
    for await (const batch of read(run.runId, withTail(filter, left))) entries.push(...batch);
    const last = entries.slice(Math.max(0, entries.length - left));
    left -= last.length;
    found.unshift({run, entries: last});
  }
  for (const {run, entries} of found) yield* withNote(run, entries);
}
