/**
 * Durations as users write them in pipeline files and flags: `500ms`, `10s`, `1m30s`,
 * `2h`, `1d`, or a bare number of seconds (docker compose's habit). Returns milliseconds,
 * or undefined when the text is not a duration, so callers can say where it was wrong.
 */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * The longest delay a Node.js timer takes: 2^31-1 ms (~24.8 days). Past it setTimeout prints a
 * TimeoutOverflowWarning and fires after 1 ms instead.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/y;

export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text * 1000 : undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  let total = 0;
  PART.lastIndex = 0;
  let consumed = 0;
  while (consumed < trimmed.length) {
    PART.lastIndex = consumed;
    const match = PART.exec(trimmed);
    if (!match) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
    consumed = PART.lastIndex;
  }
  return Number.isFinite(total) ? total : undefined;
}

/** `1500` → `1.5 s`, `120000` → `2 min`: for messages like "restarting in 2 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  return `${Number((ms / 3_600_000).toFixed(1))} h`;
}

/** `2147483647` → `24d20h31m23s`: whole seconds, written the way pipeline files write durations. */
export function durationText(ms: number): string {
  let seconds = Math.floor(ms / 1000);
  let text = '';
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60]] as const) {
    const count = Math.floor(seconds / size);
    if (count > 0) text += `${count}${unit}`;
    seconds -= count * size;
  }
  return seconds > 0 || text === '' ? `${text}${seconds}s` : text;
}
