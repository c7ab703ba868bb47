/**
 * A history store that finds some of its pages damaged answers the rest, with a marker entry
 * (stream `control`, `fields.flowctl: history-damaged`, see logs/store/paging.ts) where
 * entries are missing. `flowctl logs` prints the markers where they are, and — as for a
 * history that cannot be read at all — ends with the sentence on stderr and exit 1, so a
 * script never takes a partial answer for a whole one.
 */
import type {LogEntry} from '../logs/entry.js';

/** `fields.flowctl` of the store's damage markers. */
const HISTORY_DAMAGED = 'history-damaged';

export class DamageWatch {
  /** Markers seen: parts of the history that could not be read. */
  parts = 0;

  /** The same batches, counting the damage markers among them. */
  async *watch(batches: AsyncIterable<LogEntry[]>): AsyncGenerator<LogEntry[]> {
    for await (const batch of batches) {
      for (const entry of batch) if (entry.stream === 'control' && entry.fields.flowctl === HISTORY_DAMAGED) this.parts++;
      yield batch;
    }
  }

  /** The closing sentence, when a part could not be read. */
  sentence(pipeline: string, logDir: string): string | undefined {
    if (this.parts === 0) return undefined;
    const parts = this.parts === 1 ? '1 part of it' : `${this.parts} parts of it`;
    return `the log history of pipeline "${pipeline}" is damaged: ${parts} could not be read (marked "could not be read" where entries are missing); the log files in ${logDir} hold every line`;
  }
}
