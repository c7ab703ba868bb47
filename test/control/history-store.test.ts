import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {openStore, type LogStore} from '../../src/logs/store/index.js';
import {Ring} from '../../src/logs/ring.js';
import Database from 'better-sqlite3';
import {ControlCallError, ControlClient} from '../../src/control/client.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {damagePages} from '../logs/store/helpers.js';
import {line, startHarness, waitFor, type Harness} from './helpers.js';

let dir: string;
let store: LogStore;
let harness: Harness | undefined;
let client: ControlClient | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-control-store-'));
  const opened = await openStore(join(dir, 'history.sqlite'), {retentionMs: 0});
  if (!opened.ok) throw new Error(opened.error);
  store = opened.value;
});
afterEach(async () => {
  client?.close();
  await harness?.server.close();
  harness = undefined;
  await store.close();
  rmSync(dir, {recursive: true, force: true});
});

async function collect(stream: AsyncIterable<LogEntry[]>, stopAt = Infinity): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for await (const batch of stream) {
    out.push(...batch);
    if (out.length >= stopAt) break;
  }
  return out;
}

/** A harness whose ring keeps only 50 entries, with the store recording everything (as `up` wires it). */
async function withStore(): Promise<Harness> {
  store.beginRun('run-old', {pipeline: 'test-pipeline', startedAt: 1000});
  store.append([1, 2, 3].map((seq) => ({...line('proc-b', `old ${seq}`), seq, runId: 'run-old'})));
  store.endRun('run-old', 2000);
  const h = await startHarness({ring: new Ring({maxEntries: 50}), store, runId: 'run-now'});
  store.beginRun('run-now', {pipeline: 'test-pipeline', startedAt: Date.now()});
  h.hub.subscribe({name: 'store'}, (batch) => store.append(batch.filter((e) => e.stream !== 'control')));
  return h;
}

describe('GetLogs with the history store', () => {
  it('reads what the ring evicted from the store: all entries once, in order', async () => {
    harness = await withStore();
    harness.hub.publish(Array.from({length: 200}, (_, i) => line('proc-b', `m${i}`)));
    await waitFor(() => harness!.ring.evicted === 150, 'eviction');
    await new Promise((r) => setTimeout(r, 50));
    await store.flush();
    client = new ControlClient({address: harness.server.address});
    const all = await collect(client.readLogs({spec: {}, follow: false, run: ''}));
    expect(all.map((e) => e.seq)).toEqual(Array.from({length: 200}, (_, i) => i + 1));
    const tail = await collect(client.readLogs({spec: {tail: 70}, follow: false, run: ''}));
    expect(tail.map((e) => e.message)).toEqual(Array.from({length: 70}, (_, i) => `m${130 + i}`));
    const filtered = await collect(client.readLogs({spec: {include: ['^m1[0-9]$']}, follow: false, run: ''}));
    expect(filtered.map((e) => e.message)).toEqual(Array.from({length: 10}, (_, i) => `m1${i}`));
  });

  it('follow after an evicted history: no gap, no duplicate', async () => {
    harness = await withStore();
    const h = harness;
    h.hub.publish(Array.from({length: 120}, (_, i) => line('proc-b', `m${i}`)));
    await new Promise((r) => setTimeout(r, 50));
    await store.flush();
    client = new ControlClient({address: h.server.address});
    let n = 120;
    const pump = setInterval(() => h.hub.publish([line('proc-b', `m${n++}`)]), 2);
    try {
      const seen = await collect(client.readLogs({spec: {}, follow: true, run: ''}), 400);
      const seqs = seen.slice(0, 400).map((e) => e.seq);
      expect(seqs).toEqual(Array.from({length: 400}, (_, i) => i + 1));
    } finally {
      clearInterval(pump);
    }
  });

  it('run "previous" and a run id prefix read an earlier run from the store', async () => {
    harness = await withStore();
    await store.flush();
    client = new ControlClient({address: harness.server.address});
    const previous = await collect(client.readLogs({spec: {}, follow: false, run: 'previous'}));
    expect(previous.map((e) => e.message)).toEqual(['old 1', 'old 2', 'old 3']);
    const byId = await collect(client.readLogs({spec: {tail: 1}, follow: true, run: 'run-o'}));
    expect(byId.map((e) => e.message)).toEqual(['old 3']);
    await expect(collect(client.readLogs({spec: {}, follow: false, run: 'run-'}))).rejects.toThrow(/ambiguous/);
    await expect(collect(client.readLogs({spec: {}, follow: false, run: 'zzz'}))).rejects.toThrow(/no run "zzz"/);
  });
});

/** What a read answered before it ended, and how it ended (a status, or none). */
async function answered(stream: AsyncIterable<LogEntry[]>, stopWhen: (seen: LogEntry[]) => boolean = () => false): Promise<{entries: LogEntry[]; failure?: ControlCallError}> {
  const entries: LogEntry[] = [];
  try {
    for await (const batch of stream) {
      entries.push(...batch);
      if (stopWhen(entries)) break;
    }
  } catch (error) {
    if (!(error instanceof ControlCallError)) throw error;
    return {entries, failure: error};
  }
  return {entries};
}

describe('a history damaged while up serves GetLogs', () => {
  /** A run of 3 001 entries (the ring keeps 50), then `damage` on the closed-over file and the store turned off by it. */
  async function damagedWhileServing(damage: (path: string) => void): Promise<{h: Harness; sentence: string}> {
    harness = await withStore();
    const h = harness;
    const said: string[] = [];
    store.onError((message) => said.push(message));
    h.hub.publish(Array.from({length: 3000}, (_, i) => line('proc-b', `m${i + 1} ${'x'.repeat(300)}`)));
    await waitFor(() => h.ring.evicted === 2950, 'eviction');
    await store.flush();
    // Everything into the main file first, as after a checkpoint; then the disk damages it.
    const path = join(dir, 'history.sqlite');
    const other = new Database(path);
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    damage(path);
    // The writer finds it with the next entry: the history is off for the run.
    h.hub.publish([line('proc-b', 'after the damage')]);
    await waitFor(() => said.length > 0 || undefined, 'the store to report the damage');
    client = new ControlClient({address: h.server.address});
    return {h, sentence: `the log history of pipeline "test-pipeline" is damaged and cannot be read (CAUSE); the log files in ${h.pipeline.logging.dir} hold every line`};
  }

  it('history-unreadable-getlogs: the runs table unreadable → run "previous" ends with DATA_LOSS saying so (was no answer at all: the call hung); the current run is read', async () => {
    const {sentence} = await damagedWhileServing((path) => {
      const db = new Database(path, {readonly: true});
      const pages = db.prepare("SELECT pageno FROM dbstat WHERE name = 'runs'").pluck().all() as number[];
      db.close();
      expect(pages.length).toBeGreaterThan(0);
      for (const page of pages) damagePages(path, page, 1);
    });
    const previous = await answered(client!.readLogs({spec: {}, follow: false, run: 'previous'}));
    expect(previous.entries).toEqual([]);
    expect([previous.failure?.code, previous.failure?.message]).toEqual([15 /* DATA_LOSS */, sentence.replace('CAUSE', 'database disk image is malformed')]);
    const current = await answered(client!.readLogs({spec: {}, follow: false, run: ''}));
    expect(current.failure).toBeUndefined();
    expect(current.entries.map((e) => e.seq)).toEqual(Array.from({length: 3001}, (_, i) => i + 1));
    expect((await client!.status()).ok).toBe(true);
  });

  it('history-unreadable-ring-part: a file SQLite no longer reads → the ring part, then DATA_LOSS; a follower gets the ring part, a note, and the live entries', async () => {
    const {h, sentence} = await damagedWhileServing((path) => damagePages(path, 1, 2));
    const said = sentence.replace('CAUSE', 'file is not a database');
    const current = await answered(client!.readLogs({spec: {}, follow: false, run: ''}));
    expect(current.entries.map((e) => e.seq)).toEqual(Array.from({length: 50}, (_, i) => 2952 + i));
    expect([current.failure?.code, current.failure?.message]).toEqual([15, said]);

    const afterNote = (seen: LogEntry[]): LogEntry[] => seen.slice(seen.findIndex((e) => e.stream === 'control') + 1 || seen.length);
    const following = answered(client!.readLogs({spec: {tail: 5}, follow: true, run: ''}), (seen) => afterNote(seen).length > 0);
    await waitFor(() => {
      h.hub.publish([line('proc-b', 'live')]);
      return h.hub.nextSeq > 3010 || undefined;
    }, 'live lines');
    const followed = await following;
    expect(followed.failure).toBeUndefined();
    // The last 5 of the ring below the seam, the note at the seam, the live entries from there.
    const note = followed.entries[5];
    expect(note).toMatchObject({stream: 'control', level: 'error', message: said, fields: {flowctl: 'history-unreadable'}});
    const seam = note?.seq ?? 0;
    expect(followed.entries.slice(0, 5).map((e) => e.seq)).toEqual([seam - 5, seam - 4, seam - 3, seam - 2, seam - 1]);
    expect(afterNote(followed.entries).map((e) => [e.seq, e.message])).toEqual([[seam, 'live']]);
    expect((await client!.status()).ok).toBe(true);
  });
});
