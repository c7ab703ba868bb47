/**
 * CSV export (RFC 4180: `,` separated, CRLF records, `"` quoting with `""` inside, a header).
 *
 * Structured fields are flattened: one `field.<key>` column per key, after the entry's own
 * columns. The export streams, so the columns must be known before the first row: they are
 * the keys the caller names (`--csv-fields`), or else the keys of the first batch written
 * (up to `DISCOVER_ROWS` entries of it, in order of appearance). Nothing is lost to that:
 * the `fields` column holds, as JSON, every field no `field.<key>` column shows (keys first
 * seen later, and values that are empty text, which an empty cell could not tell from "no
 * such field"). Parsing back joins both. `time` is `timestamp_ms` as ISO 8601 UTC for
 * people; parsing reads `timestamp_ms`.
 *
 * Formula injection guard: a text cell starting with `=`, `+`, `-`, `@`, tab or CR would be
 * run as a formula by spreadsheets, so it is written with a leading `'` (which spreadsheets
 * show as "text"). To keep that reversible, a text cell that itself starts with `'` gets one
 * too. Parsing undoes it by removing exactly one leading `'` from every text cell that has
 * one. Number and boolean cells are ours and never guarded.
 */
import type {LogEntry} from '../entry.js';
import {err, ok, type Result} from '../../util/result.js';
import {entryFromRecord} from './record.js';

type CellValue = string | number | boolean;

interface Column {
  readonly name: string;
  readonly kind: 'text' | 'number' | 'boolean' | 'json';
  /** The LogEntry key the column parses back into; absent for derived columns. */
  readonly key?: keyof LogEntry;
  readonly get: (entry: LogEntry) => CellValue;
}

const BASE_COLUMNS: readonly Column[] = [
  {name: 'seq', kind: 'number', key: 'seq', get: (e) => e.seq},
  {name: 'time', kind: 'text', get: (e) => (Number.isFinite(e.timestamp) ? new Date(e.timestamp).toISOString() : '')},
  {name: 'timestamp_ms', kind: 'number', key: 'timestamp', get: (e) => e.timestamp},
  {name: 'received_at_ms', kind: 'number', key: 'receivedAt', get: (e) => e.receivedAt},
  {name: 'run_id', kind: 'text', key: 'runId', get: (e) => e.runId},
  {name: 'component_id', kind: 'text', key: 'componentId', get: (e) => e.componentId},
  {name: 'component_type', kind: 'text', key: 'componentType', get: (e) => e.componentType},
  {name: 'stream', kind: 'text', key: 'stream', get: (e) => e.stream},
  {name: 'level', kind: 'text', key: 'level', get: (e) => e.level},
  {name: 'restart', kind: 'number', key: 'restart', get: (e) => e.restart},
  {name: 'truncated', kind: 'boolean', key: 'truncated', get: (e) => e.truncated},
  {name: 'message', kind: 'text', key: 'message', get: (e) => e.message},
  // Replaced per writer by the fields no `field.<key>` column shows (see CsvWriter).
  {name: 'fields', kind: 'json', key: 'fields', get: (e) => JSON.stringify(e.fields)},
  {name: 'raw', kind: 'text', key: 'raw', get: (e) => e.raw},
];

/** Header names of the fixed columns, in order. */
export const CSV_COLUMNS: readonly string[] = BASE_COLUMNS.map((c) => c.name);

/** Prefix of a flattened field's column. */
export const FIELD_COLUMN_PREFIX = 'field.';
/** Entries of the first batch whose field keys become columns when none are named. */
export const DISCOVER_ROWS = 1000;

const NEEDS_GUARD = /^[=+\-@\t\r']/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The field keys of `entries` (the first `limit` of them), in order of first appearance. */
export function discoverFieldKeys(entries: readonly LogEntry[], limit = DISCOVER_ROWS): string[] {
  const keys = new Set<string>();
  for (let i = 0; i < entries.length && i < limit; i++) for (const key of Object.keys((entries[i] as LogEntry).fields)) keys.add(key);
  return [...keys];
}

export class CsvWriter {
  private readonly columns: readonly Column[];

  /** `fieldColumns`: the keys flattened into `field.<key>` columns (each at most once). */
  constructor(fieldColumns: readonly string[] = []) {
    const flattened = [...new Set(fieldColumns)];
    const shown = new Set(flattened);
    // A key with a non-empty value is in its column; everything else stays in `fields`.
    const inColumn = (e: LogEntry, key: string): boolean => shown.has(key) && e.fields[key] !== '';
    const rest = (e: LogEntry): string => {
      if (shown.size === 0) return JSON.stringify(e.fields);
      const left: Array<[string, string]> = [];
      for (const [key, value] of Object.entries(e.fields)) if (!inColumn(e, key)) left.push([key, value]);
      return JSON.stringify(Object.fromEntries(left));
    };
    this.columns = [
      ...BASE_COLUMNS.map((c): Column => (c.name === 'fields' ? {...c, get: rest} : c)),
      ...flattened.map((key): Column => ({name: `${FIELD_COLUMN_PREFIX}${key}`, kind: 'text', get: (e) => (Object.hasOwn(e.fields, key) ? (e.fields[key] ?? '') : '')})),
    ];
  }

  header(): string {
    return this.columns.map((c) => encodeCell(c.name, 'text')).join(',') + '\r\n';
  }

  row(entry: LogEntry): string {
    return this.columns.map((c) => encodeCell(c.get(entry), c.kind)).join(',') + '\r\n';
  }
}

function encodeCell(value: CellValue, kind: Column['kind']): string {
  let text = String(value);
  if ((kind === 'text' || kind === 'json') && NEEDS_GUARD.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function unguard(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/** Parses a CSV export back into entries (columns found by header name, so reordering is fine). */
export function parseCsv(text: string): Result<LogEntry[], string> {
  const records = splitRecords(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (!records.ok) return records;
  const [header, ...rows] = records.value;
  if (header === undefined) return err('empty CSV: expected a header row starting with "seq"');
  const names = header.cells.map(unguard);
  const indexes = new Map<string, number>();
  names.forEach((name, index) => indexes.set(name, index));
  const missing = CSV_COLUMNS.filter((name) => !indexes.has(name));
  if (missing.length > 0) return err(`the header lacks the column(s) ${missing.join(', ')}: is this a flowctl CSV export?`);
  const flattened = names.flatMap((name, index) => (name.startsWith(FIELD_COLUMN_PREFIX) ? [{key: name.slice(FIELD_COLUMN_PREFIX.length), index}] : []));
  const entries: LogEntry[] = [];
  for (const {cells, line} of rows) {
    if (cells.length !== names.length) return err(`line ${line}: ${cells.length} cells, but the header has ${names.length}`);
    const record: Record<string, unknown> = {};
    for (const column of BASE_COLUMNS) {
      if (column.key === undefined) continue;
      const cell = cells[indexes.get(column.name) ?? -1] ?? '';
      const value = decodeCell(cell, column.kind);
      if (!value.ok) return err(`line ${line}: "${column.name}" ${value.error}`);
      record[column.key] = value.value;
    }
    if (flattened.length > 0 && isPlainObject(record.fields)) {
      // An empty cell is "no such field" (an empty value is kept in `fields`); `fields` wins
      // over a column (exports made before flattening carried every field in both).
      const columns = flattened.flatMap(({key, index}): Array<[string, string]> => {
        const cell = cells[index] ?? '';
        return cell === '' ? [] : [[key, unguard(cell)]];
      });
      record.fields = Object.fromEntries([...columns, ...Object.entries(record.fields)]);
    }
    const entry = entryFromRecord(record, `line ${line}`);
    if (!entry.ok) return entry;
    entries.push(entry.value);
  }
  return ok(entries);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeCell(cell: string, kind: Column['kind']): Result<unknown, string> {
  switch (kind) {
    case 'text':
      return ok(unguard(cell));
    case 'number':
      // Number('') is 0: an empty cell must not become seq 0.
      return ok(cell.trim() !== '' && Number.isFinite(Number(cell)) ? Number(cell) : cell);
    case 'boolean':
      return ok(cell === 'true' ? true : cell === 'false' ? false : cell);
    case 'json':
      try {
        return ok(JSON.parse(unguard(cell)) as unknown);
      } catch {
        return err(`is not a JSON object: ${JSON.stringify(cell.slice(0, 60))}`);
      }
  }
}

/** RFC 4180 records (CRLF or LF between them), each with the line it starts on. */
function splitRecords(text: string): Result<Array<{cells: string[]; line: number}>, string> {
  const records: Array<{cells: string[]; line: number}> = [];
  if (text === '') return ok(records);
  const special = /[",\r\n]/g;
  let cells: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  for (;;) {
    // At the start of a cell.
    if (text[i] === '"') {
      // Quoted: runs to the next lone quote; `""` is a literal quote.
      let value = '';
      let j = i + 1;
      for (;;) {
        const quote = text.indexOf('"', j);
        if (quote === -1) return err(`line ${recordLine}: a quoted cell is never closed`);
        const chunk = text.slice(j, quote);
        value += chunk;
        line += countNewlines(chunk);
        if (text[quote + 1] !== '"') {
          i = quote + 1;
          break;
        }
        value += '"';
        j = quote + 2;
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        return err(`line ${line}: unexpected text after a quoted cell`);
      }
      cells.push(value);
    } else {
      special.lastIndex = i;
      const match = special.exec(text);
      if (match?.[0] === '"') return err(`line ${line}: a quote inside an unquoted cell (quote the cell and double the quote)`);
      const end = match === null ? text.length : match.index;
      cells.push(text.slice(i, end));
      i = end;
    }
    // At a delimiter or the end.
    if (i >= text.length) {
      records.push({cells, line: recordLine});
      return ok(records);
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line++;
    records.push({cells, line: recordLine});
    cells = [];
    recordLine = line;
    if (i >= text.length) return ok(records);
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
