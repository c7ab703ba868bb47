/**
 * `flowctl logs` flags → what to read and how to print it. Every bad value is reported with
 * the flag the user typed (exit 2), before anything is contacted.
 */
import type {FilterSpec} from '../logs/api.js';
import {compileFilter} from '../logs/filter.js';
import {EXPORT_FORMATS, type ExportFormat} from '../logs/export/index.js';
import {err, ok, type Result} from '../util/result.js';

/** Raw commander options of `flowctl logs`. */
export interface LogsFlags {
  follow?: boolean;
  since?: string;
  until?: string;
  tail?: string;
  components?: string[];
  levels?: string[];
  minLevel?: string;
  grep?: string[];
  exclude?: string[];
  field?: string[];
  export?: string;
  csvFields?: string[];
  output?: string;
  timestamps?: boolean;
  color?: boolean;
  logPrefix?: boolean;
  raw?: boolean;
  /** `--no-rate-limit`: false. */
  rateLimit?: boolean;
  run?: string;
  pipeline?: string;
  file?: string;
  logDir?: string;
  /** `--tls-ca`: read by runLogs (tls-ca.ts). */
  tlsCa?: string;
}

export interface LogsRequest {
  /** Filter without components named as NAME arguments (the target adds those). */
  spec: FilterSpec;
  follow: boolean;
  /** `-f`'s live part has every line (`--no-rate-limit`), not what the pipeline's rate limit lets through. */
  noRateLimit: boolean;
  /** '' = current (running) or latest (offline) run, `previous`, or an id / unique prefix. */
  run: string;
  exportFormat: ExportFormat | undefined;
  /** csv: the fields flattened into columns; undefined = those of the first batch (csv.ts). */
  csvFields: string[] | undefined;
  output: string | undefined;
  timestamps: boolean;
  /** `--color` / `--no-color`; undefined = decide from NO_COLOR, FORCE_COLOR and the terminal. */
  color: boolean | undefined;
  prefix: boolean;
  raw: boolean;
  pipeline: string | undefined;
  file: string | undefined;
  /** The log folder `up --log-dir` used, when not the pipeline file's. */
  logDir: string | undefined;
}

const FLAG_OF_TERM: Record<string, string> = {
  since: '--since',
  until: '--until',
  include: '--grep',
  exclude: '--exclude',
  levels: '--levels',
  minLevel: '--min-level',
  fields: '--field',
  tail: '--tail',
  components: '--components',
  runId: '--run',
};

/** Comma lists may also be repeated: `-c a,b -c c`. */
export function commaList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter((v) => v !== '')];
}

/** Repeatable flag collector. */
export function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseLogsFlags(flags: LogsFlags, now: number = Date.now()): Result<LogsRequest, string> {
  const spec: FilterSpec = {};
  if (flags.components && flags.components.length > 0) spec.components = flags.components;
  if (flags.levels && flags.levels.length > 0) spec.levels = flags.levels.map((l) => l.toLowerCase()) as FilterSpec['levels'];
  if (flags.minLevel !== undefined) spec.minLevel = flags.minLevel.toLowerCase() as FilterSpec['minLevel'];
  if (flags.since !== undefined) spec.since = flags.since;
  if (flags.until !== undefined) spec.until = flags.until;
  if (flags.grep && flags.grep.length > 0) spec.include = flags.grep;
  if (flags.exclude && flags.exclude.length > 0) spec.exclude = flags.exclude;
  if (flags.field && flags.field.length > 0) {
    const fields: Record<string, string> = {};
    for (const pair of flags.field) {
      const at = pair.indexOf('=');
      if (at <= 0) return err(`--field: "${pair}" is not key=value (e.g. --field request_id=42)`);
      fields[pair.slice(0, at)] = pair.slice(at + 1);
    }
    spec.fields = fields;
  }
  if (flags.tail !== undefined && flags.tail !== 'all') {
    if (!/^\d+$/.test(flags.tail.trim())) return err(`--tail: "${flags.tail}" is not a line count: use a whole number ≥ 0 or "all"`);
    spec.tail = Number(flags.tail.trim());
  }
  let exportFormat: ExportFormat | undefined;
  if (flags.export !== undefined) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(flags.export)) {
      return err(`--export: "${flags.export}" is not a format: use ${EXPORT_FORMATS.join(', ')}`);
    }
    exportFormat = flags.export as ExportFormat;
  }
  if (flags.csvFields !== undefined) {
    if (exportFormat !== 'csv') return err(`--csv-fields: names the CSV columns, so it needs --export csv${exportFormat === undefined ? '' : ` (not ${exportFormat})`}`);
    if (flags.csvFields.length === 0) return err('--csv-fields: give the field names, comma-separated (e.g. --csv-fields user,request_id)');
  }
  if (flags.output === '') return err('--output: give a file name');
  if (flags.run === '') return err('--run: give "previous" or a run id');
  if (flags.rateLimit === false && flags.follow !== true) {
    return err('--no-rate-limit: only the live part of --follow is rate-limited (the history has every line): add -f, or drop --no-rate-limit');
  }
  const compiled = compileFilter(spec, now);
  if (!compiled.ok) return err(`${FLAG_OF_TERM[compiled.error.term] ?? compiled.error.term}: ${compiled.error.message}`);
  // Relative bounds are fixed now, on this machine's clock, so live and offline agree.
  if (compiled.value.sinceMs !== undefined) spec.since = compiled.value.sinceMs;
  if (compiled.value.untilMs !== undefined) spec.until = compiled.value.untilMs;
  return ok({
    spec,
    follow: flags.follow === true,
    noRateLimit: flags.rateLimit === false,
    run: flags.run ?? '',
    exportFormat,
    csvFields: flags.csvFields,
    output: flags.output,
    timestamps: flags.timestamps === true,
    color: flags.color,
    prefix: flags.logPrefix !== false,
    raw: flags.raw === true,
    pipeline: flags.pipeline,
    file: flags.file,
    logDir: flags.logDir,
  });
}
