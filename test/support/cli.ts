import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach} from 'vitest';

/** The built CLI, as users run it (built by the global setup). */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process ended. */
  exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
  /** Polls until `predicate(stdout)` holds; rejects after `timeoutMs`. */
  waitForOutput(predicate: (stdout: string) => boolean, timeoutMs?: number): Promise<void>;
}

export function runCli(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO,
    env: {...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let errText = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errText += chunk));
  const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) =>
    child.on('close', (code, signal) => resolve({code, signal})),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => errText,
    exited,
    async waitForOutput(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(out)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for output; stdout so far:\n${out}\nstderr:\n${errText}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/**
 * A per-test scratch folder for a `flowctl up` run: `beforeEach` makes it, `afterEach` SIGKILLs a
 * run still going (a failed test must not leave a pipeline behind) and removes the folder.
 */
export function useUpScratch(prefix: string): {dir: () => string; track: (run: CliRun) => CliRun} {
  let dir = '';
  let up: CliRun | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
  });
  afterEach(async () => {
    if (up && up.child.exitCode === null) {
      up.child.kill('SIGKILL');
      await up.exited;
    }
    up = undefined;
    rmSync(dir, {recursive: true, force: true});
  });
  return {dir: () => dir, track: (run) => (up = run)};
}
