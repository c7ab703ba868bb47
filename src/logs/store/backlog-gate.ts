/**
 * Backpressure from the history writer to whoever produces log lines. The writer reports
 * its backlog (entries appended, not yet committed); past the high-water mark every
 * attached producer is paused, and once the backlog is back under the low-water mark they
 * resume. Attached to a component's pipes (see the supervisor's `LogFileGate`), this makes
 * a history that cannot keep up slow the children down exactly as a slow disk or terminal
 * does, instead of dropping what it cannot save or holding it in memory without bound.
 *
 * The two marks are apart on purpose: resuming at the same level that pauses would flip
 * the pipes on every commit, and a low mark well above zero keeps the writer fed while the
 * children refill their pipes.
 *
 * Structurally the supervisor's `FlowGate` (`logs/` must not import `supervisor/`).
 */

/** Something that can be told to stop producing for a while (the two pipes of a run). */
export interface Pausable {
  pause(): void;
  resume(): void;
}

export interface WaterMarks {
  /** Backlog (entries) at or above which producers are paused. */
  high: number;
  /** Backlog at or below which paused producers resume; below `high`. */
  low: number;
}

/**
 * Default marks: a few transactions' worth, so the writer commits in large batches while
 * memory stays bounded. The backlog is what piles up while SQLite checkpoints its WAL, so its
 * memory is a peak that can come with every checkpoint: 40 000 entries are ~10 MB of packed
 * entries, 20 000 half that, with the same wall time (A at 4×: 11.0–11.7 s, alternating runs).
 */
export const DEFAULT_WATER_MARKS: WaterMarks = {high: 20_000, low: 5_000};

export class BacklogGate {
  readonly #targets = new Set<Pausable>();
  readonly #marks: WaterMarks;
  #holding = false;
  #open = false;
  #pauses = 0;

  constructor(marks: WaterMarks = DEFAULT_WATER_MARKS) {
    if (!(marks.low >= 0 && marks.low < marks.high)) {
      throw new Error(`Internal error: backlog water marks need 0 ≤ low < high, got low ${marks.low}, high ${marks.high}`);
    }
    this.#marks = marks;
  }

  /** Are the producers held back right now? */
  get holding(): boolean {
    return this.#holding;
  }

  /** How many times the producers were paused so far (for status and tests). */
  get pauses(): number {
    return this.#pauses;
  }

  /** Registers a producer (paused at once if the gate holds); returns the unregister function. */
  attach(target: Pausable): () => void {
    this.#targets.add(target);
    if (this.#holding) target.pause();
    return () => {
      this.#targets.delete(target);
    };
  }

  /** The writer's backlog changed. */
  update(backlog: number): void {
    if (this.#open) return;
    if (!this.#holding && backlog >= this.#marks.high) {
      this.#holding = true;
      this.#pauses += 1;
      for (const target of this.#targets) target.pause();
    } else if (this.#holding && backlog <= this.#marks.low) {
      this.#release();
    }
  }

  /**
   * Opens the gate for good: the writer is gone or closing, so waiting for it would block
   * the children forever. What is appended from now on is counted as dropped by the writer.
   */
  openForGood(): void {
    this.#open = true;
    if (this.#holding) this.#release();
  }

  #release(): void {
    this.#holding = false;
    for (const target of [...this.#targets]) target.resume();
  }
}
