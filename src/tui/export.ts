/**
 * `e`: the entries the current filter shows, written to a new file in the log folder in the
 * format the user picks, through the log engine's exporters (same output as `flowctl logs
 * --export`). Written synchronously: a ring holds at most tens of MiB, and a half-written
 * file must not be left behind if the UI quits right after.
 */
import {closeSync, mkdirSync, openSync, writeSync} from 'node:fs';
import path from 'node:path';
import type {LogEntry} from '../logs/entry.js';
import {createExporter, type ExportFormat} from '../logs/export/index.js';
import {err, ok, type Result} from '../util/result.js';

/** The key that picks each format in the export prompt. */
export const EXPORT_KEYS: Readonly<Record<string, ExportFormat>> = {j: 'json', n: 'ndjson', c: 'csv', t: 'text'};

export function formatForKey(name: string): ExportFormat | undefined {
  return Object.hasOwn(EXPORT_KEYS, name) ? EXPORT_KEYS[name] : undefined;
}

const EXTENSION: Readonly<Record<ExportFormat, string>> = {json: 'json', ndjson: 'ndjson', csv: 'csv', text: 'log'};

/** `flowctl-export-20240120-100000.csv` in local time. */
export function exportFileName(format: ExportFormat, now: number): string {
  const d = new Date(now);
  const two = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
  return `flowctl-export-${stamp}.${EXTENSION[format]}`;
}

export function exportEntries(entries: readonly LogEntry[], format: ExportFormat, dir: string, now: number, _color: boolean): Result<{path: string; count: number}, string> {
  const file = path.join(dir, exportFileName(format, now));
  let fd: number | undefined;
  try {
    mkdirSync(dir, {recursive: true});
    // `wx`: never overwrite an earlier export made in the same second.
    fd = openSync(file, 'wx');
    const handle = fd;
    const exporter = createExporter(format, (chunk) => {
      writeSync(handle, chunk);
    }, {timestamps: format === 'text', prefixWidth: Math.max(0, ...entries.map((e) => e.componentId.length))});
    exporter.write(entries);
    exporter.end();
    return ok({path: file, count: entries.length});
  } catch (error) {
    return err(`export failed: cannot write ${file}: ${(error as NodeJS.ErrnoException).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
