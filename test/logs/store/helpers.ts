import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, beforeEach} from 'vitest';
import type {LogEntry} from '../../../src/logs/entry.js';
import type {FilterSpec, LogFilter} from '../../../src/logs/api.js';
import {compileFilter} from '../../../src/logs/filter.js';
import {openStore, type LogStore, type OpenStoreOptions} from '../../../src/logs/store/index.js';

/**
 * A folder nothing can be created in. chmod 0555 is enough for normal users; root ignores
 * file modes, so there fall back to sysfs, which refuses new files even to root (Linux CI).
 */
export function unwritableDir(base: string): string {
  const dir = join(base, 'read-only');
  mkdirSync(dir, {recursive: true});
  chmodSync(dir, 0o555);
  try {
    writeFileSync(join(dir, 'probe'), '');
    rmSync(join(dir, 'probe'));
  } catch {
    return dir;
  }
  return '/sys/kernel';
}

/**
 * Makes the file at `path` read-only in its writable folder (chmod 444). Root ignores file
 * modes, so there the file is also made immutable (`chattr +i`, which binds root too; it
 * needs an ext4/xfs/btrfs folder). Returns what makes it removable again.
 */
export function readOnlyFile(path: string): () => void {
  chmodSync(path, 0o444);
  if (process.getuid?.() !== 0) return () => chmodSync(path, 0o644);
  execFileSync('chattr', ['+i', path]);
  return () => execFileSync('chattr', ['-i', path]);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flowctl-store-'));
}

/** For each test of the file: a fresh temp folder and a history path in it, removed after the test. */
export function useTempHistory(): {readonly dir: string; readonly path: string} {
  let dir = '';
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    rmSync(dir, {recursive: true, force: true});
  });
  return {
    get dir() {
      return dir;
    },
    get path() {
      return join(dir, 'history.db');
    },
  };
}

let nextSeq = 1;

/** A stored entry with plausible defaults; `seq` counts up unless given. */
export function entry(overrides: Partial<LogEntry> = {}): LogEntry {
  const seq = overrides.seq ?? nextSeq++;
  return {
    seq,
    componentId: 'ttp-processor',
    componentType: 'processor',
    stream: 'stdout',
    timestamp: Date.now(),
    receivedAt: Date.now(),
    level: 'info',
    message: `message ${seq}`,
    fields: {},
    raw: `message ${seq}`,
    runId: 'run-1',
    restart: 0,
    truncated: false,
    ...overrides,
  };
}

export function filter(spec: FilterSpec, now?: number): LogFilter {
  const compiled = compileFilter(spec, now);
  if (!compiled.ok) throw new Error(`${compiled.error.term}: ${compiled.error.message}`);
  return compiled.value;
}

export async function mustOpen(path: string, options: Partial<OpenStoreOptions> = {}): Promise<LogStore> {
  const opened = await openStore(path, {retentionMs: 86_400_000, ...options});
  if (!opened.ok) throw new Error(opened.error);
  return opened.value;
}

/** Entries physically in the history's blocks (readers leave out expired ones; retention deletes them). */
export function storedCount(path: string): number {
  const db = new Database(path, {readonly: true});
  try {
    return Number(db.prepare('SELECT coalesce(sum(count), 0) FROM blocks').pluck().get());
  } finally {
    db.close();
  }
}

export async function collect(pages: AsyncIterable<LogEntry[]>): Promise<LogEntry[]> {
  const all: LogEntry[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

export async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Damages a real history as a failing disk or a stray write would: `count` whole pages from
 * page `first` (1-based, so 1 is the header) overwritten with random bytes, as
 * `dd if=/dev/urandom of=FILE bs=PAGE seek=FIRST-1 count=COUNT conv=notrunc` does. The file
 * must be closed (its WAL checkpointed) or checkpointed with TRUNCATE.
 */
export function damagePages(path: string, first: number, count: number): void {
  const fd = openSync(path, 'r+');
  try {
    const header = Buffer.alloc(18);
    readSync(fd, header, 0, 18, 0);
    const raw = header.readUInt16BE(16);
    const pageSize = raw === 1 ? 65_536 : raw;
    writeSync(fd, randomBytes(pageSize * count), 0, pageSize * count, pageSize * (first - 1));
  } finally {
    closeSync(fd);
  }
}

/** Pages (1-based) of `path` whose bytes after the first 4 (an overflow page's next-page pointer) are all `byte`. */
export function pagesFullOf(path: string, byte: number): number[] {
  const file = readFileSync(path);
  const raw = file.readUInt16BE(16);
  const pageSize = raw === 1 ? 65_536 : raw;
  const pages: number[] = [];
  for (let at = 0; at + pageSize <= file.length; at += pageSize) {
    const body = file.subarray(at + 4, at + pageSize);
    if (body.every((b) => b === byte)) pages.push(at / pageSize + 1);
  }
  return pages;
}
