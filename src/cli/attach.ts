/**
 * `flowctl attach [pipeline]`: the terminal UI on a pipeline already running (started by
 * `flowctl up` elsewhere), through its control plane. `q` detaches; the pipeline keeps
 * running (`flowctl down` stops it).
 */
import {Command} from 'commander';
import {processIo, type CliIo} from './cli-io.js';
import {connectRunning, pipelineArgument} from './control-target.js';
import {EXIT_OK, EXIT_RUNTIME, EXIT_USAGE} from './exit-codes.js';
import {withTlsCaOption} from './tls-ca.js';

/** `flowctl attach`; add with `program.addCommand(attachCommand())`. */
export function attachCommand(io: () => CliIo = processIo): Command {
  return withTlsCaOption(new Command('attach'))
    .description('Open the terminal UI on a running pipeline (q detaches, the pipeline keeps running)')
    .argument('[pipeline]', 'pipeline name (needed when several run)')
    .option('-p, --pipeline <name>', 'the pipeline, when several run')
    .action(async (name: string | undefined, flags: {pipeline?: string; tlsCa?: string}) => {
      process.exitCode = await runAttach(name, flags, io());
    });
}

export async function runAttach(name: string | undefined, flags: {pipeline?: string; tlsCa?: string}, io: CliIo, stdin: {isTTY?: boolean} = process.stdin): Promise<number> {
  if (io.stdout.isTTY !== true || stdin.isTTY !== true) {
    io.error('flowctl attach: needs a terminal (use `flowctl logs -f` to follow logs in a pipe or a script)');
    return EXIT_USAGE;
  }
  const pipeline = pipelineArgument(name, flags.pipeline);
  const connected = pipeline.ok ? await connectRunning(io, [], pipeline.value, flags.tlsCa) : pipeline;
  if (!connected.ok) {
    io.error(`flowctl attach: ${connected.error.message}`);
    return connected.error.exitCode;
  }
  const {client, state} = connected.value;
  const first = await client.status();
  if (!first.ok) {
    client.close();
    io.error(`flowctl attach: ${first.error.message}`);
    return EXIT_RUNTIME;
  }
  // Ink and React load only now: they are most of a cold start.
  const [{createRemoteTuiSource}, {runTui}] = await Promise.all([import('../tui/remote-source.js'), import('../tui/run.js')]);
  const source = createRemoteTuiSource({client, pipelineName: state.name, initialStatus: first.value});
  const result = await runTui({source, pipelineName: state.name, logDir: state.logDir, env: io.env});
  if (result.reason === 'error') {
    io.error(`flowctl attach: the terminal UI failed: ${result.error?.message ?? 'unknown error'}`);
    return EXIT_RUNTIME;
  }
  return EXIT_OK;
}
