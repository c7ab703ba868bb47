/**
 * `flowctl logs [NAME...]`: a running pipeline's logs through its control plane (history,
 * then live with -f), or — when it does not run — its stored history, with the same flags.
 */
import {existsSync} from 'node:fs';
import path from 'node:path';
import {Command} from 'commander';
import {scanStateFiles, type PipelineState} from '../control/state-file.js';
import type {LogEntry} from '../logs/entry.js';
import {err, ok, type Result} from '../util/result.js';
import {EXIT_OK, EXIT_RUNTIME, EXIT_USAGE} from './exit-codes.js';
import {processIo, type CliIo} from './cli-io.js';
import {findTarget, notRunningMessage} from './control-target.js';
import {commaList, parseLogsFlags, repeatable, type LogsFlags, type LogsRequest} from './logs-options.js';
import {DamageWatch} from './logs-damage.js';
import {openPrinter, type LogPrinter} from './logs-output.js';
import {readTlsCaFlag, withTlsCaOption} from './tls-ca.js';

/** How often `logs -f` looks for a pipeline that has not started yet. */
const WAIT_POLL_MS = 500;

/** `flowctl logs`; add with `program.addCommand(logsCommand())`. */
export function logsCommand(io: () => CliIo = processIo): Command {
  return withTlsCaOption(new Command('logs'))
    .description('Show the logs of a pipeline or of some of its components (live when it runs, from the history when not)')
    .argument('[names...]', 'pipeline name and/or component ids, or the pipeline file (as --file)')
    .option('-f, --follow', 'keep printing new entries')
    .option('--no-rate-limit', "with -f: every new line, not what the pipeline's logging.rate_limit lets through (for recording: logs -f --no-rate-limit --export ndjson > file)")
    .option('-s, --since <time>', 'entries at or after: RFC 3339, "2024-01-20 10:00:00", or a duration before now (10m, 2h)')
    .option('--until <time>', 'entries before this time (same forms as --since)')
    .option('-n, --tail <lines>', 'only the last N matching entries of the history ("all" for everything)')
    .option('-c, --components <ids>', 'only these components (comma-separated, repeatable)', commaList)
    .option('-l, --levels <levels>', 'only these levels: trace,debug,info,warn,error,fatal,unknown', commaList)
    .option('--min-level <level>', 'only this level and above: trace, debug, info, warn, error, fatal (unknown counts as info)')
    .option('--grep <regex>', 'only entries matching (repeatable: any matches)', repeatable)
    .option('--exclude <regex>', 'drop entries matching (repeatable)', repeatable)
    .option('--field <key=value>', 'only entries whose structured field equals the value (repeatable: all must hold)', repeatable)
    .option('--export <format>', 'write json, ndjson, csv or text instead of the console view')
    .option('--csv-fields <keys>', 'csv: the structured fields to flatten into field.<key> columns (comma-separated, repeatable; default: those of the first entries, the rest stay in the fields column)', commaList)
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('-t, --timestamps', 'show a timestamp on every line')
    .option('--color', 'colours even when not writing to a terminal (also FORCE_COLOR=1); text only')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .option('--no-log-prefix', 'no "component |" prefix')
    .option('--raw', 'print lines exactly as the components printed them')
    .option('--run <run>', '"previous" or a run id (default: the current or latest run)')
    .option('-p, --pipeline <name>', 'the pipeline, when several run')
    .option('--file <path>', 'pipeline file or folder, to find the history of a pipeline that is not running (default: ./pipeline.yaml, then ./flow.yml)')
    .option('--log-dir <dir>', 'log folder of a pipeline that is not running, when `up --log-dir` chose another than the default')
    .action(async (names: string[], flags: LogsFlags) => {
      process.exitCode = await runLogs(names, flags, io());
    });
}

export async function runLogs(names: string[], flags: LogsFlags, io: CliIo): Promise<number> {
  const parsed = parseLogsFlags(flags);
  if (!parsed.ok) {
    io.error(`flowctl logs: ${parsed.error}`);
    return EXIT_USAGE;
  }
  const tlsCa = readTlsCaFlag(flags.tlsCa);
  if (!tlsCa.ok) {
    io.error(`flowctl logs: ${tlsCa.error}`);
    return EXIT_USAGE;
  }
  const file = pipelineFileAmong(names, parsed.value.file);
  if (!file.ok) {
    io.error(`flowctl logs: ${file.error}`);
    return EXIT_USAGE;
  }
  const request = {...parsed.value, file: file.value.file};
  names = file.value.names;
  // Which pipeline: the rules are in control/target.ts (a pipeline file here names one).
  const found = await findTarget(io, names, request.pipeline, request.file);
  if (!found.ok) {
    io.error(`flowctl logs: ${found.error.message}`);
    return found.error.exitCode;
  }
  const {outcome, states} = found.value;
  if (outcome.kind === 'running') {
    const {state, components} = outcome.target;
    return live(state, withComponents(request, components), io, tlsCa.value);
  }
  if (outcome.local === undefined && outcome.pipelineName !== undefined) {
    // Named, not running, and no file here is it: its history cannot be found.
    io.error(`flowctl logs: ${notRunningMessage(outcome, states)}; its log history is found through its pipeline file (pass --file PATH)`);
    return EXIT_RUNTIME;
  }
  return offline(outcome.local?.file ?? request.file, outcome.components, request, io, tlsCa.value);
}

/**
 * `flowctl logs pipeline.yaml` means the pipeline file, as `flowctl up pipeline.yaml` does:
 * a name ending in .yaml or .yml is taken as `--file` (a component id or pipeline name that
 * ends so is not worth the surprise of a file argument that is ignored).
 */
export function pipelineFileAmong(names: readonly string[], fileFlag: string | undefined): Result<{file: string | undefined; names: string[]}, string> {
  const files = names.filter((name) => /\.ya?ml$/i.test(name));
  if (files.length === 0) return ok({file: fileFlag, names: [...names]});
  if (files.length > 1 || fileFlag !== undefined) {
    const all = [...(fileFlag === undefined ? [] : [fileFlag]), ...files];
    return err(`more than one pipeline file (${all.join(', ')}): give one, as an argument or with --file`);
  }
  return ok({file: files[0], names: names.filter((name) => name !== files[0])});
}

function withComponents(request: LogsRequest, components: string[]): LogsRequest {
  if (components.length === 0) return request;
  return {...request, spec: {...request.spec, components: [...new Set([...(request.spec.components ?? []), ...components])]}};
}

/** Prints a stream of batches until it ends, the reader goes away, or the user interrupts. */
async function pump(batches: AsyncIterable<LogEntry[]>, printer: LogPrinter, io: CliIo, cancel: () => void): Promise<'ended' | 'interrupted' | 'closed'> {
  let outcome: 'ended' | 'interrupted' | 'closed' = 'ended';
  const stopInterrupt = io.onInterrupt(() => {
    outcome = 'interrupted';
    cancel();
  });
  printer.onClosed(() => {
    outcome = 'closed';
    cancel();
  });
  try {
    for await (const batch of batches) {
      if (outcome !== 'ended') break;
      await printer.write(batch);
    }
  } finally {
    stopInterrupt();
  }
  return outcome;
}

/** `tlsCa`: the PEM of `--tls-ca`, when given. */
async function live(state: PipelineState, request: LogsRequest, io: CliIo, tlsCa: Buffer | undefined, existing?: LogPrinter): Promise<number> {
  const printer = existing ? {ok: true as const, value: existing} : openPrinter(request, {components: state.components, stdout: io.stdout, env: io.env});
  if (!printer.ok) {
    io.error(`flowctl logs: ${printer.error}`);
    return EXIT_USAGE;
  }
  // gRPC loads only for a running pipeline; the history path never needs it.
  const {ControlClient, ControlCallError, connectOptionsFor} = await import('../control/client.js');
  const options = connectOptionsFor(state, io.env, tlsCa);
  if (!options.ok) {
    await printer.value.end();
    io.error(`flowctl logs: ${options.error}`);
    return EXIT_USAGE;
  }
  const client = new ControlClient(options.value);
  const stream = client.readLogs({spec: request.spec, follow: request.follow, run: request.run, ...(request.noRateLimit ? {noRateLimit: true} : {})});
  // No history store and the ring evicted: the rest is in the log files, said on stderr —
  // before the entries when following (nothing marks the end of the history), else after them.
  let told = false;
  const tellPartial = (): void => {
    if (told || !stream.partial) return;
    told = true;
    printer.value.flush();
    io.error(`flowctl logs: ${partialNote(state, request.spec.components ?? state.components, stream.evicted)}`);
  };
  async function* noted(): AsyncGenerator<LogEntry[]> {
    for await (const batch of stream) {
      if (request.follow) tellPartial();
      yield batch;
    }
  }
  const damage = new DamageWatch();
  try {
    const outcome = await pump(damage.watch(noted()), printer.value, io, () => stream.cancel());
    await printer.value.end();
    if (outcome !== 'closed') tellPartial();
    if (outcome === 'ended' && request.follow) io.error(`flowctl logs: pipeline "${state.name}" stopped`);
    // A follower was told in-band, where the entries are missing, and went on.
    const damaged = request.follow || outcome === 'closed' ? undefined : damage.sentence(state.name, state.logDir);
    if (damaged === undefined) return EXIT_OK;
    io.error(`flowctl logs: ${damaged}`);
    return EXIT_RUNTIME;
  } catch (error) {
    await printer.value.end();
    if (printer.value.closed) return EXIT_OK;
    if (error instanceof ControlCallError) {
      io.error(`flowctl logs: ${error.message}`);
      return error.code === 3 /* INVALID_ARGUMENT */ || error.code === 5 /* NOT_FOUND */ ? EXIT_USAGE : EXIT_RUNTIME;
    }
    throw error;
  } finally {
    client.close();
  }
}

/** What a reader of a pipeline without a history store misses, and where it is. */
export function partialNote(state: Pick<PipelineState, 'name' | 'logDir'>, components: readonly string[], evicted: number | undefined): string {
  const files = components.map((id) => path.join(state.logDir, `${id}.log`)).filter((file) => existsSync(file));
  const older = evicted === undefined ? 'the older entries of this run are' : `the ${evicted} oldest ${evicted === 1 ? 'entry' : 'entries'} of this run (all components) are`;
  const where = files.length === 0 ? `in its log folder ${state.logDir}` : `in its log files: ${files.join(', ')}`;
  return `only the latest entries were shown: pipeline "${state.name}" keeps no history store, and ${older} no longer in its memory, only ${where}`;
}

/**
 * The history of a pipeline that does not run, through its file (`file`; undefined: none
 * here, which openOffline explains). `components` were checked against it by resolveTarget.
 */
async function offline(file: string | undefined, components: string[], request: LogsRequest, io: CliIo, tlsCa: Buffer | undefined): Promise<number> {
  // The pipeline file loader and SQLite load only when the history is what we read.
  const {openOffline, readStored, resolveStoredRun} = await import('./logs-offline.js');
  const opened = await openOffline(io.cwd, file, request.logDir);
  if (!opened.ok) {
    io.error(`flowctl logs: ${file === undefined ? 'no pipeline is running' : `the pipeline of ${file} is not running`}; ${opened.error}`);
    return EXIT_RUNTIME;
  }
  const source = opened.value;
  // Reading the files instead of the store: said once, so the user knows times come from the lines.
  if (source.notice !== undefined) io.error(`flowctl logs: ${source.notice}`);
  try {
    const pipeline = source.pipeline;
    const ids = pipeline.components.map((c) => c.id);
    const runId = await resolveStoredRun(source.store, request.run);
    if (!runId.ok) {
      io.error(`flowctl logs: ${runId.error}`);
      return request.run === '' ? EXIT_RUNTIME : EXIT_USAGE;
    }
    const scoped = withComponents(request, components);
    // As the control plane does live: an id the pipeline does not have would match nothing, silently.
    // (An older run may have had other components: checked only when no --run is asked for.)
    const unknown = (scoped.spec.components ?? []).filter((id) => !ids.includes(id));
    if (unknown.length > 0 && request.run === '') {
      const names = unknown.map((id) => `"${id}"`).join(', ');
      io.error(`flowctl logs: --components: no component ${names} in pipeline "${pipeline.name}", which has ${ids.join(', ') || '(none)'}`);
      return EXIT_USAGE;
    }
    const printer = openPrinter(scoped, {components: ids, stdout: io.stdout, env: io.env});
    if (!printer.ok) {
      io.error(`flowctl logs: ${printer.error}`);
      return EXIT_USAGE;
    }
    let cancelled = false;
    // --since/--until without --run: a time, whatever run it fell in (all runs, oldest first).
    const timed = request.run === '' && (scoped.spec.since !== undefined || scoped.spec.until !== undefined);
    const damage = new DamageWatch();
    const outcome = await pump(damage.watch(readStored(source, scoped.spec, timed ? 'all' : runId.value)), printer.value, io, () => (cancelled = true));
    if (outcome !== 'ended' || cancelled || !request.follow) {
      await printer.value.end();
      const damaged = outcome === 'closed' ? undefined : damage.sentence(pipeline.name, request.logDir === undefined ? pipeline.logging.dir : path.resolve(io.cwd, request.logDir));
      if (damaged === undefined) return EXIT_OK;
      io.error(`flowctl logs: ${damaged}`);
      return EXIT_RUNTIME;
    }
    // Follow: wait for the pipeline to start, then follow its new run.
    printer.value.flush();
    io.error(`flowctl logs: pipeline "${pipeline.name}" is not running; waiting for it to start (Ctrl+C to stop)`);
    const state = await waitForStart(pipeline, io);
    if (!state) {
      await printer.value.end();
      return EXIT_OK;
    }
    // The new run from its first line: --tail cut the stored history, and the lines the
    // pipeline printed before we saw it start are new to the reader too.
    const {tail: _historyOnly, ...newRunSpec} = scoped.spec;
    // Same printer: one JSON document / CSV header across the stored and the live part.
    return live(state, {...scoped, spec: newRunSpec, run: ''}, io, tlsCa, printer.value);
  } finally {
    await source.store.close();
  }
}

/** Polls the state files until the pipeline (by its file, or its name) runs, or Ctrl+C. */
function waitForStart(pipeline: {name: string; file: string}, io: CliIo): Promise<PipelineState | undefined> {
  return new Promise((resolve) => {
    const stop = io.onInterrupt(() => {
      clearInterval(timer);
      stop();
      resolve(undefined);
    });
    const timer = setInterval(() => {
      const {states} = scanStateFiles(io.stateDir);
      const state = states.find((s) => s.file === pipeline.file) ?? states.find((s) => s.name === pipeline.name);
      if (!state) return;
      clearInterval(timer);
      stop();
      resolve(state);
    }, WAIT_POLL_MS);
  });
}
