import {mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {FilterSpec} from '../../src/logs/api.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {findFileRuns, readLogFiles, type ComponentLogFile, type FileComponent, type FileRun} from '../../src/logs/file-history.js';
import {openComponentLog} from '../../src/logs/files.js';
import {compileFilter} from '../../src/logs/filter.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-file-history-'));
});
afterEach(() => {
  rmSync(dir, {recursive: true, force: true});
});

const T0 = Date.parse('2026-01-20T10:00:00Z');
const MTIME = Date.parse('2026-01-20T12:00:00Z');
const components: FileComponent[] = [
  {id: 'source', type: 'source', format: 'auto'},
  {id: 'proc', type: 'processor', format: 'auto'},
];

function write(name: string, lines: string[], mtime = MTIME): string {
  const file = join(dir, name);
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  utimesSync(file, mtime / 1000, mtime / 1000);
  return file;
}

function file(componentId: string, name = `${componentId}.log`): ComponentLogFile {
  return {componentId, componentType: componentId === 'source' ? 'source' : 'processor', format: 'auto', path: join(dir, name)};
}

async function read(files: ComponentLogFile[], spec?: FilterSpec): Promise<LogEntry[]> {
  const filter = spec === undefined ? undefined : compileFilter(spec);
  if (filter !== undefined && !filter.ok) throw new Error(filter.error.message);
  const out: LogEntry[] = [];
  for await (const batch of readLogFiles(files, filter?.value, 'log')) {
    expect(batch.length).toBeGreaterThan(0);
    out.push(...batch);
  }
  return out;
}

const iso = (ms: number): string => new Date(ms).toISOString();

describe('findFileRuns', () => {
  it('lists the runs the files hold, newest first, with the components that have a file in each', async () => {
    write('source.log', ['a']);
    write('proc.log', ['b']);
    write('source.log.1', ['older']);
    write('proc.log.2', ['oldest']);
    write('stranger.log.3', ['not a component of this pipeline']);
    write('history.sqlite-wal', ['x']);
    const runs = await findFileRuns(dir, components);
    expect(runs.ok && runs.value.map((r) => [r.runId, r.index, r.files.map((f) => f.componentId)])).toEqual([
      ['log', 0, ['source', 'proc']],
      ['log.1', 1, ['source', 'proc']],
    ]);
    expect(runs.ok && runs.value[0]!.files[1]).toEqual({componentId: 'proc', componentType: 'processor', format: 'auto', path: join(dir, 'proc.log')});
  });

  it('rotated-files-grouped-by-run: a run that rotated by size is read whole, and --run log.1 is the run before (regression: the newest file alone, and the same run\'s rotated file)', async () => {
    // Two runs of 25 lines each at max_size 1 KiB, max_files 6 (as `up` writes them: files.ts).
    const runLines = (run: number): string[] => Array.from({length: 25}, (_, i) => `time=${iso(T0 + run * 60_000 + i * 1000)} msg="run ${run} line ${i} ${'x'.repeat(60)}"`);
    for (const run of [1, 2]) {
      const opened = openComponentLog(dir, 'source', {maxBytes: 1024, maxFiles: 6});
      if (!opened.ok) throw new Error(opened.error);
      for (const line of runLines(run)) opened.value.write(line);
      await opened.value.close();
    }
    const runs = await findFileRuns(dir, components);
    if (!runs.ok) throw new Error(runs.error);
    expect(runs.value.map((r) => r.runId)).toEqual(['log', 'log.1']);
    const [latest, previous] = runs.value as [FileRun, FileRun];
    expect(latest.files.length).toBeGreaterThan(1);
    const messages = async (run: FileRun): Promise<string[]> => {
      const out: string[] = [];
      for await (const batch of readLogFiles(run.files, undefined, run.runId)) out.push(...batch.map((e) => e.raw));
      return out;
    };
    expect(await messages(latest)).toEqual(runLines(2));
    expect(await messages(previous)).toEqual(runLines(1));
  });

  it('files of an older flowctl (no records of which file started a run) are a run each, as before', async () => {
    write('source.log', ['a']);
    write('source.log.1', ['b']);
    write('source.log.2', ['c']);
    const runs = await findFileRuns(dir, components);
    expect(runs.ok && runs.value.map((r) => [r.runId, r.files.map((f) => f.path)])).toEqual([
      ['log', [join(dir, 'source.log')]],
      ['log.1', [join(dir, 'source.log.1')]],
      ['log.2', [join(dir, 'source.log.2')]],
    ]);
  });

  it('a missing folder holds no run', async () => {
    expect(await findFileRuns(join(dir, 'nope'), components)).toEqual({ok: true, value: []});
  });

  it('a folder that cannot be listed is an error naming it', async () => {
    const notADir = write('plain-file', ['x']);
    const runs = await findFileRuns(notADir, components);
    expect(runs.ok).toBe(false);
    expect(!runs.ok && runs.error).toMatch(new RegExp(`^cannot list the log folder ${notADir}: ENOTDIR`));
  });
});

describe('readLogFiles', () => {
  it('parses each line: level, time, fields, message; raw kept as printed', async () => {
    write('proc.log', [
      `{"level":"error","ts":${(T0 + 1000) / 1000},"msg":"db write failed","table":"events"}`,
      `time=${iso(T0 + 2000)} level=warn msg="slow ledger" seq=42`,
    ]);
    const [json, logfmt] = await read([file('proc')]);
    expect(json).toMatchObject({
      seq: 1, componentId: 'proc', componentType: 'processor', stream: 'stdout', timestamp: T0 + 1000, receivedAt: T0 + 1000,
      level: 'error', message: 'db write failed', fields: {table: 'events'}, runId: 'log', restart: 0, truncated: false,
    });
    expect(json!.raw).toMatch(/^\{"level":"error"/);
    expect(logfmt).toMatchObject({seq: 2, timestamp: T0 + 2000, level: 'warn', message: 'slow ledger', fields: {seq: '42'}});
  });

  it('a line without a time takes the previous line\'s time, and the file\'s mtime before any', async () => {
    write('proc.log', ['starting up', `time=${iso(T0)} level=info msg=ready`, 'panic: boom', 'goroutine 1 [running]:']);
    const entries = await read([file('proc')]);
    expect(entries.map((e) => e.timestamp)).toEqual([MTIME, T0, T0, T0]);
    expect(entries.map((e) => e.level)).toEqual(['unknown', 'info', 'fatal', 'unknown']);
  });

  it('merges components by timestamp, each file in its own order, ties to the earlier file', async () => {
    write('source.log', [`time=${iso(T0)} msg=s1`, `time=${iso(T0 + 2000)} msg=s2`, `time=${iso(T0 + 2000)} msg=s3`]);
    write('proc.log', [`time=${iso(T0 + 1000)} msg=p1`, `time=${iso(T0 + 2000)} msg=p2`, `time=${iso(T0 + 500)} msg=p3-clock-went-back`]);
    const entries = await read([file('source'), file('proc')]);
    expect(entries.map((e) => e.message)).toEqual(['s1', 'p1', 's2', 's3', 'p2', 'p3-clock-went-back']);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('applies the filter: components, levels, grep, fields, since/until; seq is the same whatever the filter', async () => {
    write('source.log', [`time=${iso(T0)} level=info msg="connected"`, `time=${iso(T0 + 3000)} level=warn msg="slow response"`]);
    write('proc.log', [`time=${iso(T0 + 1000)} level=info msg="ledger 100" ledger=100`, `time=${iso(T0 + 2000)} level=error msg="ledger 101 failed" ledger=101`]);
    const both = [file('source'), file('proc')];
    const messages = async (spec: FilterSpec): Promise<string[]> => (await read(both, spec)).map((e) => e.message);
    expect(await messages({components: ['proc']})).toEqual(['ledger 100', 'ledger 101 failed']);
    expect(await messages({levels: ['warn', 'error']})).toEqual(['ledger 101 failed', 'slow response']);
    expect(await messages({include: ['ledger'], exclude: ['failed']})).toEqual(['ledger 100']);
    expect(await messages({fields: {ledger: '101'}})).toEqual(['ledger 101 failed']);
    expect(await messages({since: T0 + 1000, until: T0 + 3000})).toEqual(['ledger 100', 'ledger 101 failed']);
    expect((await read(both, {levels: ['error']})).map((e) => e.seq)).toEqual([3]);
  });

  it('--tail keeps the last N matches (and 0 none), over a file far bigger than N', async () => {
    const lines = Array.from({length: 25_000}, (_, i) => `time=${iso(T0 + i)} level=${i % 2 ? 'error' : 'info'} msg="line ${i}"`);
    write('proc.log', lines);
    const last = await read([file('proc')], {levels: ['error'], tail: 3});
    expect(last.map((e) => e.message)).toEqual(['line 24995', 'line 24997', 'line 24999']);
    expect(last.map((e) => e.seq)).toEqual([24_996, 24_998, 25_000]);
    expect(await read([file('proc')], {tail: 0})).toEqual([]);
    const all = await read([file('proc')]);
    expect(all).toHaveLength(25_000);
  });

  it('stops reading when the consumer stops (Ctrl+C, | head) and yields batches of at most 1000', async () => {
    write('proc.log', Array.from({length: 5000}, (_, i) => `line ${i}`));
    const sizes: number[] = [];
    for await (const batch of readLogFiles([file('proc')], undefined, 'log')) {
      sizes.push(batch.length);
      if (sizes.length === 2) break;
    }
    expect(sizes).toEqual([1000, 1000]);
  });

  it('a file that cannot be read becomes one control error entry, the others still read (regression: read error lost silently)', async () => {
    mkdirSync(join(dir, 'source.log'));
    write('proc.log', ['fine line']);
    const entries = await read([file('source'), file('proc'), file('proc', 'gone.log')], {components: ['source', 'proc'], levels: ['info']});
    // The control entries pass any filter: `fine line` (level unknown) is filtered out, they are not.
    expect(entries.map((e) => [e.componentId, e.stream, e.level])).toEqual([
      ['source', 'control', 'error'],
      ['proc', 'control', 'error'],
    ]);
    expect(entries[0]!.message).toMatch(/^cannot read .*source\.log after line 0: EISDIR.*; the lines after it are not shown$/);
    expect(entries[1]!.message).toMatch(/^cannot read .*gone\.log after line 0: ENOENT/);
  });
});
