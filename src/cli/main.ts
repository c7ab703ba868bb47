#!/usr/bin/env node
import type {Command} from 'commander';
import {programShell, usageExitCode} from './program-shell.js';
import {EXIT_RUNTIME} from './exit-codes.js';

/**
 * `flowctl logs …` is what a user waits on most (a query's first line): it gets a root with
 * only its own subcommand, so the modules of the other commands are never loaded. Everything
 * else (other commands, `--help`, a misspelt command's suggestion) gets the full tree.
 */
async function programFor(argv: readonly string[]): Promise<Command> {
  if (argv[2] === 'logs') {
    const {logsCommand} = await import('./logs.js');
    return programShell().addCommand(logsCommand());
  }
  const {buildProgram} = await import('./program.js');
  return buildProgram();
}

const program = await programFor(process.argv);
program.exitOverride();
for (const command of program.commands) command.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = usageExitCode(error);
  if (code !== undefined) {
    process.exitCode = code;
  } else {
    // A bug, not an expected failure: expected failures are reported by the commands themselves.
    console.error(`flowctl: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = EXIT_RUNTIME;
  }
}
