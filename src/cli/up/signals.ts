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
 * A second signal this soon after the first is the same request delivered twice, not a
 * user pressing Ctrl+C again: `timeout`, process managers and `kill -- -pgid` signal both
 * the process and its group, which reach us back to back.
 */
export const REPEAT_WINDOW_MS = 300;

/** Installs the handlers; returns a function that removes them. */
export function handleStopSignals(source: SignalSource, requests: StopRequests, now: () => number = Date.now): () => void {
  let firstAt: number | undefined;
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = (): void => {
      if (firstAt === undefined) {
        firstAt = now();
        requests.graceful(signal);
      } else if (now() - firstAt >= REPEAT_WINDOW_MS) {
        requests.force(signal);
      }
    };
    source.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) source.off(signal, handler);
  };
}
