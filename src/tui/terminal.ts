/**
 * The terminal modes the UI switches on, and their restoration on every way out: the normal
 * path, an error, a signal, and a crash (a synchronous `exit` handler, since nothing async
 * runs then). Ink 6.8 has no alternate-screen support, so it is done here, before Ink's first
 * frame, so Ink draws into the alternate buffer.
 */
import {writeSync} from 'node:fs';

/**
 * Alternate screen, cursor hidden, mouse reports in SGR form (wheel scrolls the logs; most
 * terminals still select text with Shift+drag).
 */
export const ENTER_SEQUENCE = '\x1b[?1049h\x1b[?25l\x1b[?1000h\x1b[?1006h';
/** The reverse, in reverse order: mouse off, cursor shown, main screen back. */
export const RESTORE_SEQUENCE = '\x1b[?1006l\x1b[?1000l\x1b[?25h\x1b[?1049l';

export interface TerminalStreams {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

export class TerminalSession {
  #active = false;
  readonly #exitHandler = (): void => this.restore();

  constructor(private readonly streams: TerminalStreams) {}

  get active(): boolean {
    return this.#active;
  }

  enter(): void {
    if (this.#active) return;
    this.#active = true;
    process.on('exit', this.#exitHandler);
    this.#write(ENTER_SEQUENCE);
  }

  /** Idempotent and synchronous, so it is safe in an `exit` handler. */
  restore(): void {
    if (!this.#active) return;
    this.#active = false;
    process.off('exit', this.#exitHandler);
    const {stdin} = this.streams;
    try {
      if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
    } catch {
      // stdin already closed: nothing to restore there.
    }
    this.#write(RESTORE_SEQUENCE);
  }

  #write(data: string): void {
    const {stdout} = this.streams;
    // A real tty: write synchronously, so the bytes are out even if the process exits next.
    const fd = (stdout as {fd?: unknown}).fd;
    if (typeof fd === 'number' && stdout.isTTY) {
      try {
        writeSync(fd, data);
        return;
      } catch {
        // fall through to the stream
      }
    }
    stdout.write(data);
  }
}

/** Colour unless NO_COLOR (any non-empty value), FORCE_COLOR=0, or a terminal without colours. */
export function colorEnabled(env: NodeJS.ProcessEnv, stdout: NodeJS.WriteStream): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '0') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return true;
  return typeof stdout.hasColors === 'function' ? stdout.hasColors(env) : true;
}
