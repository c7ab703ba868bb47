import type {Command} from 'commander';
import {programShell} from './program-shell.js';
import {upCommand} from './up.js';
import {logsCommand} from './logs.js';
import {statusCommand} from './status.js';
import {componentCommand, downCommand} from './lifecycle.js';
import {validateCommand} from './validate.js';
import {attachCommand} from './attach.js';

export {usageExitCode} from './program-shell.js';

/** Builds the `flowctl` command tree. Each subcommand lives in its own module. */
export function buildProgram(): Command {
  const program = programShell();
  program.addCommand(validateCommand());
  program.addCommand(upCommand());
  program.addCommand(logsCommand());
  program.addCommand(statusCommand());
  program.addCommand(downCommand());
  for (const action of ['restart', 'stop', 'start'] as const) program.addCommand(componentCommand(action));
  program.addCommand(attachCommand());
  return program;
}
