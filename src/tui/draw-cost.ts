/**
 * Time spent drawing frames (`drawFrame`: reading the visible rows, colouring and cutting
 * them), per controller, for the benchmark's figure of what rendering costs the supervisor.
 * Ink's own `renderTime` covers only its layout and output; this is the UI's part before it.
 */
const pending = new WeakMap<object, number>();

/** Runs `draw`, adding its duration to what `owner` spent since the last `takeDrawMs`. */
export function measureDraw<T>(owner: object, draw: () => T): T {
  const started = performance.now();
  try {
    return draw();
  } finally {
    pending.set(owner, (pending.get(owner) ?? 0) + performance.now() - started);
  }
}

/** Milliseconds `owner` spent drawing since the previous call. */
export function takeDrawMs(owner: object): number {
  const spent = pending.get(owner) ?? 0;
  pending.set(owner, 0);
  return spent;
}
