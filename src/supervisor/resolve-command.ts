/**
 * Checks, before spawning, that a component's program can be run, so the user reads
 * `cannot start: command not found: foo` instead of a bare `spawn foo ENOENT` (which Node
 * also reports when the *working directory* is missing, a confusing overlap).
 */
import {accessSync, constants, statSync} from 'node:fs';
import {delimiter, isAbsolute, join, resolve} from 'node:path';
import {err, ok, type Result} from '../util/result.js';

/** Exit codes a shell uses for the same failures; used as the component's exit code. */
export const EXIT_NOT_FOUND = 127;
export const EXIT_NOT_EXECUTABLE = 126;

export interface CommandProblem {
  message: string;
  exitCode: number;
}

/**
 * Resolves `program` as `execvp` would (a name with a `/` relative to `cwd`, else each PATH
 * entry in turn) and checks that it is an executable regular file and that `cwd` exists.
 */
export function resolveCommand(program: string, cwd: string, pathVariable: string | undefined): Result<string, CommandProblem> {
  if (!isDirectory(cwd)) {
    return err({message: `working directory does not exist: ${cwd}`, exitCode: EXIT_NOT_FOUND});
  }
  if (program === '') return err({message: 'command is empty', exitCode: EXIT_NOT_FOUND});
  if (program.includes('/')) {
    const file = isAbsolute(program) ? program : resolve(cwd, program);
    return checkExecutable(program, file);
  }
  let lastProblem: CommandProblem | undefined;
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(isAbsolute(dir) ? dir : resolve(cwd, dir), program);
    const checked = checkExecutable(program, file);
    if (checked.ok) return checked;
    // A PATH entry with a non-executable file of that name is skipped by execvp too, but it
    // is the better hint if nothing else matches.
    if (checked.error.exitCode === EXIT_NOT_EXECUTABLE) lastProblem ??= checked.error;
  }
  return err(lastProblem ?? {message: `command not found: ${program}`, exitCode: EXIT_NOT_FOUND});
}

function checkExecutable(program: string, file: string): Result<string, CommandProblem> {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return err({message: `command not found: ${program}`, exitCode: EXIT_NOT_FOUND});
  }
  if (stats.isDirectory()) {
    return err({message: `not executable: ${program} is a directory`, exitCode: EXIT_NOT_EXECUTABLE});
  }
  try {
    accessSync(file, constants.X_OK);
  } catch {
    return err({
      message: `not executable: ${program} (permission denied; chmod +x ${file})`,
      exitCode: EXIT_NOT_EXECUTABLE,
    });
  }
  return ok(file);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
