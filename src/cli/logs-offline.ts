/**
 * `flowctl logs` when the pipeline does not run: the history store in its log folder, found
 * through the pipeline file (`--file`, else `pipeline.yaml` / `flow.yml` here).
 */
import {existsSync} from 'node:fs';
import path from 'node:path';
import {findPipelineFile, formatDiagnostics, loadPipelineFile, type ResolvedPipeline} from '../config/index.js';
import {storePathFor} from '../control/state-file.js';
import type {LogEntry} from '../logs/entry.js';
import {compileFilter} from '../logs/filter.js';
import type {FilterSpec} from '../logs/api.js';
import {openStore, type LogStore} from '../logs/store/index.js';
import {err, ok, type Result} from '../util/result.js';

export interface OfflineSource {
  pipeline: ResolvedPipeline;
  store: LogStore;
  storePath: string;
}

/** Loads the pipeline file and opens its store read-only. Errors are full sentences. */
export async function openOffline(cwd: string, file: string | undefined, logDir?: string): Promise<Result<OfflineSource, string>> {
  const found = findPipelineFile(cwd, file);
  if (!found.ok) return err(`${found.error.message}: the pipeline is not running, and its log history is found through its file (pass --file PATH)`);
  const loaded = loadPipelineFile(found.value);
  if (!loaded.ok) return err(`cannot read ${found.value}:\n${formatDiagnostics(loaded.error, {color: false, cwd})}`);
  const pipeline = loaded.value.pipeline;
  const dir = logDir === undefined ? pipeline.logging.dir : path.resolve(cwd, logDir);
  const storePath = storePathFor(dir);
  if (!existsSync(storePath)) {
    return err(`pipeline "${pipeline.name}" is not running and has no log history yet (${storePath} does not exist); its log files are in ${dir}`);
  }
  const store = await openStore(storePath, {retentionMs: 0, readonly: true});
  if (!store.ok) return err(store.error);
  return ok({pipeline, store: store.value, storePath});
}

/** `''` = the latest run, `previous` = the one before, else an id or unique prefix. */
export async function resolveStoredRun(store: LogStore, run: string): Promise<Result<string, string>> {
  const runs = (await store.runs()).map((r) => r.runId);
  if (runs.length === 0) return err('the log history holds no run yet');
  if (run === '' || run === 'latest') return ok(runs[0]!);
  if (run === 'previous') return runs[1] === undefined ? err('there is no previous run in the log history') : ok(runs[1]);
  const matches = runs.filter((id) => id.startsWith(run));
  if (matches.length === 1) return ok(matches[0]!);
  if (matches.length === 0) return err(`--run: no run "${run}" in the log history (newest: ${runs.slice(0, 5).join(', ')})`);
  return err(`--run: "${run}" is ambiguous: it prefixes ${matches.join(', ')}`);
}

/** The stored entries of one run matching `spec`, in batches, oldest first. */
export async function* readStored(source: OfflineSource, spec: FilterSpec, runId: string): AsyncGenerator<LogEntry[]> {
  const filter = compileFilter(spec);
  // The spec was compiled by the CLI already; a failure here is a bug.
  if (!filter.ok) throw new Error(`bug: filter compiled before failed now: ${filter.error.message}`);
  yield* source.store.query(filter.value, {runId, order: 'asc'});
}
