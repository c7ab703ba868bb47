import {spawn, type ChildProcess} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, describe, expect, it} from 'vitest';
import {openStore} from '../../../src/logs/store/index.js';
import {collect, entry, mustOpen, unwritableDir, until, useTempHistory} from './helpers.js';

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
