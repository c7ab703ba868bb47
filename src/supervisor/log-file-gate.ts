/**
 * The component's log file as the capture path uses it: writes never drop, and when the
 * file reports backpressure every pipe feeding it is paused until it drains (the child then
 * blocks on write, as on a slow terminal). One gate per component, shared by its runs.
 *
 * An optional upstream gate (the history writer's backlog) can hold the same pipes too; a
 * pipe then reads again only once neither holds it, so one resuming never undoes the other.
 */
import type {ComponentLog} from '../logs/files.js';
import type {FlowGate, Pausable} from './capture.js';

/** The part of `ComponentLog` the gate needs. */
export type GatedFile = Pick<ComponentLog, 'write' | 'onDrain' | 'close'>;

export class LogFileGate implements FlowGate {
  readonly #file: GatedFile | undefined;
  readonly #upstream: FlowGate | undefined;
  readonly #targets = new Set<Pausable>();
  #blocked = false;
  #closed = false;

  /**
   * `file` undefined: logging to files is off (or the file could not be opened).
   * `upstream`: another holder of the same producers (the history's backpressure), if any.
   */
  constructor(file: GatedFile | undefined, upstream?: FlowGate) {
    this.#file = file;
    this.#upstream = upstream;
    file?.onDrain(() => {
      this.#blocked = false;
      for (const target of this.#targets) target.resume();
    });
  }

  /** Is the file holding its producers back right now? */
  get blocked(): boolean {
    return this.#blocked;
  }

  write(text: string): void {
    if (this.#file === undefined || this.#closed) return;
    if (!this.#file.write(text) && !this.#blocked) {
      this.#blocked = true;
      for (const target of this.#targets) target.pause();
    }
  }

  attach(target: Pausable): () => void {
    if (this.#upstream === undefined) return this.#attachToFile(target);
    const holds = jointHolds(target);
    const detachFile = this.#attachToFile(holds.as('file'));
    const detachUpstream = this.#upstream.attach(holds.as('upstream'));
    return () => {
      detachFile();
      detachUpstream();
    };
  }

  #attachToFile(target: Pausable): () => void {
    this.#targets.add(target);
    if (this.#blocked) target.pause();
    return () => this.#targets.delete(target);
  }

  /** Writes what is queued and closes; later writes are ignored (nothing runs any more). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#file?.close();
  }
}

/** Pauses `target` while any holder holds it; resumes it when the last one lets go. */
function jointHolds(target: Pausable): {as(holder: string): Pausable} {
  const held = new Set<string>();
  return {
    as: (holder) => ({
      pause: () => {
        if (held.has(holder)) return;
        held.add(holder);
        if (held.size === 1) target.pause();
      },
      resume: () => {
        if (!held.delete(holder)) return;
        if (held.size === 0) target.resume();
      },
    }),
  };
}
