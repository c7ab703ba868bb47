/**
 * Ctrl+C, SIGINT, SIGTERM and SIGHUP stop the pipeline gracefully; a second one kills at once.
 *
 * Children run in their own process groups (so a terminal's Ctrl+C does not reach them
 * directly and the stop can be ordered), which means flowctl must forward the intent itself.
 * SIGHUP matters because a closed terminal sends it to the foreground group only: detached
 * children would never hear it.
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export interface SignalSource {
  on(event: StopSignal, listener: () => void): unknown;
  off(event: StopSignal, listener: () => void): unknown;
}

export interface StopRequests {
  /** First request: graceful. */
  graceful(signal: StopSignal): void;
  /** Second request while stopping: kill everything now. */
  force(signal: StopSignal): void;
}

/**
 * A signal this soon after the previous one was handled is the same request delivered twice,
 * not a user pressing Ctrl+C again. Duplicates come back to back: `timeout` signals the process
 * and then its group in consecutive syscalls (microseconds apart), `kill -- -pgid` plus a
 * direct kill likewise, and `npm start` forwards the terminal's SIGINT to its child from its
 * own handler a few milliseconds after the terminal delivered it to the whole group. A person
 * cannot press Ctrl+C twice that fast: even a deliberate double press is about 100 ms or more
 * between key presses, so 50 ms keeps every second press and drops the echoes. (Node exposes
 * no `siginfo`, so the sender cannot be told apart otherwise.)
 *
 * Measured from the end of the previous handler, not its start: a handler that takes a while
 * (stopping the first component) must not make an echo queued behind it look like a new press.
 */
export const REPEAT_WINDOW_MS = 50;

/**
 * SIGHUP is a terminal that went away, and it goes away once: the kernel signals the shell,
 * the shell passes it on, flowctl raises it itself on the terminal's EIO (terminal-hangup.ts),
 * seconds apart on a loaded machine. None of those is a person asking to skip the grace
 * period, so a repeated SIGHUP never kills at once (it did, and the components lost their
 * last lines).
 */
const ONCE_ONLY: ReadonlySet<StopSignal> = new Set(['SIGHUP']);

/** Installs the handlers; returns a function that removes them. */
export function handleStopSignals(source: SignalSource, requests: StopRequests, now: () => number = Date.now): () => void {
  let handledAt: number | undefined;
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = (): void => {
      if (handledAt === undefined) requests.graceful(signal);
      else if (ONCE_ONLY.has(signal)) return;
      else if (now() - handledAt >= REPEAT_WINDOW_MS) requests.force(signal);
      else return; // an echo of the request just handled
      handledAt = now();
    };
    source.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) source.off(signal, handler);
  };
}

/** What the first stop request says: what happens, and exactly how to skip the wait. */
export function gracefulStopNote(signal: StopSignal, pipelineName: string): string {
  const again = signal === 'SIGINT' ? 'press Ctrl+C again' : signal === 'SIGHUP' ? 'send SIGTERM' : `send ${signal} again`;
  return `${signal} received: stopping ${pipelineName} gracefully; ${again} to kill everything at once`;
}
