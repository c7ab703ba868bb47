/**
 * `flowctl validate [file]`: the command definition. The check itself (`validate-check.ts`)
 * is imported when the command runs, so its YAML and schema dependencies stay off the start-up
 * path of every other command.
 */
import {Command} from 'commander';
import type {ValidateFlags, ValidateIo} from './validate-check.js';

export type {ValidateFlags, ValidateIo} from './validate-check.js';

const processIo = (): ValidateIo => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  stderrIsTTY: process.stderr.isTTY === true,
});

/** `flowctl validate`; add with `program.addCommand(validateCommand())`. */
export function validateCommand(io: () => ValidateIo = processIo): Command {
  return new Command('validate')
    .description('Check a pipeline file: schema, references, cycles, ports, variables. Prints the start order, or every problem with its line')
    .argument('[file]', 'pipeline file or folder (default: pipeline.yaml, then flow.yml)')
    .option('--json', 'print machine-readable diagnostics on stdout')
    .option('--no-color', 'no colours in diagnostics')
    .action(async (file: string | undefined, flags: ValidateFlags) => {
      const {runValidate} = await import('./validate-check.js');
      process.exitCode = await runValidate(file, flags, io());
    });
}

