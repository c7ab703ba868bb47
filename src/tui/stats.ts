/**
 * Per-component lines per second, sampled once a second from the status counters, and the
 * tiny sparkline the component list draws from them.
 */
const BARS = '▁▂▃▄▅▆▇█';

/** The last `size` per-second rates of every component. */
export class RateHistory {
  readonly #size: number;
  readonly #last = new Map<string, {lines: number; at: number}>();
  readonly #rates = new Map<string, number[]>();

  constructor(size = 8) {
    this.#size = size;
  }

  /** Records the counters at `now`; the first sample of a component only sets its base. */
  sample(counters: readonly {id: string; lines: number}[], now: number): void {
    for (const {id, lines} of counters) {
      const last = this.#last.get(id);
      this.#last.set(id, {lines, at: now});
      if (last === undefined || now <= last.at) continue;
      const rate = Math.max(0, ((lines - last.lines) * 1000) / (now - last.at));
      const rates = this.#rates.get(id) ?? [];
      rates.push(rate);
      if (rates.length > this.#size) rates.shift();
      this.#rates.set(id, rates);
    }
  }

  rates(id: string): readonly number[] {
    return this.#rates.get(id) ?? [];
  }

  /** The latest rate, 0 before two samples. */
  current(id: string): number {
    const rates = this.rates(id);
    return rates[rates.length - 1] ?? 0;
  }
}

/** Bars scaled to the window's own maximum, left-padded with spaces to `width`. */
export function sparkline(rates: readonly number[], width: number): string {
  const shown = rates.slice(-width);
  const max = Math.max(0, ...shown);
  const bars = shown.map((rate) => (max === 0 ? BARS[0] : BARS[Math.min(BARS.length - 1, Math.floor((rate / max) * (BARS.length - 1)))]));
  return bars.join('').padStart(width, ' ');
}

/** `950`, `12k`, `1.2M`: rates in four columns. */
export function compactCount(value: number): string {
  if (value < 1000) return String(Math.round(value));
  if (value < 10_000) return `${(value / 1000).toFixed(1)}k`;
  if (value < 1_000_000) return `${Math.round(value / 1000)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}

/** `42s`, `5m03s`, `2h10m`, `3d4h`: uptime in at most six columns. */
export function compactUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d${Math.floor((s % 86_400) / 3600)}h`;
}
