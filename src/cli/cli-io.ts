/** What the small control-plane commands touch of the world, injectable for tests. */
import type {Writable} from 'node:stream';
import {stateDir} from '../control/state-file.js';

export interface CliIo {
  stdout: Writable & {isTTY?: boolean};
  /** One message line (no trailing newline needed). */
  error(message: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stateDir: string;
  /** Calls `handler` on SIGINT/SIGTERM; returns the unsubscribe function. */
  onInterrupt(handler: () => void): () => void;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    error: (message) => process.stderr.write(`${message}\n`),
    env: process.env,
    cwd: process.cwd(),
    stateDir: stateDir(),
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}
