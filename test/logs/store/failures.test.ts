import {spawn, type ChildProcess} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, describe, expect, it} from 'vitest';
import {openStore} from '../../../src/logs/store/index.js';
import type {LogEntry} from '../../../src/logs/entry.js';
import {SEQ_BITS} from '../../../src/logs/store/schema.js';
import {collect, damagePages, entry, mustOpen, pagesFullOf, readOnlyFile, unwritableDir, until, useTempHistory} from './helpers.js';

const range = (from: number, to: number): number[] => Array.from({length: to - from + 1}, (_, i) => from + i);

const temp = useTempHistory();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const NOT_OPENED = /^cannot open log history at .+: .+; logs go to files only$/;

/**
 * Another process that holds a SQLite lock on `file` until killed: `exclusive` keeps even
 * readers out (locking_mode=EXCLUSIVE), otherwise it holds an open write transaction.
 */
async function lockHolder(file: string, mode: 'exclusive' | 'write'): Promise<ChildProcess> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    ${mode === 'exclusive' ? "db.pragma('locking_mode = EXCLUSIVE'); db.exec('CREATE TABLE IF NOT EXISTS other (x); INSERT INTO other VALUES (1)');" : "db.exec('BEGIN IMMEDIATE');"}
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], {cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit']});
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return child;
}

describe('a history that cannot be opened is a value, never a throw or a hang', () => {
  it('corrupt file', async () => {
    writeFileSync(temp.path, 'this is not a database\n'.repeat(500));
    const result = await openStore(temp.path, {retentionMs: 1000});
    expect(result).toEqual({ok: false, error: expect.stringMatching(NOT_OPENED)});
    expect(!result.ok && result.error).toContain('file is not a database');
  });

  it('read-only folder', async () => {
    const result = await openStore(join(unwritableDir(temp.dir), 'history.db'), {retentionMs: 1000});
    expect(result).toEqual({ok: false, error: expect.stringMatching(NOT_OPENED)});
    expect(!result.ok && result.error).toMatch(/EACCES|EPERM|permission|not permitted/i);
  });

  it('read-only-history-file: a read-only file in a writable folder is one "cannot be opened for writing" (regression: it opened, then 5 separate write failures)', async () => {
    await (await mustOpen(temp.path)).close();
    const restore = readOnlyFile(temp.path);
    try {
      const result = await openStore(temp.path, {retentionMs: 1000});
      expect(result).toEqual({ok: false, error: expect.stringMatching(NOT_OPENED)});
      expect(!result.ok && result.error).toContain(': it cannot be opened for writing (read-only: attempt to write a readonly database); logs go to files only');
    } finally {
      restore();
    }
  });

  it('path is a directory', async () => {
    mkdirSync(temp.path);
    const result = await openStore(temp.path, {retentionMs: 1000});
    expect(result).toEqual({ok: false, error: expect.stringMatching(NOT_OPENED)});
    expect(!result.ok && result.error).toContain(': it is a directory;');
  });

  it('locked by another flowctl writing the same history, until that one closes', async () => {
    const first = await mustOpen(temp.path);
    const second = await openStore(temp.path, {retentionMs: 1000});
    expect(second).toEqual({ok: false, error: expect.stringMatching(NOT_OPENED)});
    expect(!second.ok && second.error).toContain('another flowctl is writing it');
    await first.close();
    const third = await mustOpen(temp.path);
    await third.close();
  });

  it('locked exclusively by another process', async () => {
    await lockHolder(temp.path, 'exclusive');
    const result = await openStore(temp.path, {retentionMs: 1000});
    expect(result).toEqual({ok: false, error: expect.stringMatching(NOT_OPENED)});
    expect(!result.ok && result.error).toMatch(/locked|busy/i);
  });

  it('creates the folder when missing', async () => {
    const store = await mustOpen(join(temp.dir, 'logs', 'nested', 'history.db'));
    await store.close();
  });
});

describe('read-only opening', () => {
  it('refuses a missing file', async () => {
    const result = await openStore(temp.path, {retentionMs: 1000, readonly: true});
    expect(result).toEqual({ok: false, error: expect.stringMatching(/^cannot read log history at .*history\.db: /)});
  });

  it('refuses a SQLite file that is not a flowctl history', async () => {
    const other = new Database(temp.path);
    other.exec('CREATE TABLE t (x)');
    other.close();
    const result = await openStore(temp.path, {retentionMs: 1000, readonly: true});
    expect(result).toEqual({ok: false, error: expect.stringContaining('not a flowctl log history')});
  });

  it('refuses a corrupt file', async () => {
    writeFileSync(temp.path, 'garbage'.repeat(1000));
    const result = await openStore(temp.path, {retentionMs: 1000, readonly: true});
    expect(result).toEqual({ok: false, error: expect.stringContaining('file is not a database')});
  });

  it('treats writing to a read-only history as a bug', async () => {
    await (await mustOpen(temp.path)).close();
    const reader = await mustOpen(temp.path, {readonly: true});
    expect(() => reader.append([entry()])).toThrow(/read-only log store/);
    await reader.close();
  });
});

describe('write failures after opening', () => {
  it('reports them, counts the lost entries, and keeps writing once the lock is gone', async () => {
    const store = await mustOpen(temp.path, {busyTimeoutMs: 50});
    const errors: string[] = [];
    store.onError((message) => errors.push(message));
    const holder = await lockHolder(temp.path, 'write');
    store.append([entry({runId: 'r', seq: 1}), entry({runId: 'r', seq: 2})]);
    await store.flush();
    expect(store.dropped).toBe(2);
    expect(errors).toEqual([expect.stringMatching(/^could not save 2 entries: database is locked/)]);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    store.append([entry({runId: 'r', seq: 3})]);
    await store.flush();
    await until(async () => (await collect(store.query(undefined))).length === 1, 'the later entry committed');
    expect(store.dropped).toBe(2);
    await store.close();
  });

  it('reports a run of failures with one cause once, then the entries lost after the report once it can write again', async () => {
    const store = await mustOpen(temp.path, {busyTimeoutMs: 50});
    const errors: string[] = [];
    const counts: number[] = [];
    store.onError((message) => errors.push(message));
    store.onDropped((count) => counts.push(count));
    const holder = await lockHolder(temp.path, 'write');
    for (let seq = 1; seq <= 9; seq += 3) {
      store.append([entry({runId: 'r', seq}), entry({runId: 'r', seq: seq + 1}), entry({runId: 'r', seq: seq + 2})]);
      // Each flush makes its own failed commit.
      await store.flush();
    }
    // Regression (report storm): `up` turns each report into an entry, whose commit failed
    // and was reported again, one more report every busy timeout for as long as the lock held.
    expect(errors).toEqual([expect.stringMatching(/^could not save 3 entries: database is locked/)]);
    expect(counts).toEqual([3, 3, 3]);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    store.append([entry({runId: 'r', seq: 10})]);
    await store.flush();
    expect(errors.slice(1)).toEqual(['6 more entries were not saved (database is locked) before the history could write again']);
    expect(store.dropped).toBe(9);
    await store.close();
  });

  it('tells the entries lost after the first report when it closes still failing', async () => {
    const store = await mustOpen(temp.path, {busyTimeoutMs: 50});
    const errors: string[] = [];
    store.onError((message) => errors.push(message));
    const holder = await lockHolder(temp.path, 'write');
    store.append([entry({runId: 'r', seq: 1})]);
    await store.flush();
    store.append([entry({runId: 'r', seq: 2}), entry({runId: 'r', seq: 3})]);
    await store.close();
    holder.kill('SIGKILL');
    // (Closing also refreshes the planner's statistics, which the lock refuses too.)
    expect(errors.slice(0, 2)).toEqual([expect.stringMatching(/^could not save 1 entries: database is locked/), '2 more entries were not saved (database is locked)']);
    expect(store.dropped).toBe(3);
  });
});

/** A closed history of `count` entries of run `r`, ~300 bytes of text each: a few dozen pages. */
async function writtenHistory(path: string, count = 3000): Promise<void> {
  const store = await mustOpen(path);
  store.beginRun('r', {pipeline: 'p', startedAt: Date.now()});
  const text = (seq: number): string => `entry ${seq} ${'x'.repeat(300)}`;
  store.append(Array.from({length: count}, (_, i) => entry({runId: 'r', seq: i + 1, raw: text(i + 1), message: text(i + 1)})));
  await store.close();
}

describe('a damaged history (pages overwritten, not just the header)', () => {
  it('damaged-history-moved-aside: up keeps the damaged file under another name, says so, and starts a new history', async () => {
    await writtenHistory(temp.path);
    // As the bug report did it: dd bs=32768 seek=2 count=8.
    damagePages(temp.path, 3, 8);
    const damaged = readFileSync(temp.path);
    // Regression: the worker read the damaged file outside its try/catch, its SqliteError
    // crossed the thread boundary without a message, and `up` died of a TypeError.
    const store = await mustOpen(temp.path);
    const said: string[] = [];
    store.onError((message) => said.push(message));
    expect(said).toEqual([
      expect.stringMatching(/^the history at .*history\.db is damaged \(database disk image is malformed\); it was moved to .*history\.db\.corrupt-\d{8}T\d{6}Z and a new history started$/),
    ]);
    expect(await store.runs()).toEqual([]);
    store.append([entry({runId: 'new', seq: 1})]);
    await store.flush();
    expect(await collect(store.query(undefined))).toHaveLength(1);
    await store.close();
    const aside = readdirSync(temp.dir).find((name) => /^history\.db\.corrupt-\d{8}T\d{6}Z$/.test(name));
    expect(aside).toBeDefined();
    expect(readFileSync(join(temp.dir, aside ?? '')).equals(damaged)).toBe(true);
  });

  it('damaged-history-read-only: flowctl logs is told it is damaged, the file left as it was', async () => {
    await writtenHistory(temp.path);
    damagePages(temp.path, 3, 8);
    const result = await openStore(temp.path, {retentionMs: 0, readonly: true});
    expect(result).toEqual({
      ok: false,
      error: `cannot read log history at ${temp.path}: it is damaged (database disk image is malformed); the next \`flowctl up\` moves it aside and starts a new one`,
    });
    expect(readdirSync(temp.dir).filter((name) => name.startsWith('history.db.'))).toEqual([]);
  });

  it('damaged-history-block-read: a damaged block is marked where it is missing, the entries around it are read', async () => {
    const store = await mustOpen(temp.path);
    // Three blocks of 512; the middle one holds a long line of Z, stored on pages of its own.
    const all = Array.from({length: 1536}, (_, i) => entry({runId: 'r', seq: i + 1, raw: i === 700 ? 'Z'.repeat(200_000) : `line ${i + 1}`}));
    store.append(all);
    await store.close();
    const pages = pagesFullOf(temp.path, 'Z'.charCodeAt(0));
    expect(pages.length).toBeGreaterThan(2);
    damagePages(temp.path, pages[0] ?? 0, 1);
    const reader = await mustOpen(temp.path, {readonly: true});
    const read = await collect(reader.query(undefined, {runId: 'r'}));
    await reader.close();
    const marker = read.find((e) => e.stream === 'control');
    expect(marker).toMatchObject({
      seq: 513,
      level: 'error',
      fields: {flowctl: 'history-damaged'},
      message: expect.stringMatching(/^512 entries of run r \(seq 513–1024\) could not be read: the log history is damaged \(database disk image is malformed\)/),
    });
    expect(read.filter((e) => e.stream !== 'control').map((e) => e.seq)).toEqual([...range(1, 512), ...range(1025, 1536)]);
    expect(read.indexOf(marker as LogEntry)).toBe(512);
  });

  it('damaged-history-mid-run: reported once, the history off for the run (files only), the file moved aside, close still resolves', async () => {
    const store = await mustOpen(temp.path);
    const said: string[] = [];
    const dropped: number[] = [];
    store.onError((message) => said.push(message));
    store.onDropped((count) => dropped.push(count));
    store.beginRun('r', {pipeline: 'p', startedAt: Date.now()});
    store.append(Array.from({length: 3000}, (_, i) => entry({runId: 'r', seq: i + 1, raw: `entry ${i + 1} ${'x'.repeat(300)}`})));
    await store.flush();
    // Another connection checkpoints everything into the main file (so the writer reads its
    // pages from there again), then the disk damages it.
    const other = new Database(temp.path);
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    damagePages(temp.path, 2, 20);
    store.append([entry({runId: 'r', seq: 3001}), entry({runId: 'r', seq: 3002})]);
    await store.flush();
    expect(said).toEqual([
      expect.stringMatching(
        /^the history at .*history\.db is damaged \(database disk image is malformed\): no more entries are saved this run, logs go to files only; it was moved to .*history\.db\.corrupt-\d{8}T\d{6}Z, and the next run starts a new history \(2 entries not saved\)$/,
      ),
    ]);
    expect(dropped).toEqual([2]);
    // Later entries are not counted as lost: the history said it is off.
    store.append([entry({runId: 'r', seq: 3003})]);
    await store.flush();
    expect(store.dropped).toBe(2);
    expect(said).toHaveLength(1);
    await store.close();
    expect(readdirSync(temp.dir).some((name) => /^history\.db\.corrupt-\d{8}T\d{6}Z$/.test(name))).toBe(true);
    expect(readdirSync(temp.dir)).not.toContain('history.db');
    // The next run starts a new history.
    const next = await mustOpen(temp.path);
    expect(await next.runs()).toEqual([]);
    await next.close();
  });
});

describe('a block whose BLOBs were overwritten (SQLite does not look inside a BLOB, so only the reader can tell)', () => {
  /** Three blocks of 512 in run `r`, with fields; the middle one's block_data changed by `sql` (`@id` is its rowid). */
  async function damagedMiddleBlock(sql: string): Promise<LogEntry[]> {
    const store = await mustOpen(temp.path);
    store.append(Array.from({length: 1536}, (_, i) => entry({runId: 'r', seq: i + 1, raw: `line ${i + 1}`, fields: {n: String(i), [`k${i % 7}`]: 'v'}})));
    await store.close();
    const db = new Database(temp.path);
    const id = (db.prepare("SELECT run_key FROM runs WHERE run_id = 'r'").pluck().get() as number) * 2 ** SEQ_BITS + 513;
    // A function of the test's, to change one number inside a BLOB.
    db.function('with_double', (blob: Buffer, at: bigint | number, value: number) => {
      const changed = Buffer.from(blob);
      changed.writeDoubleLE(value, Number(at));
      return changed;
    });
    expect(db.prepare(sql).run({id}).changes).toBe(1);
    db.close();
    const reader = await mustOpen(temp.path, {readonly: true});
    try {
      return await collect(reader.query(undefined, {runId: 'r'}));
    } finally {
      await reader.close();
    }
  }

  it.each<[string, string, RegExp]>([
    ['a field count of 1e300 in numbers (the decoder spun for ever)', 'UPDATE block_data SET numbers = with_double(numbers, 40, 1e300) WHERE id = @id', /entry 1: field count 1e\+300\)/],
    ['lengths overwritten', 'UPDATE block_data SET lengths = randomblob(length(lengths)) WHERE id = @id', /a block's contents do not fit together: /],
    ['numbers overwritten', 'UPDATE block_data SET numbers = randomblob(length(numbers)) WHERE id = @id', /a block's contents do not fit together: entry 1: /],
    ['utf8 cut to 10 bytes', 'UPDATE block_data SET utf8 = substr(utf8, 1, 10) WHERE id = @id', /its text pieces add up to \d+ bytes, its text is 10\)/],
    ['utf8 longer', 'UPDATE block_data SET utf8 = CAST(utf8 || zeroblob(100) AS BLOB) WHERE id = @id', /its text pieces add up to \d+ bytes, its text is \d+\)/],
    ['utf8 bytes that are not UTF-8', "UPDATE block_data SET utf8 = CAST(substr(utf8, 1, 100) || x'fffefd' || substr(utf8, 104) AS BLOB) WHERE id = @id", /its text is not UTF-8\)/],
    ['utf8 turned TEXT (it threw a TypeError)', 'UPDATE block_data SET utf8 = CAST(utf8 AS TEXT) WHERE id = @id', /a block's text is not a BLOB\)/],
    ['tags turned TEXT (it threw a TypeError)', 'UPDATE block_data SET tags = CAST(tags AS TEXT) WHERE id = @id', /its tags are not a BLOB\)/],
    ['a level naming a name that is not there', "UPDATE block_data SET tags = CAST(substr(tags, 1, length(tags) - 4) || x'0f270000' AS BLOB) WHERE id = @id", /a block's names do not fit: entry 512: its level is name 9999, past the \d+ names\)/],
  ])('damaged-block-blob: %s is marked where the block is missing, the entries around it are read', async (_, sql, why) => {
    const read = await damagedMiddleBlock(sql);
    const markers = read.filter((e) => e.stream === 'control');
    expect(markers).toEqual([
      expect.objectContaining({
        seq: 513,
        level: 'error',
        fields: {flowctl: 'history-damaged'},
        message: expect.stringMatching(/^512 entries of run r \(seq 513–1024\) could not be read: the log history is damaged \(a block's/) as string,
      }),
    ]);
    expect(markers[0]?.message).toMatch(why);
    expect(read.filter((e) => e.stream !== 'control').map((e) => e.seq)).toEqual([...range(1, 512), ...range(1025, 1536)]);
    expect(read.indexOf(markers[0] as LogEntry)).toBe(512);
  });
});
