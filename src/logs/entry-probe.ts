/**
 * A view of one packed entry (a ring lane's, a stored block's) for `LogFilter.matches`: each
 * property is read from the packed form when the filter asks, so a scan by component or
 * level never decodes text, and one by message parses only the lines it tests. Reused
 * from entry to entry: valid until `i` changes.
 */
import type {ComponentType, Level, LogEntry, Stream} from './entry.js';

/** What a probe reads entry `i` through. */
export interface PackedEntryReader {
  seqAt(i: number): number;
  componentIdAt(i: number): string;
  levelAt(i: number): Level;
  timestampAt(i: number): number;
  runIdAt(i: number): string;
  messageAt(i: number): string;
  rawAt(i: number): string;
  fieldsAt(i: number): Record<string, string>;
  /** The whole entry (what the probe reads for properties filters never test). */
  entryAt(i: number): LogEntry;
  /** Whether message and fields are what parsing `rawAt(i)` gives (lets a filter skip the parse); false when not known. */
  parsedFromRawAt?(i: number): boolean;
}

export class EntryProbe {
  i = 0;
  constructor(private readonly reader: PackedEntryReader) {}

  /** This probe at entry `i`, typed as the entry it stands for. */
  at(i: number): LogEntry {
    this.i = i;
    return this as unknown as LogEntry;
  }

  get seq(): number {
    return this.reader.seqAt(this.i);
  }
  get componentId(): string {
    return this.reader.componentIdAt(this.i);
  }
  get level(): Level {
    return this.reader.levelAt(this.i);
  }
  get timestamp(): number {
    return this.reader.timestampAt(this.i);
  }
  get runId(): string {
    return this.reader.runIdAt(this.i);
  }
  get message(): string {
    return this.reader.messageAt(this.i);
  }
  get raw(): string {
    return this.reader.rawAt(this.i);
  }
  get fields(): Record<string, string> {
    return this.reader.fieldsAt(this.i);
  }
  /** Not a `LogEntry` property: for the filter (`filter-text.ts`). */
  get parsedFromRaw(): boolean {
    return this.reader.parsedFromRawAt?.(this.i) ?? false;
  }
  get receivedAt(): number {
    return this.reader.entryAt(this.i).receivedAt;
  }
  get componentType(): ComponentType {
    return this.reader.entryAt(this.i).componentType;
  }
  get stream(): Stream {
    return this.reader.entryAt(this.i).stream;
  }
  get restart(): number {
    return this.reader.entryAt(this.i).restart;
  }
  get truncated(): boolean {
    return this.reader.entryAt(this.i).truncated;
  }
}
