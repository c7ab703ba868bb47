/**
 * `flowctl up`: load the pipeline, build the log path (ring → hub → history, files via the
 * supervisor), start the control plane and the supervisor, show the aggregate (or the TUI),
 * and stop everything cleanly. Returns the exit code; prints only through `io`.
 */
import {randomBytes} from 'node:crypto';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import type {Writable} from 'node:stream';
import {findPipelineFile, formatDiagnostics, loadPipelineFile, type ResolvedPipeline} from '../../config/index.js';
import type {ControlServer} from '../../control/server.js';
import type {HistoryStore} from '../../control/history-store.js';
import {storePathFor, writeStateFile, type StateFileHandle} from '../../control/state-file.js';
import type {LogHub, Subscription} from '../../logs/api.js';
import type {Level} from '../../logs/entry.js';
import {Hub} from '../../logs/hub.js';
import {Ring} from '../../logs/ring.js';
import {openStore, type LogStore} from '../../logs/store/index.js';
import {announcingTo} from '../../logs/store/announcing-hub.js';
import {EXIT_RUNTIME, EXIT_USAGE} from '../exit-codes.js';
import {startConsoleView, type ConsoleView} from '../console/console-view.js';
import {ControlRelay} from './control-relay.js';
import {gracefulStopNote, handleStopSignals, type SignalSource} from './signals.js';

export interface UpOptions {
  file: string | undefined;
  cwd: string;
  color: boolean;
  timestamps: boolean;
  logPrefix: boolean;
  raw: boolean;
  logDir: string | undefined;
  store: boolean;
  abortOnExit: boolean;
  exitCodeFrom: string | undefined;
  controlPlane: boolean;
  controlPlaneAddress: string;
  controlPlanePort: number;
  token: string | undefined;
  tls: {cert: string; key: string} | undefined;
}

export interface UpIo {
  /** The aggregate's destination (non-blocking in production). */
  out: Writable;
  /** flowctl's own messages before the aggregate starts (diagnostics). */
  err: (text: string) => void;
  /**
   * The console's output failed with `error`: true when that is the terminal hanging up
   * (then SIGHUP follows and stops the pipeline; there is nothing to say, and nowhere).
   */
  terminalFailed?: (error: NodeJS.ErrnoException) => boolean;
  signals: SignalSource;
  env: NodeJS.ProcessEnv;
  /** Replaces the console view with the TUI when given (stdout is a terminal and --no-tui absent). */
  runInteractive?: (session: RunningPipeline) => Promise<void>;
}

/** What a viewer (console or TUI) needs from a running pipeline. */
export interface RunningPipeline {
  pipeline: ResolvedPipeline;
  hub: LogHub;
  control: ControlRelay;
  logDir: string;
  store: LogStore | undefined;
}

export async function runUp(options: UpOptions, io: UpIo): Promise<number> {
  const found = findPipelineFile(options.cwd, options.file);
  if (!found.ok) {
    io.err(await formatDiagnostics([found.error], {color: options.color, cwd: options.cwd}));
    return EXIT_USAGE;
  }
  const loaded = loadPipelineFile(found.value, {env: io.env});
  if (!loaded.ok) {
    io.err(await formatDiagnostics(loaded.error, {color: options.color, cwd: options.cwd}));
    return EXIT_USAGE;
  }
  if (loaded.value.warnings.length > 0) io.err(await formatDiagnostics(loaded.value.warnings, {color: options.color, cwd: options.cwd}));
  const {pipeline} = loaded.value;
  if (options.exitCodeFrom !== undefined && !pipeline.components.some((c) => c.id === options.exitCodeFrom)) {
    const known = pipeline.components.map((c) => c.id).join(', ');
    io.err(`flowctl up: --exit-code-from: no component "${options.exitCodeFrom}" in ${pipeline.name} (components: ${known})\n`);
    return EXIT_USAGE;
  }

  const logDir = options.logDir === undefined ? pipeline.logging.dir : path.resolve(options.cwd, options.logDir);
  try {
    mkdirSync(logDir, {recursive: true});
  } catch (error) {
    io.err(`flowctl up: cannot create the log folder ${logDir}: ${(error as Error).message} (use --log-dir to choose another)\n`);
    return EXIT_RUNTIME;
  }

  // The control plane (gRPC) and the supervisor (execa) are a third of a second of module
  // loading on this thread: loaded while the history's worker thread starts and opens its
  // file, not before (a small pipeline was up ~40 ms sooner).
  const heavyModules = Promise.all([import('../../control/server.js'), import('../../supervisor/supervisor.js')]);
  const runId = newRunId();
  const ring = new Ring({maxEntries: pipeline.logging.bufferSize, maxBytes: pipeline.logging.bufferBytes});
  const hub = new Hub({ring, runId, rateLimit: pipeline.logging.rateLimit});
  const note = (message: string, level: Level = 'info'): void => {
    const now = Date.now();
    hub.publish([
      {componentId: '', componentType: '', stream: 'control', timestamp: now, receivedAt: now, level, message, fields: {}, raw: message, restart: 0, truncated: false},
    ]);
  };
  const relay = new ControlRelay(pipeline.name);
  const running: RunningPipeline = {pipeline, hub, control: relay, logDir, store: undefined};

  // The viewer subscribes first, so it sees every note below.
  let view: ConsoleView | undefined;
  let interactive: Promise<void> | undefined;
  if (io.runInteractive === undefined) {
    view = startConsoleView({
      hub,
      out: io.out,
      color: options.color,
      timestamps: options.timestamps,
      prefix: options.logPrefix,
      raw: options.raw,
      components: pipeline.components.map((c) => ({id: c.id, minLevel: c.logging.level})),
      logDir,
      onOutputFailed: (error) => {
        if (io.terminalFailed?.(error) === true) return;
        io.err(`flowctl up: the console stopped showing lines (${error.message}); the pipeline runs on and every line is still written to ${logDir}\n`);
      },
      onAbandoned: (message) => io.err(`flowctl up: ${message}\n`),
    });
  }

  const history = await openHistory(pipeline, logDir, options.store, hub, runId, note);
  running.store = history?.store;
  const [{startControlServer}, {Supervisor}] = await heavyModules;

  let server: ControlServer | undefined;
  if (options.controlPlane) {
    const started = await startControlServer({
      hub,
      store: history === undefined ? undefined : controlHistory(history),
      control: relay,
      pipeline,
      host: options.controlPlaneAddress,
      port: options.controlPlanePort,
      token: options.token,
      tls: options.tls,
    });
    if (started.ok) {
      server = started.value;
      server.onNotice((message) => note(message, 'warn'));
      relay.useHeartbeats(server.registry);
      note(`control plane listening on ${server.address}${server.tls ? ' (TLS)' : ''}`);
    } else {
      note(`control plane not started: ${started.error}; \`flowctl logs\` will read the files and history only`, 'warn');
    }
  }

  const supervisor = new Supervisor({
    pipeline,
    // With a history, each publish also tells it at once (its backpressure counts them).
    hub: history === undefined ? hub : announcingTo(history.store, hub),
    logDir,
    controlPlaneAddress: server?.address,
    controlPlaneToken: server?.token,
    color: options.color,
    abortOnExit: options.abortOnExit,
    exitCodeFrom: options.exitCodeFrom,
    // Lossless history: while its writer is behind, the children wait as on a slow disk.
    backpressure: history?.store.gate,
  });
  relay.attach(supervisor);
  supervisor.installExitHandler();

  let stateFile: StateFileHandle | undefined;
  if (server !== undefined) {
    const written = writeStateFile({
      name: pipeline.name,
      file: pipeline.file,
      pid: process.pid,
      address: server.address,
      port: server.port,
      token: server.token,
      tls: server.tls,
      tlsCert: server.tlsCert,
      logDir,
      storePath: history === undefined ? '' : storePathFor(logDir),
      runId,
      startedAt: Date.now(),
      components: pipeline.components.map((c) => c.id),
    });
    if (written.ok) stateFile = written.value;
    else note(`${written.error}; other terminals will not find this pipeline`, 'warn');
  }

  const removeSignals = handleStopSignals(io.signals, {
    graceful: (signal) => {
      note(gracefulStopNote(signal, pipeline.name), 'warn');
      void supervisor.shutdown();
    },
    force: (signal) => {
      note(`${signal} received again: killing everything now`, 'warn');
      void supervisor.shutdown({force: true});
    },
  });

  if (io.runInteractive !== undefined) interactive = io.runInteractive(running);
  await supervisor.start();
  const interactiveEnded = interactive?.then(() => supervisor.shutdown());
  const {exitCode} = await supervisor.done;
  await interactiveEnded;
  // Lines hidden by the rate limit in the last second are announced before the view closes.
  hub.flushRateLimitSummaries();

  removeSignals();
  stateFile?.remove();
  await server?.close();
  await history?.close();
  await view?.close();
  supervisor.removeExitHandler();
  return exitCode;
}

interface History {
  store: LogStore;
  /** Resolves once everything published so far reached the store and was committed. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

/** The SQLite history: a failure to open it is reported and the pipeline runs with files only. */
async function openHistory(
  pipeline: ResolvedPipeline,
  logDir: string,
  wanted: boolean,
  hub: Hub,
  runId: string,
  note: (message: string, level?: Level) => void,
): Promise<History | undefined> {
  if (!wanted || pipeline.logging.store === 'none') return undefined;
  const opened = await openStore(storePathFor(logDir), {retentionMs: pipeline.logging.retentionMs});
  if (!opened.ok) {
    note(opened.error, 'warn');
    return undefined;
  }
  const store = opened.value;
  // Nothing is lost silently: every entry the history could not save is said (onError,
  // with the count) and counted in the hub's dropped total (the TUI banner, `flowctl status`).
  store.onError((message) => note(`log history: ${message}`, 'error'));
  store.onDropped((count) => hub.countDropped(count));
  store.beginRun(runId, {pipeline: pipeline.name, startedAt: Date.now()});
  // Large queue: the store must see everything; the writer worker batches on its side and
  // holds the children back (store.gate, wired into the supervisor) when it falls behind,
  // so this queue only ever holds what one turn of the event loop published.
  const subscription: Subscription = hub.subscribe({name: 'history', maxQueue: 500_000}, (batch) => store.append(batch));
  return {
    store,
    async flushed() {
      // Entries published a moment ago may still be queued for the history subscriber.
      await subscription.drained();
      await store.flush();
    },
    async close() {
      await subscription.drained();
      subscription.close();
      store.endRun(runId, Date.now());
      await store.flush();
      await store.close();
    },
  };
}

/** The store as the control plane reads it: a flush first drains what is on its way to it. */
function controlHistory(history: History): HistoryStore {
  return {
    query: (filter, options) => history.store.query(filter, options),
    runs: () => history.store.runs(),
    flush: () => history.flushed(),
  };
}

function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
