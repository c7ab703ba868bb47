#!/usr/bin/env node
import {buildProgram, usageExitCode} from './program.js';
import {EXIT_RUNTIME} from './exit-codes.js';

const program = buildProgram();
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
