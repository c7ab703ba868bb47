/**
 * `flowctl logs` when the pipeline does not run: the history store in its log folder, found
 * through the pipeline file (`--file`, else `pipeline.yaml` / `flow.yml` here) — or, when
 * there is no store (`logging.store: none`, `up --no-store`, a history that cannot be
 * opened), the components' `<id>.log` files in that folder, read back line by line.
 */
import {existsSync} from 'node:fs';
import path from 'node:path';
import {findPipelineFile, formatDiagnostics, loadPipelineFile, type ResolvedPipeline} from '../config/index.js';
import {acrossRuns, type SpannedRun} from '../control/run-span.js';
import {storePathFor} from '../control/state-file.js';
import type {LogEntry} from '../logs/entry.js';
import type {FileRun} from '../logs/file-history.js';
import {compileFilter} from '../logs/filter.js';
import type {FilterSpec, LogFilter} from '../logs/api.js';
import {StoreReader} from '../logs/store/reader.js';
import {err, ok, type Result} from '../util/result.js';

/** As `openStore`'s default: a history locked by a writer is reported, not waited on. */
const STORE_BUSY_TIMEOUT_MS = 250;

/** What the offline path reads: the SQLite history, or the log files standing in for it. */
export interface OfflineHistory {
  /** Newest first: "the previous run" is `runs()[1]`. `startedAt` when the store recorded it. */
  runs(): Promise<SpannedRun[]>;
  /** Entries of one run matching `filter`, oldest first, in batches; honours `filter.tail`. */
  query(filter: LogFilter | undefined, options: {runId: string; order: 'asc'}): AsyncIterable<LogEntry[]>;
  close(): Promise<void>;
}

export interface OfflineSource {
  pipeline: ResolvedPipeline;
  store: OfflineHistory;
  storePath: string;
  /** Set when the files are read instead of the store: one sentence saying so, for stderr. */
  notice?: string;
}

/**
 * Loads the pipeline file and opens its store read-only, else its log files. Errors are
 * full sentences.
 */
export async function openOffline(cwd: string, file: string | undefined, logDir?: string): Promise<Result<OfflineSource, string>> {
  const found = findPipelineFile(cwd, file);
  if (!found.ok) return err(`${found.error.message}: the pipeline is not running, and its log history is found through its file (pass --file PATH)`);
  const loaded = loadPipelineFile(found.value);
  if (!loaded.ok) return err(`cannot read ${found.value}:\n${await formatDiagnostics(loaded.error, {color: false, cwd})}`);
  const pipeline = loaded.value.pipeline;
  const dir = logDir === undefined ? pipeline.logging.dir : path.resolve(cwd, logDir);
  const storePath = storePathFor(dir);
  let why: string;
  if (pipeline.logging.store === 'none') {
    // A history left by an earlier configuration would be stale: the files are the truth.
    why = 'the pipeline keeps no history store (logging: {store: none})';
  } else if (!existsSync(storePath)) {
    why = `there is no history store (${storePath} does not exist)`;
  } else {
    const store = openReadOnly(storePath);
    if (!store.ok) {
      why = `the history store cannot be read (${store.error})`;
    } else {
      const missing = await latestRunMissing(store.value, dir, pipeline.components.map((c) => c.id));
      if (missing === undefined) return ok({pipeline, store: store.value, storePath});
      await store.value.close();
      why = missing;
    }
  }
  // The line parsers load only when the files stand in for the store.
  const {findFileRuns, readLogFiles} = await import('../logs/file-history.js');
  const runs = await findFileRuns(
    dir,
    pipeline.components.map((c) => ({id: c.id, type: c.kind, format: c.logging.format})),
  );
  if (!runs.ok) return err(`${why}, and ${runs.error}`);
  if (runs.value.length === 0) {
    return err(`pipeline "${pipeline.name}" is not running and has no log history yet: ${why}, and ${dir} holds no log file of its components`);
  }
  const notice =
    `${why}; reading the log files in ${dir} instead (${runs.value.map((r) => `--run ${r.runId}`).join(', ')}): ` +
    'times come from the lines (a line without one takes the time of the line before it), and streams and restarts were not recorded';
  return ok({pipeline, store: fileHistory(runs.value, readLogFiles), storePath, notice});
}

/**
 * Says why the history lacks the latest run when the log files were written after its last
 * run ended (a run whose history could not be opened, e.g. a read-only file: `flowctl logs`
 * showed the run before as the latest, without a word). More than a second after: the files
 * of the run it holds close before it records the end.
 */
async function latestRunMissing(store: OfflineHistory, dir: string, ids: readonly string[]): Promise<string | undefined> {
  // The store's runs are RunInfo (with the end); a file run has none.
  const [last] = (await store.runs()) as Array<{runId: string; endedAt?: number | undefined}>;
  const endedAt = last?.endedAt;
  if (last === undefined || endedAt === undefined) return undefined;
  const {newestFileWrite} = await import('../logs/file-history.js');
  const written = await newestFileWrite(dir, ids);
  if (written === undefined || written <= endedAt + 1000) return undefined;
  return `the latest run is not in the history (its last run, ${last.runId}, ended ${new Date(endedAt).toISOString()}; the log files were written at ${new Date(written).toISOString()})`;
}

/**
 * The history read-only, straight from the store's reader (the same connection and message
 * as `openStore(path, {readonly: true})`): the store's entry point also loads the writer
 * side (worker thread, batch encoder, line parsers), which `flowctl logs` never uses and
 * which was a visible share of its time to the first line.
 */
function openReadOnly(storePath: string): Result<OfflineHistory, string> {
  const reader = StoreReader.open(storePath, STORE_BUSY_TIMEOUT_MS);
  if (!reader.ok) return err(`cannot read log history at ${storePath}: ${reader.error}`);
  const store = reader.value;
  let closed = false;
  return ok({
    runs: () => Promise.resolve(store.runs()),
    query: (filter, options) => store.query(filter, options),
    close() {
      if (!closed) store.close();
      closed = true;
      return Promise.resolve();
    },
  });
}

function fileHistory(runs: readonly FileRun[], readLogFiles: typeof import('../logs/file-history.js').readLogFiles): OfflineHistory {
  return {
    runs: () => Promise.resolve(runs.map((r) => ({runId: r.runId}))),
    query(filter, options) {
      const run = runs.find((r) => r.runId === options.runId);
      // resolveStoredRun only hands out ids from runs(); anything else is a bug.
      if (run === undefined) throw new Error(`bug: no file run ${options.runId}`);
      return readLogFiles(run.files, filter, run.runId);
    },
    close: () => Promise.resolve(),
  };
}

/** `''` = the latest run, `previous` = the one before, else an id or unique prefix. */
export async function resolveStoredRun(store: OfflineHistory, run: string): Promise<Result<string, string>> {
  const runs = (await store.runs()).map((r) => r.runId);
  if (runs.length === 0) return err('the log history holds no run yet');
  if (run === '' || run === 'latest') return ok(runs[0]!);
  if (run === 'previous') return runs[1] === undefined ? err('there is no previous run in the log history') : ok(runs[1]);
  // An exact id wins over prefixes (the file runs `log` and `log.1` share one).
  if (runs.includes(run)) return ok(run);
  const matches = runs.filter((id) => id.startsWith(run));
  if (matches.length === 1) return ok(matches[0]!);
  if (matches.length === 0) return err(`--run: no run "${run}" in the log history (newest: ${runs.slice(0, 5).join(', ')})`);
  return err(`--run: "${run}" is ambiguous: it prefixes ${matches.join(', ')}`);
}

/**
 * The stored entries of one run matching `spec`, in batches, oldest first — or, with
 * `runId: 'all'` (--since/--until without --run), of every run, oldest run first (run-span.ts).
 */
export async function* readStored(source: OfflineSource, spec: FilterSpec, runId: string | 'all'): AsyncGenerator<LogEntry[]> {
  const filter = compileFilter(spec);
  // The spec was compiled by the CLI already; a failure here is a bug.
  if (!filter.ok) throw new Error(`bug: filter compiled before failed now: ${filter.error.message}`);
  if (runId !== 'all') return yield* source.store.query(filter.value, {runId, order: 'asc'});
  const oldestFirst = (await source.store.runs()).reverse();
  yield* acrossRuns(oldestFirst, filter.value, (id, f) => source.store.query(f, {runId: id, order: 'asc'}));
}
