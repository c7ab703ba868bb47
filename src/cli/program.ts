import {createRequire} from 'node:module';
import {Command, CommanderError} from 'commander';
import {EXIT_USAGE} from './exit-codes.js';
import {upCommand} from './up.js';
import {logsCommand} from './logs.js';
import {statusCommand} from './status.js';
import {componentCommand, downCommand} from './lifecycle.js';
import {validateCommand} from './validate.js';
import {attachCommand} from './attach.js';

const require = createRequire(import.meta.url);
const {version} = require('../../package.json') as {version: string};

/** Builds the `flowctl` command tree. Each subcommand lives in its own module. */
export function buildProgram(): Command {
  const program = new Command('flowctl')
    .description('Run a data pipeline and see every component\'s logs in one live, filterable view.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({outputError: (text, write) => write(text)});
  program.addCommand(validateCommand());
  program.addCommand(upCommand());
  program.addCommand(logsCommand());
  program.addCommand(statusCommand());
  program.addCommand(downCommand());
  for (const action of ['restart', 'stop', 'start'] as const) program.addCommand(componentCommand(action));
  program.addCommand(attachCommand());
  return program;
}

/** Commander throws `CommanderError` for usage problems once `exitOverride` is on: map them to exit code 2. */
export function usageExitCode(error: unknown): number | undefined {
  if (!(error instanceof CommanderError)) return undefined;
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
  if (error.code === 'commander.help') return 0;
  return EXIT_USAGE;
}
