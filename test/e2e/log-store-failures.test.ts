/**
 * A history that cannot be opened — a corrupt file, a directory in its place, a store another
 * `flowctl up` is writing — is reported by `up` on the console (`flowctl | cannot open log
 * history at <path>: <cause>; logs go to files only`) and the pipeline runs on with complete
 * `logs/<id>.log` files and exit code 0.
 */
import {randomBytes} from 'node:crypto';
import {closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync} from 'node:fs';
import Database from 'better-sqlite3';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {LogEntry} from '../../src/logs/entry.js';
import {openStore} from '../../src/logs/store/index.js';
import {damagePages, readOnlyFile} from '../logs/store/helpers.js';
import {finished, fixture, flowctl, lines, ndjson, queryStore, range, scratch, seqNumbers, start, storedRuns, UP, type Finished, type Scratch} from './log-e2e-helpers.js';

let s: Scratch;
beforeEach(() => {
  s = scratch('log-store-failures');
});
afterEach(() => s.remove());

/** One source that prints LE_LINES main-loop lines (default 40) at LE_RATE (default: at once), each `source <n> …`. */
function writePipeline(): string {
  return s.write(
    'pipeline.yaml',
    `pipeline:
  name: log-store-failures
  components:
    - name: source
      type: source
      command: [node, ${fixture('source')}]
      env: {LINES: "\${LE_LINES:-40}", RATE: "\${LE_RATE:-0}", SEQ_PREFIX: "1", HEALTH_PORT: "0"}
`,
  );
}

/**
 * The component's file holds every line it printed: seq 1…n once each (stdout and stderr are
 * two pipes, so their lines interleave in arrival order), the whole main loop, the final line.
 */
function expectCompleteFile(file: string, mainLoopLines: number): string[] {
  const all = lines(readFileSync(file, 'utf8'));
  const numbered = seqNumbers(all.join('\n'), 'source');
  expect([...numbered].sort((a, b) => a - b)).toEqual(range(1, all.length));
  const seqOf = (text: string): number => numbered[all.findIndex((l) => l.includes(text))] ?? -1;
  const final = seqOf('Stopped streaming events');
  expect(final).toBe(all.length);
  // lib/knobs.mjs: seq(final) - seq(ready) - 1 = LINES.
  expect(final - seqOf('Raw Ledger Source Server listening at') - 1).toBe(mainLoopLines);
  return all;
}

const warning = (storePath: string, cause: string): string => `flowctl | cannot open log history at ${storePath}: ${cause}; logs go to files only`;

describe('a history that cannot be opened', () => {
  it('a corrupt file: reported, left as it was, files complete, exit 0', async () => {
    const file = writePipeline();
    mkdirSync(s.path('logs'));
    const garbage = Buffer.from('this is not an SQLite database\n'.repeat(200));
    const storePath = s.write('logs/history.sqlite', garbage);
    const result = await flowctl(s, [...UP, file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toContain(warning(storePath, 'file is not a database'));
    expect(result.stdout).toMatch(/^source +\| exited with code 0$/m);
    expectCompleteFile(s.path('logs/source.log'), 40);
    // flowctl never "repairs" a file it does not understand.
    expect(readFileSync(storePath).equals(garbage)).toBe(true);
    // And `flowctl logs` says what is wrong, then reads the log files instead of printing nothing.
    const logs = await flowctl(s, ['logs', '--file', file, '--raw', '--no-log-prefix']);
    expect(logs.code).toBe(0);
    expect(logs.stderr).toContain(`the history store cannot be read (cannot read log history at ${storePath}: file is not a database); reading the log files in`);
    expect(lines(logs.stdout)).toEqual(readFileSync(s.path('logs/source.log'), 'utf8').split('\n').filter((l) => l !== ''));
  });

  it('read-only-history-up: a read-only history file is one notice (cannot be opened for writing), and flowctl logs says the latest run is not in it and reads the files', async () => {
    const file = writePipeline();
    const storePath = s.path('logs/history.sqlite');
    const first = await flowctl(s, [...UP, file], {LE_LINES: '5'});
    expect(first.code).toBe(0);
    const restore = readOnlyFile(storePath);
    try {
      // Slow enough that its files are written well after the first run's end.
      const second = await flowctl(s, [...UP, file], {LE_LINES: '30', LE_RATE: '20'});
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      // Regression: it "opened", then said 5 times that a write failed.
      const notices = lines(second.stdout).filter((l) => l.startsWith('flowctl |') && /history/.test(l));
      expect(notices).toEqual([warning(storePath, 'it cannot be opened for writing (read-only: attempt to write a readonly database)')]);
      expectCompleteFile(s.path('logs/source.log'), 30);
      // Regression: `flowctl logs` showed the first run as the latest, without a word.
      const logs = await flowctl(s, ['logs', '--file', file, '--raw', '--no-log-prefix']);
      expect(logs.code).toBe(0);
      expect(logs.stderr).toMatch(/^flowctl logs: the latest run is not in the history \(its last run, .+, ended .+; the log files were written at .+\); reading the log files in /);
      expect(lines(logs.stdout)).toEqual(lines(readFileSync(s.path('logs/source.log'), 'utf8')));
    } finally {
      restore();
    }
  }, 60_000);

  it('a directory in its place: reported, files complete, exit 0', async () => {
    const file = writePipeline();
    const storePath = s.path('logs/history.sqlite');
    mkdirSync(storePath, {recursive: true});
    const result = await flowctl(s, [...UP, file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toContain(warning(storePath, 'it is a directory'));
    expectCompleteFile(s.path('logs/source.log'), 40);
  });

  it('a store another `up` of the same pipeline is writing: reported, files complete, exit 0; the first run is untouched', async () => {
    const file = writePipeline();
    const storePath = s.path('logs/history.sqlite');
    const first = start(s, [...UP, file], {LE_LINES: '0', LE_RATE: '20'});
    try {
      await first.waitForOutput((out) => /control plane listening/.test(out) && /^source +\| .*Raw Ledger Source Server listening/m.test(out), 30_000);
      const second = await flowctl(s, [...UP, file], {LE_LINES: '60'});
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      expect(lines(second.stdout)).toContain(warning(storePath, 'another flowctl is writing it (is `flowctl up` already running for this pipeline?)'));
      expect(second.stdout).toMatch(/^source +\| exited with code 0$/m);
      // The second run's file is complete; the first run's file was kept as source.log.1.
      expectCompleteFile(s.path('logs/source.log'), 60);
      // The first run kept going meanwhile.
      const before = first.stdout().length;
      await first.waitForOutput((out) => out.length > before && /^source +\| source \d+ /m.test(out.slice(before)));
    } finally {
      first.child.kill('SIGINT');
    }
    const ended = await finished(first);
    expect(ended.stderr).toBe('');
    expect(ended.code).toBe(0);
    // Its history holds exactly the lines of its own file, and nothing of the second run.
    const firstFile = lines(readFileSync(s.path('logs/source.log.1'), 'utf8'));
    expect(firstFile.length).toBeGreaterThan(5);
    const stored = await queryStore(storePath, {components: ['source']});
    expect(stored.filter((e) => e.stream !== 'control').map((e) => e.raw)).toEqual(firstFile);
    expect(new Set(stored.map((e) => e.runId)).size).toBe(1);
  }, 90_000);
});

describe('a damaged history (a real one, pages overwritten as `dd if=/dev/urandom bs=32768 seek=2 count=8 conv=notrunc` does)', () => {
  it('damaged-history-up: up moves it aside with a notice, starts a new history, and the pipeline runs; exit 0', async () => {
    const file = writePipeline();
    const storePath = s.path('logs/history.sqlite');
    const first = await flowctl(s, [...UP, file]);
    expect(first.code).toBe(0);
    damagePages(storePath, 3, 8);
    const damaged = readFileSync(storePath);
    // Regression: `flowctl: internal error: TypeError: Cannot read properties of undefined
    // (reading 'includes') at explainCantOpen`, exit 1, no component started.
    const result = await flowctl(s, [...UP, file], {LE_LINES: '30'});
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const aside = readdirSync(s.path('logs')).find((name) => /^history\.sqlite\.corrupt-\d{8}T\d{6}Z$/.test(name));
    expect(lines(result.stdout)).toContain(
      `flowctl | log history: the history at ${storePath} is damaged (database disk image is malformed); it was moved to ${s.path('logs', aside ?? 'missing')} and a new history started`,
    );
    expect(result.stdout).toMatch(/^source +\| exited with code 0$/m);
    expect(readFileSync(s.path('logs', aside ?? 'missing')).equals(damaged)).toBe(true);
    // The new history holds this run, every line of its file.
    expect(await storedRuns(storePath)).toHaveLength(1);
    const stored = await queryStore(storePath, {components: ['source']});
    expect(stored.filter((e) => e.stream !== 'control').map((e) => e.raw)).toEqual(expectCompleteFile(s.path('logs/source.log'), 30));
  }, 60_000);

  it('damaged-history-logs: flowctl logs says the history is damaged and reads the log files instead; exit 0', async () => {
    const file = writePipeline();
    const storePath = s.path('logs/history.sqlite');
    expect((await flowctl(s, [...UP, file])).code).toBe(0);
    damagePages(storePath, 3, 8);
    // Regression: `flowctl: internal error: SqliteError: database disk image is malformed at BlockSource.runKey`.
    const logs = await flowctl(s, ['logs', '--file', file, '--raw', '--no-log-prefix']);
    expect(logs.code).toBe(0);
    expect(logs.stderr).toContain(
      `the history store cannot be read (cannot read log history at ${storePath}: it is damaged (database disk image is malformed); the next \`flowctl up\` moves it aside and starts a new one); reading the log files in`,
    );
    expect(lines(logs.stdout)).toEqual(expectCompleteFile(s.path('logs/source.log'), 40));
  }, 60_000);
});

/**
 * The overflow pages of each `block_data` row, in rowid (so seq) order: the BLOB pages that
 * hold a block's packed numbers, tags, keys, lengths, then its text. SQLite does not look
 * into them: overwritten, they are other bytes of a valid file.
 */
function blockOverflowPages(storePath: string): {pageSize: number; blocks: number[][]} {
  const db = new Database(storePath, {readonly: true});
  try {
    const pageSize = db.pragma('page_size', {simple: true}) as number;
    const rows = db.prepare("SELECT path, pageno FROM dbstat WHERE name = 'block_data' AND pagetype = 'overflow' ORDER BY path").all() as {path: string; pageno: number}[];
    const byCell = new Map<string, number[]>();
    for (const {path, pageno} of rows) {
      const cell = path.slice(0, path.indexOf('+'));
      byCell.set(cell, [...(byCell.get(cell) ?? []), pageno]);
    }
    return {pageSize, blocks: [...byCell.values()]};
  } finally {
    db.close();
  }
}

/** `flowctl <args>` to its end, SIGKILLed if still running after `boundMs` (then `code` is null: a hang). */
async function boundedFlowctl(args: string[], boundMs: number): Promise<Finished & {killed: boolean}> {
  const run = start(s, args);
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    run.child.kill('SIGKILL');
  }, boundMs);
  try {
    return {...(await finished(run)), killed};
  } finally {
    clearTimeout(timer);
  }
}

describe('a history whose block BLOBs were overwritten (SQLite does not notice: the bytes are just data)', () => {
  it('damaged-block-blobs-logs: flowctl logs ends (was a spin at 80 % CPU that SIGTERM did not stop), marks each damaged block, prints every other entry once, exit 1', async () => {
    const file = writePipeline();
    const storePath = s.path('logs/history.sqlite');
    // A run of 3 000 lines of ~300 bytes, written as `up` writes it: 6 blocks, each row over
    // pages of its own.
    mkdirSync(s.path('logs'));
    const store = await openStore(storePath, {retentionMs: 0});
    if (!store.ok) throw new Error(store.error);
    const now = Date.now();
    store.value.beginRun('run-1', {pipeline: 'log-store-failures', startedAt: now});
    store.value.append(Array.from({length: 3000}, (_, i): LogEntry => {
      const text = `source ${i + 1} ${'x'.repeat(300)}`;
      return {seq: i + 1, componentId: 'source', componentType: 'source', stream: 'stdout', timestamp: now + i, receivedAt: now + i, level: 'info',
        message: text, fields: {n: String(i)}, raw: text, runId: 'run-1', restart: 0, truncated: false};
    }));
    store.value.endRun('run-1', now + 3000);
    await store.value.close();
    const before = await queryStore(storePath, {});
    expect(before).toHaveLength(3000);
    const {pageSize, blocks} = blockOverflowPages(storePath);
    expect(blocks).toHaveLength(6);
    const fd = openSync(storePath, 'r+');
    // Random bytes over a page's data, its first 4 bytes (the next overflow page's number)
    // kept: SQLite follows the chain as before and hands out the BLOB without a word.
    const overwrite = (page: number): void => void writeSync(fd, randomBytes(pageSize - 4), 0, pageSize - 4, (page - 1) * pageSize + 4);
    try {
      // Block 2: its first two overflow pages (numbers, tags, keys, lengths: the spin).
      for (const page of blocks[1]!.slice(0, 2)) overwrite(page);
      // Block 4: a page of its text (was: 3 065 lines printed for 3 000 entries, exit 0).
      overwrite(blocks[3]!.at(-2)!);
    } finally {
      closeSync(fd);
    }
    const db = new Database(storePath, {readonly: true});
    const damaged = db.prepare('SELECT id & 1099511627775 AS first, last_seq AS last FROM blocks ORDER BY id LIMIT 2 OFFSET ?');
    const [second, fourth] = [damaged.get(1), damaged.get(3)] as {first: number; last: number}[];
    db.close();
    const inDamaged = (e: LogEntry): boolean => [second!, fourth!].some((b) => e.seq >= b.first && e.seq <= b.last);

    const result = await boundedFlowctl(['logs', '--file', file, '--export', 'ndjson'], 60_000);
    expect(result.killed).toBe(false);
    expect(result.code).toBe(1);
    // No stack trace: the one sentence.
    expect(result.stderr).toBe(
      `flowctl logs: the log history of pipeline "log-store-failures" is damaged: 2 parts of it could not be read (marked "could not be read" where entries are missing); the log files in ${s.path('logs')} hold every line\n`,
    );
    const printed = ndjson(result.stdout);
    const markers = printed.filter((e) => e.fields.flowctl === 'history-damaged');
    expect(markers.map((e) => e.seq)).toEqual([second!.first, fourth!.first]);
    for (const marker of markers) expect(marker.message).toMatch(/^512 entries of run .+ could not be read: the log history is damaged \(a block's (contents do not fit together|names do not fit): .+\)/);
    // Every entry of the other blocks, once, and nothing else.
    expect(printed.filter((e) => e.fields.flowctl !== 'history-damaged')).toEqual(before.filter((e) => !inDamaged(e)));
  }, 90_000);
});
