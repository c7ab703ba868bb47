/**
 * A real terminal for end-to-end tests: tmux runs the program in a detached session of a
 * fixed size; keys go in with `send-keys`, the screen comes back with `capture-pane`.
 *
 * Each session has a tmux server of its own (`-L`), killed with it: test files running in
 * parallel never share a server, so one ending (the server exits with its last session)
 * cannot race another one starting, and nothing is left behind in the user's default server.
 */
import {execFileSync} from 'node:child_process';

export interface TmuxSession {
  name: string;
  /** The visible screen, one string. */
  screen(): string;
  /** A pane format variable: `alternate_on`, `cursor_flag`, … */
  flag(name: string): string;
  /** Each argument is one key (tmux key names: Escape, Enter, PageUp, C-c …). */
  send(...keys: string[]): void;
  /** Literal text, typed as is. */
  type(text: string): void;
  /** Polls the screen until `check` holds; the error shows the screen. */
  until(check: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** Resizes the window (what a user dragging the terminal does). */
  resize(columns: number, rows: number): void;
  kill(): void;
}

let started = 0;

export function startTmux(prefix: string, command: string, size = {columns: 120, rows: 40}): TmuxSession {
  const name = `${prefix}-${process.pid}-${Date.now()}-${started++}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', name, ...args], {encoding: 'utf8'});
  tmux('new-session', '-d', '-s', name, '-x', String(size.columns), '-y', String(size.rows), command);
  const screen = (): string => tmux('capture-pane', '-p', '-t', name);
  return {
    name,
    screen,
    flag: (flag) => tmux('display-message', '-p', '-t', name, `#{${flag}}`).trim(),
    send: (...keys) => {
      for (const key of keys) tmux('send-keys', '-t', name, key);
    },
    type: (text) => void tmux('send-keys', '-t', name, '-l', text),
    async until(check, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if (check(text)) return text;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    resize: (columns, rows) => void tmux('resize-window', '-t', name, '-x', String(columns), '-y', String(rows)),
    kill: () => {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    },
  };
}
