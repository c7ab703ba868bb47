/**
 * What the console view did not show, per component, and where those lines are instead:
 * "… 12 034 lines not shown (too slow: a 8 000, b 4 034), see logs/a.log, logs/b.log".
 * A count means entries (one printed line each, or a grouped event such as a stack trace).
 */
import {statSync} from 'node:fs';
import path from 'node:path';
import type {LogEntry} from '../../logs/entry.js';
import {droppedByComponent} from '../../logs/hub-subscriber.js';
import {PIPELINE_PREFIX} from '../../logs/render.js';
import {formatCount} from '../../logs/rate-limit.js';

/** Is this a hub drop marker (`fields.flowctl === 'dropped'`)? */
export function isDropMarker(entry: LogEntry): boolean {
  return entry.stream === 'control' && entry.fields.flowctl === 'dropped';
}

export class NotShown {
  /** Per component id (`''`: flowctl's own notes, which have no file). */
  readonly #counts = new Map<string, number>();
  /** Counted without knowing whose (a marker without a per-component breakdown). */
  #unattributed = 0;

  /** `order`: component ids in declaration order, the order they are listed in. */
  constructor(private readonly order: readonly string[] = []) {}

  get total(): number {
    let total = this.#unattributed;
    for (const count of this.#counts.values()) total += count;
    return total;
  }

  /** An entry that was not shown; a drop marker stands for the entries it announces. */
  add(entry: LogEntry): void {
    if (!isDropMarker(entry)) {
      this.#addTo(entry.componentId, 1);
      return;
    }
    const byComponent = droppedByComponent(entry.fields);
    let attributed = 0;
    for (const [id, count] of byComponent) {
      this.#addTo(id, count);
      attributed += count;
    }
    this.#unattributed += Math.max(0, Number(entry.fields.count ?? 0) - attributed);
  }

  /**
   * `12 034 lines not shown (too slow: a 8 000, b 4 034), see logs/a.log, logs/b.log`;
   * `reason` goes first in the parentheses. `logDir` is shown relative to the working folder.
   * `rotated(id)`: that component's files rotated during this run (`rotatedSince`), named
   * too, since the lines not shown may be in them: `see logs/p1.log (and rotated logs/p1.log.1)`.
   */
  describe(reason: string | undefined, logDir: string, rotated: (id: string) => readonly string[] = () => []): string {
    const total = this.total;
    const rank = (id: string): number => (id === '' ? Infinity : this.order.indexOf(id) >>> 0);
    const counts = [...this.#counts].sort(([a], [b]) => rank(a) - rank(b));
    // One component alone needs no breakdown: its file is named after it.
    const breakdown = counts.length > 1 || this.#counts.has('')
      ? counts.map(([id, count]) => `${id || PIPELINE_PREFIX} ${formatCount(count)}`).join(', ')
      : '';
    const inside = [reason ?? '', breakdown].filter((part) => part !== '').join(': ');
    const relative = path.relative(process.cwd(), logDir) || '.';
    const files = counts
      .map(([id]) => id)
      .filter((id) => id !== '')
      .map((id) => path.join(relative, `${id}.log`) + rotatedNote(rotated(id).map((name) => path.join(relative, name))));
    // Whose lines a marker stood for is not known: they are all in the folder.
    if (this.#unattributed > 0) files.push(`${relative}${path.sep}`);
    const lines = `${formatCount(total)} ${total === 1 ? 'line' : 'lines'} not shown`;
    return `${lines}${inside === '' ? '' : ` (${inside})`}${files.length === 0 ? '' : `, see ${files.join(', ')}`}`;
  }

  #addTo(id: string, count: number): void {
    if (count > 0) this.#counts.set(id, (this.#counts.get(id) ?? 0) + count);
  }
}

/** ` (and rotated logs/a.log.1 … logs/a.log.4)`, newest first; '' for none. */
function rotatedNote(files: readonly string[]): string {
  if (files.length === 0) return '';
  const list = files.length <= 2 ? files.join(', ') : `${files[0] ?? ''} … ${files[files.length - 1] ?? ''}`;
  return ` (and rotated ${list})`;
}

/**
 * The names of `<id>.log.1`, `.2` … in `logDir` written since `since` (epoch ms): the files
 * size rotation made during this run (a 150 000-line burst fills several 10 MB files), which
 * hold this run's older lines. Rotation numbers them newest first, so the scan stops at the
 * first missing or older file: the previous run's file (rotated when this run started) was
 * last written before it.
 */
/**
 * File times come from the kernel's coarse clock, up to a tick (10 ms at HZ=100) behind
 * `Date.now()`: a file written just after `since` can read as older. A previous run cannot
 * have written its file that close to this one's start (Node alone takes longer to start).
 */
const FILE_CLOCK_LAG_MS = 20;

export function rotatedSince(logDir: string, id: string, since: number): string[] {
  const names: string[] = [];
  for (let index = 1; ; index++) {
    const name = `${id}.log.${index}`;
    let modified: number;
    try {
      modified = statSync(path.join(logDir, name)).mtimeMs;
    } catch {
      break;
    }
    if (modified < since - FILE_CLOCK_LAG_MS) break;
    names.push(name);
  }
  return names;
}

/** A writer that can tell how much of the text in flight reached its reader (`PipeWriter`). */
export interface ReportsProgress {
  /** Bytes of the text currently in flight that were written, 0 when none is in flight. */
  readonly inFlightWritten: number;
}

export function reportsProgress(out: object): out is ReportsProgress {
  return typeof (out as Partial<ReportsProgress>).inFlightWritten === 'number';
}

interface Written {
  /** The entries rendered into `text`, in order, each as one `render(entry) + '\n'`. */
  entries: LogEntry[];
  text: string;
}

/**
 * The batches handed to the output whose write has not completed yet, oldest first: what a
 * reader that stopped reading has not got. Writes complete in order, so each completion
 * removes the oldest.
 */
export class WriteLedger {
  #written: Written[] = [];

  add(entries: LogEntry[], text: string): void {
    this.#written.push({entries, text});
  }

  completed(): void {
    this.#written.shift();
  }

  /**
   * Tallies into `notShown` every entry whose line did not reach the reader whole, given
   * how many bytes of the pending text did (`undefined`: not known, taken as none). Returns
   * whether a line was cut part-way (`undefined`: not known).
   */
  settle(written: number | undefined, render: (entry: LogEntry) => string, notShown: NotShown): boolean | undefined {
    let remaining = written ?? 0;
    let cut = false;
    for (const {entries, text} of this.#written) {
      const size = remaining > 0 ? Buffer.byteLength(text) : Infinity;
      if (remaining >= size) {
        remaining -= size;
        continue;
      }
      for (const entry of entries) {
        const lineSize = remaining > 0 ? Buffer.byteLength(render(entry)) + 1 : Infinity;
        if (remaining >= lineSize) {
          remaining -= lineSize;
          continue;
        }
        if (remaining > 0) cut = true;
        remaining = 0;
        notShown.add(entry);
      }
    }
    const unknown = written === undefined && this.#written.length > 0;
    this.#written = [];
    return unknown ? undefined : cut;
  }
}
