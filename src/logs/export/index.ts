/**
 * Streaming exporters: entries go out in batches as they are read (from the ring, the store
 * or a live subscription) and nothing keeps them afterwards, so exporting millions of
 * entries takes memory for one batch. Plus `parseExport`, the way back for the lossless
 * formats (round-trip tests, and reading an export into another tool).
 */
import type {LogEntry} from '../entry.js';
import {createEntryRenderer} from '../render.js';
import {err, type Result} from '../../util/result.js';
import {unreachable} from '../../util/unreachable.js';
import {CsvWriter, discoverFieldKeys, parseCsv} from './csv.js';
import {JsonArrayWriter, ndjsonLine, parseJsonArray, parseNdjson} from './json.js';

export const EXPORT_FORMATS = ['json', 'ndjson', 'csv', 'text'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The formats that keep every field and can be read back. */
export type ParseableFormat = Exclude<ExportFormat, 'text'>;

export interface ExportOptions {
  /** text: keep/emit colour (default false: no escape sequences). */
  color?: boolean;
  /** text: a timestamp on every line (default false, like the console). */
  timestamps?: boolean;
  /** text: pad component ids to this width (default 0: streaming cannot know the longest). */
  prefixWidth?: number;
  /** text: the raw lines instead of the compact structured rendering (default false). */
  raw?: boolean;
  /**
   * text, with colour: each component's palette slot, as the console assigns them (the order
   * of the pipeline's components); without it a component's colour comes from its id's hash,
   * so the export's colours differed from the console's (zapjson 166 against 214).
   */
  colorIndexOf?: (componentId: string) => number | undefined;
  /**
   * csv: the structured fields flattened into `field.<key>` columns; default: the keys of the
   * first batch written (see csv.ts). Fields without a column stay in the `fields` column.
   */
  fieldColumns?: readonly string[];
}

/**
 * Receives the exported text in chunks; returning `false` asks the exporter's caller to wait
 * (e.g. for a stream's `drain`), which `write`/`end` pass on as their result.
 */
export type ExportSink = (chunk: string) => boolean | void;

export interface Exporter {
  /** Exports a batch; false when the sink asked to slow down. */
  write(entries: readonly LogEntry[]): boolean;
  /** Writes what closes the document (`]` for JSON); the exporter cannot be written to after. */
  end(): boolean;
}

/** Chunks handed to the sink stay around this size, whatever the batch size. */
const CHUNK_CHARS = 64 * 1024;

export function createExporter(format: ExportFormat, sink: ExportSink, options: ExportOptions = {}): Exporter {
  const encode = encoderFor(format, options);
  let ended = false;
  let pending = '';
  let flowing = true;
  const flush = (): void => {
    if (pending === '') return;
    if (sink(pending) === false) flowing = false;
    pending = '';
  };
  const push = (text: string): void => {
    pending += text;
    if (pending.length >= CHUNK_CHARS) flush();
  };
  return {
    write(entries) {
      if (ended) throw new Error('Internal error: export written to after end()');
      flowing = true;
      push(encode.start(entries));
      for (const entry of entries) push(encode.entry(entry));
      flush();
      return flowing;
    },
    end() {
      if (ended) throw new Error('Internal error: export ended twice');
      ended = true;
      flowing = true;
      push(encode.end());
      flush();
      return flowing;
    },
  };
}

interface Encoder {
  /** Text before the first entry (called before each batch with it; returns '' after the first). */
  start(batch: readonly LogEntry[]): string;
  entry(entry: LogEntry): string;
  end(): string;
}

function encoderFor(format: ExportFormat, options: ExportOptions): Encoder {
  switch (format) {
    case 'json': {
      const writer = new JsonArrayWriter();
      return {start: () => '', entry: (e) => writer.element(e), end: () => writer.end()};
    }
    case 'ndjson':
      return {start: () => '', entry: ndjsonLine, end: () => ''};
    case 'csv': {
      let writer: CsvWriter | undefined;
      // The columns are settled by the first batch with entries (or the end): the header is
      // written even for an export with no rows, so the file is a valid table.
      const header = (batch: readonly LogEntry[]): string => {
        if (writer !== undefined) return '';
        writer = new CsvWriter(options.fieldColumns ?? discoverFieldKeys(batch));
        return writer.header();
      };
      return {
        start: (batch) => (batch.length === 0 ? '' : header(batch)),
        entry: (e) => (writer as CsvWriter).row(e),
        end: () => header([]),
      };
    }
    case 'text': {
      const renderOptions = {
        color: options.color ?? false,
        prefix: true,
        prefixWidth: options.prefixWidth ?? 0,
        timestamps: options.timestamps ?? false,
        raw: options.raw ?? false,
      };
      // Each component's prefix is built once, as on the console.
      const render = createEntryRenderer(renderOptions, options.colorIndexOf);
      return {start: () => '', entry: (e) => render(e) + '\n', end: () => ''};
    }
    default:
      return unreachable(format);
  }
}

/**
 * Reads a json, ndjson or csv export back into entries, or says what is wrong and where
 * (`line 12: "level" must be one of …`).
 */
export function parseExport(format: ParseableFormat, text: string): Result<LogEntry[], string> {
  switch (format) {
    case 'json':
      return parseJsonArray(text);
    case 'ndjson':
      return parseNdjson(text);
    case 'csv':
      return parseCsv(text);
    default: {
      // Reachable from untyped callers (`--format text`): an answer, not a crash.
      const other: never = format;
      return err(`cannot parse the ${String(other)} format back: use json, ndjson or csv`);
    }
  }
}
