/**
 * When the UI draws: a budget of one frame per `frameMs` (a token bucket holding at most one
 * frame). A key press draws at once, spending the budget ahead if it must; new log data
 * draws only when the budget allows, so the frames a key draws come out of the data frames
 * that follow it, and the frame rate (the render's CPU) under a flood stays what it was.
 * A data frame still waiting when a key (or the tick) draws is folded into that frame.
 *
 * Why here and not Ink's `maxFps`: Ink 6.8 throttles every render alike (leading and
 * trailing edges). Under a flood the data redraws keep its window open all the time, so a
 * key's frame always waited for the trailing edge, up to a whole interval, behind them.
 */
import type {Timers} from './ui-timers.js';

/** How far ahead keys may spend the budget (frames): a burst of keys still draws each one. */
const MAX_DEBT = 2;

export class FramePacer {
  /** Frames that may be drawn now (at most 1; negative: spent ahead by keys). */
  #budget = 1;
  #refilledAt: number | undefined;
  #pending: unknown;

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly frameMs: number,
    /** Draws a frame (it calls `drew`). */
    private readonly draw: () => void,
  ) {}

  /** Whether a data frame is waiting for its turn. */
  get pending(): boolean {
    return this.#pending !== undefined;
  }

  /** Something visible changed because of new data: draw when the budget allows. */
  dataChanged(): void {
    if (this.#pending !== undefined) return;
    this.#refill();
    const wait = this.#budget >= 1 ? 0 : Math.ceil((1 - this.#budget) * this.frameMs);
    this.#pending = this.timers.setTimeout(() => {
      this.#pending = undefined;
      this.draw();
    }, wait);
  }

  /** A frame is drawn now (a key, the tick, or a data frame): it spends one frame of the budget. */
  drew(): void {
    this.#refill();
    this.#budget = Math.max(-MAX_DEBT, this.#budget - 1);
    this.#cancel();
  }

  dispose(): void {
    this.#cancel();
  }

  #refill(): void {
    const now = this.now();
    // A clock that goes back (or a test's fixed one) adds nothing, and never takes away.
    const elapsed = this.#refilledAt === undefined ? 0 : Math.max(0, now - this.#refilledAt);
    this.#refilledAt = now;
    this.#budget = Math.min(1, this.#budget + elapsed / this.frameMs);
  }

  #cancel(): void {
    if (this.#pending === undefined) return;
    this.timers.clearTimeout(this.#pending);
    this.#pending = undefined;
  }
}
