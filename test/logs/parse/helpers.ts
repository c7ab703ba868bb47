/** Shared test plumbing: run lines through a real entry builder with a fake timer. */
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {ComponentLogging, LogFormat} from '../../../src/config/model.js';
import type {SplitLine} from '../../../src/logs/api.js';
import type {LogEntry} from '../../../src/logs/entry.js';
import {createEntryBuilder, type EntryBuilder, type PendingEntry} from '../../../src/logs/parse/index.js';

export const SAMPLES = fileURLToPath(new URL('../../../fixtures/samples/', import.meta.url));

/**
 * A sample file as the splitter would hand it over: one SplitLine per `\n`, the trailing
 * newline not producing a line, and a lone CR keeping what was drawn last (every redraw in
 * the samples is at least as long as the one before, so "text after the last CR" is exact).
 */
export function sampleLines(name: string): SplitLine[] {
  const text = readFileSync(SAMPLES + name, 'utf8');
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return lines.map((line) => ({text: line.slice(line.lastIndexOf('\r') + 1), truncated: false}));
}

export function lines(...texts: string[]): SplitLine[] {
  return texts.map((text) => ({text, truncated: false}));
}

/** A manual clock for the injected `setTimer`: `advance` fires what is due, in order. */
export class FakeTimers {
  now = 0;
  private timers: {at: number; fn: () => void; id: number}[] = [];
  private nextId = 0;

  setTimer = (fn: () => void, ms: number): (() => void) => {
    const id = this.nextId++;
    this.timers.push({at: this.now + ms, fn, id});
    return () => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
  };

  get pending(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.now = due.at;
      due.fn();
    }
    this.now = until;
  }
}

export interface Harness {
  builder: EntryBuilder;
  timers: FakeTimers;
  /** Every batch, in call order. */
  batches: PendingEntry[][];
  entries(): PendingEntry[];
}

export function harness(
  logging: Partial<Omit<ComponentLogging, 'multiline'>> & {multiline?: Partial<ComponentLogging['multiline']>} = {},
  restart: () => number = () => 0,
): Harness {
  const timers = new FakeTimers();
  const batches: PendingEntry[][] = [];
  const format: LogFormat = logging.format ?? 'auto';
  const builder = createEntryBuilder({
    componentId: 'comp',
    componentType: 'processor',
    logging: {
      level: logging.level,
      format,
      multiline: {enabled: logging.multiline?.enabled ?? true, windowMs: logging.multiline?.windowMs ?? 100},
    },
    restart,
    setTimer: timers.setTimer,
    onEntries: (entries) => batches.push(entries),
  });
  return {builder, timers, batches, entries: () => batches.flat()};
}

/**
 * Published entries as the builder makes them from `texts` (one line each, so each is marked
 * as parsed on its own), with seq 1, 2, … and run `r1`, received now unless told.
 */
export function lineEntries(format: LogFormat, texts: string[], runId = 'r1', receivedAt = Date.now()): LogEntry[] {
  const h = harness({format});
  h.builder.push('stderr', lines(...texts), receivedAt);
  h.builder.flush();
  return h.entries().map((pending, i) => Object.assign(pending, {seq: i + 1, runId}) as LogEntry);
}
