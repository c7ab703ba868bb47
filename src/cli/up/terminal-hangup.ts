/**
 * A terminal that goes away under `flowctl up` (its window closed, an SSH link dropped) must
 * stop the pipeline gracefully, as SIGHUP does, and flowctl must then exit without crashing.
 *
 * Closing a terminal signals the session leader (the shell) only; flowctl hears SIGHUP when
 * the shell passes it on, which it may not do (`trap '' HUP`, `nohup`-like wrappers, tmux
 * killed). What flowctl always sees is EIO on its next write to the terminal: the kernel
 * answers every operation on a hung-up terminal with EIO. So an EIO on a terminal stream is
 * taken as the hangup it is and raised as SIGHUP, through the same handlers (`up`'s stop
 * and the terminal UI's quit). Without a handler, that EIO was an unhandled 'error' event.
 *
 * At exit, Node 20 restores the terminal modes of fds 0–2 it saw as terminals at start-up
 * (`ResetStdio`) and aborts when that fails, which it always does on a hung-up terminal
 * (nodejs/node#51519, fixed in Node 24 by nodejs/node#58200). `ResetStdio` skips an fd that
 * no longer refers to the same file, so `release()` puts /dev/null in place of each hung-up
 * one: nothing can be shown there any more anyway.
 */
import {closeSync, openSync} from 'node:fs';
import type {Readable, Writable} from 'node:stream';
import {isatty} from 'node:tty';

export interface TerminalWorld {
  /** `tty.isatty`: false on a hung-up terminal (every ioctl on it fails with EIO). */
  isatty(fd: number): boolean;
  /** Delivers SIGHUP to this process (`process.kill(process.pid, 'SIGHUP')`). */
  raiseHangup(): void;
  /** Makes `fd` refer to /dev/null. */
  replaceWithNull(fd: number): void;
}

export interface TerminalWatch {
  /** A terminal flowctl writes to hung up (seen by EIO, or by the check in `release`). */
  readonly hungUp: boolean;
  /** Is `error` the hangup of a terminal on `fd`? Raises SIGHUP the first time it is. */
  failed(fd: number, error: NodeJS.ErrnoException): boolean;
  /** Can `fd` still show anything (not a terminal that hung up)? */
  usable(fd: number): boolean;
  /** Before exit: each stdio fd that was a terminal and hung up now refers to /dev/null. */
  release(): void;
}

export const processTerminal: TerminalWorld = {
  isatty,
  raiseHangup: () => process.kill(process.pid, 'SIGHUP'),
  replaceWithNull(fd) {
    // The lowest free descriptor is the one just closed. Only at exit, when nothing else
    // opens files (the history, the control plane and every log file are closed by then).
    closeSync(fd);
    const opened = openSync('/dev/null', 'r+');
    if (opened !== fd) closeSync(opened);
  },
};

const STDIO = [0, 1, 2] as const;

/** Call at start-up, before anything could have hung up: remembers which stdio fds are terminals. */
export function watchTerminal(world: TerminalWorld = processTerminal): TerminalWatch {
  const terminals = new Set<number>(STDIO.filter((fd) => world.isatty(fd)));
  let hungUp = false;
  return {
    get hungUp() {
      return hungUp;
    },
    failed(fd, error) {
      // EIO alone could also be a background job's write; a hung-up terminal fails isatty too.
      if (error.code !== 'EIO' || !terminals.has(fd) || world.isatty(fd)) return false;
      if (!hungUp) {
        hungUp = true;
        world.raiseHangup();
      }
      return true;
    },
    usable: (fd) => !(hungUp && terminals.has(fd)),
    release() {
      for (const fd of terminals) {
        if (world.isatty(fd)) continue;
        hungUp = true;
        try {
          world.replaceWithNull(fd);
        } catch {
          // Already closed: ResetStdio skips a closed descriptor too.
        }
      }
    },
  };
}

/**
 * Every error of `stream` (stdin, stdout or stderr) handled: a hangup raises SIGHUP once;
 * anything else (EPIPE from a reader that left) is final for that stream and silent, since
 * stderr is where it would be said. Returns whether the stream still works.
 */
export function guardStream(stream: Readable | Writable, fd: number, watch: TerminalWatch): () => boolean {
  let working = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    working = false;
    watch.failed(fd, error);
  });
  return () => working && watch.usable(fd);
}
