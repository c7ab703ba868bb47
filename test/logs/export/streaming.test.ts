/**
 * 200 000 entries through each exporter into a real file, generated batch by batch, and
 * proof that the exporter keeps none of them: after the export, with the exporter still
 * alive, a forced GC collects every entry the test itself let go of.
 */
import {closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {afterAll, describe, expect, it} from 'vitest';
import type {LogEntry} from '../../../src/logs/entry.js';
import {createExporter, parseExport, type Exporter, type ExportFormat} from '../../../src/logs/export/index.js';
import {entry} from '../entries.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TOTAL = 200_000;
const BATCH = 1000;
const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-export-'));

afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Deterministic, so the file can be checked against a regenerated entry. */
function makeEntry(seq: number): LogEntry {
  return entry({
    seq,
    componentId: seq % 3 === 0 ? 'source' : 'processor',
    level: seq % 10 === 0 ? 'error' : 'info',
    message: `event ${seq}, "quoted", =formula`,
    fields: {n: String(seq)},
    raw: `{"msg":"event ${seq}","n":"${seq}"}`,
  });
}

async function collectGarbage(): Promise<void> {
  // WeakRef targets touched in the current job stay alive until it ends: yield first.
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  }
}

describe.each<ExportFormat>(['ndjson', 'json', 'csv', 'text'])('%s export of 200 000 entries to a file', (format) => {
  it('streams them without keeping any', async () => {
    const file = path.join(dir, `export.${format}`);
    const fd = openSync(file, 'w');
    const refs: Array<WeakRef<LogEntry>> = [];
    const keptOnPurpose = makeEntry(0);
    const keptRef = new WeakRef(keptOnPurpose);
    let exporter: Exporter | undefined = createExporter(format, (chunk) => {
      writeSync(fd, chunk);
    });
    const writeBatches = (): void => {
      for (let start = 1; start <= TOTAL; start += BATCH) {
        const batch = Array.from({length: BATCH}, (_, i) => makeEntry(start + i));
        refs.push(new WeakRef(batch[0]!), new WeakRef(batch[BATCH - 1]!));
        exporter!.write(batch);
      }
    };
    writeBatches();
    await collectGarbage();
    // The exporter is still referenced here, so anything it kept would survive the GC.
    expect(exporter).toBeDefined();
    expect(refs.filter((ref) => ref.deref() !== undefined).length).toBe(0);
    // The check can fail: an entry something still holds is not collected.
    expect(keptRef.deref()).toBe(keptOnPurpose);
    exporter.end();
    exporter = undefined;
    closeSync(fd);

    const text = readFileSync(file, 'utf8');
    if (format === 'text') {
      const lines = text.split('\n');
      expect(lines.length).toBe(TOTAL + 1);
      expect(lines[TOTAL - 1]).toBe(`processor | ERROR event ${TOTAL}, "quoted", =formula n=${TOTAL}`);
      return;
    }
    const result = parseExport(format, text);
    if (!result.ok) throw new Error(result.error);
    expect(result.value.length).toBe(TOTAL);
    for (let i = 0; i < TOTAL; i += 997) expect(result.value[i]).toEqual(makeEntry(i + 1));
    expect(result.value[TOTAL - 1]).toEqual(makeEntry(TOTAL));
    // A few seconds alone; generous because other suites share the two cores.
  }, 180_000);
});
