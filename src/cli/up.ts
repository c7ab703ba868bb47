import {Command, Option} from 'commander';
import {wantsColor} from './color.js';
import {parsePort} from './options.js';
import type {RunningPipeline} from './up/session.js';

interface UpFlags {
  tui: boolean;
  color: boolean;
  timestamps?: boolean;
  logPrefix: boolean;
  raw?: boolean;
  logDir?: string;
  store: boolean;
  abortOnExit?: boolean;
  exitCodeFrom?: string;
  controlPlane: boolean;
  controlPlaneAddress: string;
  controlPlanePort: number;
  tlsCert?: string;
  tlsKey?: string;
}

export function upCommand(): Command {
  return new Command('up')
    .description('Start a pipeline, supervise its components and show their logs (like `docker compose up`).')
    .argument('[file]', 'pipeline file or folder (default: pipeline.yaml, then flow.yml)')
    .option('--no-tui', 'print the plain `component | line` aggregate even on a terminal')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .option('-t, --timestamps', 'prefix each line with the time it was printed')
    .option('--no-log-prefix', 'print lines without the `component |` prefix')
    .option('--raw', 'print lines exactly as components wrote them (no compact rendering of structured lines)')
    .option('--log-dir <dir>', 'folder for logs/<id>.log and the history (default: logs/ next to the pipeline file)')
    .option('--no-store', 'do not keep the SQLite log history (files only)')
    .option('--abort-on-exit', 'stop every component as soon as one ends')
    .option('--exit-code-from <id>', "exit with this component's exit code (implies --abort-on-exit)")
    .option('--no-control-plane', 'do not start the gRPC control plane (`flowctl logs` then reads files and history only)')
    .option('--control-plane-address <host>', 'address the control plane listens on', '127.0.0.1')
    .addOption(
      new Option('--control-plane-port <port>', 'control plane port (0: any free port)').default(8080).argParser(parsePort),
    )
    .option('--tls-cert <file>', 'serve the control plane over TLS with this certificate (PEM)')
    .option('--tls-key <file>', 'private key for --tls-cert (PEM)')
    .addHelpText(
      'after',
      '\nCtrl+C (or SIGINT, SIGTERM, SIGHUP) stops the pipeline in reverse dependency order; press it again to kill at once.\n' +
        'Exit code: 0 when every component ended well, 1 when one failed (or that of --exit-code-from), 2 for a bad pipeline file or flag.',
    )
    .action(async (file: string | undefined, flags: UpFlags, command: Command) => {
      if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
        command.error('flowctl up: --tls-cert and --tls-key go together: give both or neither.', {exitCode: 2});
      }
      // Loaded here, not at the top: every other command (and `--help`) would otherwise pay for
      // the supervisor, the control-plane server and the terminal UI at start-up.
      const [{openStdoutStream}, {runUp}, {limitHeapGrowth}, {guardStream, watchTerminal}] = await Promise.all([
        import('./console/stdout-stream.js'),
        import('./up/session.js'),
        import('./up/heap-growth.js'),
        import('./up/terminal-hangup.js'),
      ]);
      limitHeapGrowth();
      // A closed terminal is a graceful stop (SIGHUP), never an unhandled EIO: terminal-hangup.ts.
      const terminal = watchTerminal();
      const stderrWorks = guardStream(process.stderr, 2, terminal);
      guardStream(process.stdout, 1, terminal);
      const say = (text: string): void => {
        if (stderrWorks()) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
      };
      const color = wantsColor(flags.color, process.env, process.stdout.isTTY === true);
      const out = openStdoutStream();
      // The UI needs a terminal on both ends; a pipe or a file always gets the plain aggregate.
      const interactive = flags.tui && process.stdout.isTTY === true && process.stdin.isTTY === true;
      if (interactive) guardStream(process.stdin, 0, terminal);
      let uiFailure: Error | undefined;
      // Loaded before the pipeline starts: the source subscribes in `runInteractive`'s first,
      // synchronous part, before the components start, so the rate limit counts their first
      // lines too (a flood at start-up went to the UI unlimited while Ink was loading).
      const localSource = interactive ? await import('../tui/local-source.js') : undefined;
      const runInteractive = async ({createLocalTuiSource}: NonNullable<typeof localSource>, running: RunningPipeline): Promise<void> => {
        const source = createLocalTuiSource({
          hub: running.hub,
          control: running.control,
          store: running.store,
          levels: running.pipeline.components.map((c) => ({id: c.id, minLevel: c.logging.level})),
          rateLimited: running.pipeline.logging.rateLimit !== undefined,
        });
        // Ink and React only when the terminal UI opens.
        const {runTui} = await import('../tui/index.js');
        const result = await runTui({
          source,
          pipelineName: running.pipeline.name,
          logDir: running.logDir,
        });
        if (result.reason === 'error') uiFailure = result.error ?? new Error('the terminal UI stopped unexpectedly');
      };
      const code = await runUp(
        {
          file,
          cwd: process.cwd(),
          color,
          timestamps: flags.timestamps === true,
          logPrefix: flags.logPrefix,
          raw: flags.raw === true,
          logDir: flags.logDir,
          store: flags.store,
          abortOnExit: flags.abortOnExit === true || flags.exitCodeFrom !== undefined,
          exitCodeFrom: flags.exitCodeFrom,
          controlPlane: flags.controlPlane,
          controlPlaneAddress: flags.controlPlaneAddress,
          controlPlanePort: flags.controlPlanePort,
          token: process.env.FLOWCTL_TOKEN,
          tls: flags.tlsCert !== undefined && flags.tlsKey !== undefined ? {cert: flags.tlsCert, key: flags.tlsKey} : undefined,
        },
        {
          out,
          err: say,
          terminalFailed: (error) => terminal.failed(1, error),
          signals: process,
          env: process.env,
          runInteractive: localSource === undefined ? undefined : (running) => runInteractive(localSource, running),
        },
      );
      // A UI that ended because its terminal went away did not fail: the hangup stopped the pipeline.
      if (uiFailure !== undefined && !terminal.hungUp) {
        // The terminal is restored by now: say why the UI ended, after the pipeline stopped.
        say(`flowctl up: the terminal UI failed: ${uiFailure.message} (the pipeline was stopped; --no-tui prints the plain aggregate)`);
        process.exitCode = code === 0 ? 1 : code;
      } else {
        process.exitCode = code;
      }
      terminal.release();
    });
}
