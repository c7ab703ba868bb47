/**
 * D through the UI: print → the first frame that shows the line. D's lines carry their
 * print time (`"t":<epoch µs>`), which the UI's compact rendering shows as `t=<µs>` on the
 * line's row, after the line's marker (`@d0:123@`, in its message). Each frame the fake
 * terminal receives is searched for rows holding both; a line counts once, at the first
 * frame that shows it. Lines the UI never shows (at 10 000 lines/s a frame holds the newest
 * screenful only) are not in the figure: it says how stale what is on screen is.
 */
const SHOWN_LINE = /@([\w.-]+:\d+)@[^\n]*?\bt=(\d{13,17})\b/g;

export class FrameLatency {
  /** @type {Set<string>} */
  #seen = new Set();
  /** @type {number[]} */
  latenciesMs = [];

  /** Records the lines that the frame `text`, written at `nowUs` (epoch µs), shows for the first time. */
  frame(/** @type {string} */ text, /** @type {number} */ nowUs) {
    for (const [, marker, printedUs] of text.matchAll(SHOWN_LINE)) {
      if (marker === undefined || this.#seen.has(marker)) continue;
      this.#seen.add(marker);
      this.latenciesMs.push((nowUs - Number(printedUs)) / 1000);
    }
  }
}

/** Now as epoch microseconds, from the monotonic clock (what `performance.now()` measures). */
export function nowEpochUs() {
  return (performance.timeOrigin + performance.now()) * 1000;
}
