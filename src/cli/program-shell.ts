/**
 * The `flowctl` root command without its subcommands: name, description, version, error
 * output. Shared by the full program (`program.ts`) and the fast path in `main.ts` that adds
 * only the subcommand being run, so neither can drift from the other.
 */
import {createRequire} from 'node:module';
import {Command, CommanderError} from 'commander';
import {EXIT_USAGE} from './exit-codes.js';

const require = createRequire(import.meta.url);
const {version} = require('../../package.json') as {version: string};

/** The configured root command; add the subcommands with `addCommand`. */
export function programShell(): Command {
  return new Command('flowctl')
    .description('Run a data pipeline and see every component\'s logs in one live, filterable view.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({outputError: (text, write) => write(text)});
}

/** Commander throws `CommanderError` for usage problems once `exitOverride` is on: map them to exit code 2. */
export function usageExitCode(error: unknown): number | undefined {
  if (!(error instanceof CommanderError)) return undefined;
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
  if (error.code === 'commander.help') return 0;
  return EXIT_USAGE;
}
