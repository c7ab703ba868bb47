/**
 * `flowctl down`, `restart ID`, `stop ID`, `start ID`: actions on a running pipeline from
 * another terminal, through its control plane. IDs are component ids (a pipeline name may
 * come first when several pipelines run, or use -p).
 */
import {Command} from 'commander';
import {scanStateFiles} from '../control/state-file.js';
import {EXIT_OK, EXIT_RUNTIME, EXIT_USAGE} from './exit-codes.js';
import {processIo, type CliIo} from './cli-io.js';
import {connectRunning, pipelineArgument} from './control-target.js';
import {withTlsCaOption} from './tls-ca.js';

type Action = 'restart' | 'stop' | 'start';

const DESCRIPTIONS: Record<Action, string> = {
  restart: 'Restart components of a running pipeline',
  stop: 'Stop components of a running pipeline (they stay stopped until `flowctl start`)',
  start: 'Start stopped components of a running pipeline',
};

/** `flowctl restart|stop|start IDS...`; add with `program.addCommand(componentCommand('restart'))`. */
export function componentCommand(action: Action, io: () => CliIo = processIo): Command {
  return withTlsCaOption(new Command(action))
    .description(DESCRIPTIONS[action])
    .argument('<ids...>', 'component ids')
    .option('-p, --pipeline <name>', 'the pipeline, when several run')
    .action(async (ids: string[], flags: {pipeline?: string; tlsCa?: string}) => {
      process.exitCode = await runComponentAction(action, ids, flags, io());
    });
}

/** `flowctl down`; add with `program.addCommand(downCommand())`. */
export function downCommand(io: () => CliIo = processIo): Command {
  return withTlsCaOption(new Command('down'))
    .description('Stop a running pipeline (graceful, in reverse dependency order) and wait until it is gone')
    .argument('[pipeline]', 'pipeline name (needed when several run)')
    .option('-p, --pipeline <name>', 'the pipeline, when several run')
    .option('--force', 'kill the components at once')
    .option('--timeout <seconds>', 'how long to wait for the pipeline to be gone', '120')
    .action(async (name: string | undefined, flags: {pipeline?: string; force?: boolean; timeout: string; tlsCa?: string}) => {
      process.exitCode = await runDown(name, flags, io());
    });
}

export async function runComponentAction(action: Action, ids: string[], flags: {pipeline?: string; tlsCa?: string}, io: CliIo): Promise<number> {
  const connected = await connectRunning(io, ids, flags.pipeline, flags.tlsCa);
  if (!connected.ok) {
    io.error(`flowctl ${action}: ${connected.error.message}`);
    return connected.error.exitCode;
  }
  const {client, components, state} = connected.value;
  if (components.length === 0) {
    io.error(`flowctl ${action}: name the component(s) of "${state.name}" to ${action} (${state.components.join(', ')})`);
    client.close();
    return EXIT_USAGE;
  }
  let code = EXIT_OK;
  try {
    for (const id of components) {
      const result = await client.component(action, id);
      if (result.ok) {
        io.stdout.write(`${result.value}\n`);
      } else {
        io.error(`flowctl ${action}: ${id}: ${result.error.message}`);
        code = EXIT_RUNTIME;
      }
    }
  } finally {
    client.close();
  }
  return code;
}

export async function runDown(name: string | undefined, flags: {pipeline?: string; force?: boolean; timeout?: string; tlsCa?: string}, io: CliIo): Promise<number> {
  const timeoutSeconds = Number(flags.timeout ?? '120');
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    io.error(`flowctl down: --timeout: "${flags.timeout}" is not a number of seconds > 0`);
    return EXIT_USAGE;
  }
  const pipeline = pipelineArgument(name, flags.pipeline);
  const connected = pipeline.ok ? await connectRunning(io, [], pipeline.value, flags.tlsCa) : pipeline;
  if (!connected.ok) {
    io.error(`flowctl down: ${connected.error.message}`);
    return connected.error.exitCode;
  }
  const {client, state} = connected.value;
  try {
    const result = await client.stopPipeline(flags.force === true);
    if (!result.ok) {
      io.error(`flowctl down: ${result.error.message}`);
      return EXIT_RUNTIME;
    }
    io.stdout.write(`${result.value}\n`);
  } finally {
    client.close();
  }
  // Gone = its state file is gone (removed on exit) or its pid is dead (cleaned as stale).
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    if (!scanStateFiles(io.stateDir).states.some((s) => s.pid === state.pid && s.name === state.name)) {
      io.stdout.write(`pipeline ${state.name} stopped\n`);
      return EXIT_OK;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  io.error(`flowctl down: pipeline "${state.name}" (pid ${state.pid}) is still stopping after ${timeoutSeconds} s; try \`flowctl down --force\``);
  return EXIT_RUNTIME;
}
