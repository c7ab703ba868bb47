/**
 * No orphans when the supervisor itself dies. Two layers, because each covers what the other
 * cannot (tech.md §2.3, measured):
 * - a synchronous `process.on('exit')` handler SIGKILLs every group still registered: covers
 *   `process.exit()`, an uncaught exception and the end of the event loop (execa's own
 *   `cleanup` is disabled for detached children);
 * - the reaper (`reaper-script.ts`), a separate detached process reading a pipe from us: covers
 *   SIGKILL and the OOM killer, where no code of ours runs. When the pipe breaks without a
 *   `bye`, it TERMs then KILLs every group it was told about.
 * Both also kill every process carrying the supervisor's run mark (`run-mark.ts`): a setsid
 * grandchild no scan has seen yet, whose group neither of them was told about.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {err, ok, type Result} from '../util/result.js';
import {REAPER_SCRIPT} from './reaper-script.js';
import {killMarkedNow} from './run-mark.js';

export interface OrphanGuardOptions {
  /** The POSIX shell that runs the reaper script (default `/bin/sh`). */
  shell?: string;
  /** How long the reaper waits between SIGTERM and SIGKILL. */
  reaperGraceMs?: number;
  /** The run mark name every component's environment carries; its processes die with flowctl. */
  runMark?: string;
}

export class OrphanGuard {
  readonly #groups = new Set<number>();
  readonly #options: OrphanGuardOptions;
  #reaper: ChildProcess | undefined;
  #released = false;
  readonly #onExit = (): void => this.killAllNow();

  constructor(options: OrphanGuardOptions = {}) {
    this.#options = options;
  }

  /** Starts the reaper and waits until it reads its pipe. */
  async startReaper(): Promise<Result<number, string>> {
    if (this.#reaper) return ok(this.#reaper.pid ?? -1);
    // `$0` names the process in `ps`: `sh -c … flowctl-reaper`.
    const child = spawn(this.#options.shell ?? '/bin/sh', ['-c', REAPER_SCRIPT, 'flowctl-reaper'], {
      // Own session: Ctrl+C, SIGHUP of the terminal and group kills aimed at flowctl miss it.
      detached: true,
      stdio: ['pipe', 'pipe', 'ignore'],
      // The mark's name only, never `<name>=`: the reaper's own environment must not match it.
      env: {...process.env, REAPER_GRACE_MS: String(this.#options.reaperGraceMs ?? 2000), REAPER_MARK: this.#options.runMark ?? ''},
    });
    this.#reaper = child;
    const ready = await new Promise<Result<number, string>>((resolveReady) => {
      child.once('error', (error) => resolveReady(err(`cannot start the reaper process: ${error.message}`)));
      child.once('exit', (code) => resolveReady(err(`the reaper process exited early (code ${String(code)})`)));
      child.stdout?.once('data', () => resolveReady(ok(child.pid ?? -1)));
    });
    child.stdout?.destroy();
    if (!ready.ok) {
      this.#reaper = undefined;
      return ready;
    }
    // Neither the reaper nor its pipe may keep flowctl's event loop alive.
    child.unref();
    (child.stdin as unknown as {unref?: () => void} | null)?.unref?.();
    child.stdin?.on('error', () => undefined);
    for (const pgid of this.#groups) this.#send(`+${pgid}`);
    return ready;
  }

  /** Pid of the reaper, for tests. */
  get reaperPid(): number | undefined {
    return this.#reaper?.pid;
  }

  add(pgid: number): void {
    if (this.#groups.has(pgid)) return;
    this.#groups.add(pgid);
    this.#send(`+${pgid}`);
  }

  remove(pgid: number): void {
    if (!this.#groups.delete(pgid)) return;
    this.#send(`-${pgid}`);
  }

  get groups(): ReadonlySet<number> {
    return this.#groups;
  }

  installExitHandler(): void {
    process.on('exit', this.#onExit);
  }

  removeExitHandler(): void {
    process.off('exit', this.#onExit);
  }

  /** Synchronous SIGKILL of every registered group and marked process (safe inside an `exit` handler). */
  killAllNow(): void {
    for (const pgid of this.#groups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    if (this.#options.runMark !== undefined) killMarkedNow(this.#options.runMark);
  }

  /** Clean end: tell the reaper not to kill anything, and let it exit. */
  release(): void {
    if (this.#released) return;
    this.#send('bye');
    this.#released = true;
    this.#reaper?.stdin?.end();
    this.#reaper = undefined;
  }

  #send(line: string): void {
    const stdin = this.#reaper?.stdin;
    if (stdin && !stdin.destroyed && !this.#released) stdin.write(`${line}\n`);
  }
}
