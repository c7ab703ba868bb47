/**
 * --since/--until without --run search every run of the history (src/control/run-span.ts),
 * through GetLogs of a real control plane on 127.0.0.1 with a real SQLite store.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {openStore, type LogStore} from '../../src/logs/store/index.js';
import {ControlClient} from '../../src/control/client.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {formatTimestamp} from '../../src/logs/render.js';
import {line, startHarness, type Harness} from './helpers.js';

const T0 = Date.parse('2026-01-20T10:00:00Z');
let dir: string;
let store: LogStore;
let harness: Harness | undefined;
let client: ControlClient | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-run-span-'));
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

/** Runs r1..r3 stored (started at T0 + k·100 s, lines at +10, +20, +30 s), the current run r4 likewise in the ring. */
async function fourRuns(): Promise<ControlClient> {
  const at = (k: number, i: number) => T0 + (k * 100 + i * 10) * 1000;
  for (const k of [1, 2, 3]) {
    store.beginRun(`r${k}`, {pipeline: 'test-pipeline', startedAt: T0 + k * 100_000});
    store.append([1, 2, 3].map((i) => ({...line('proc-b', `r${k} line ${i}`, {timestamp: at(k, i)}), seq: i, runId: `r${k}`})));
    store.endRun(`r${k}`, at(k, 4));
  }
  store.beginRun('r4', {pipeline: 'test-pipeline', startedAt: T0 + 400_000});
  await store.flush();
  harness = await startHarness({store, runId: 'r4'});
  harness.hub.publish([1, 2, 3].map((i) => line('proc-b', `r4 line ${i}`, {timestamp: at(4, i)})));
  client = new ControlClient({address: harness.server.address});
  return client;
}

async function messages(c: ControlClient, spec: Parameters<ControlClient['readLogs']>[0]['spec'], run = ''): Promise<string[]> {
  const out: LogEntry[] = [];
  for await (const batch of c.readLogs({spec, follow: false, run})) out.push(...batch);
  return out.map((e) => (e.stream === 'control' ? `flowctl | ${e.message}` : e.message));
}

const note = (k: number) => `flowctl | run r${k} started ${formatTimestamp(T0 + k * 100_000)}`;

describe('GetLogs --since/--until without --run', () => {
  it('since-spans-runs: a time range finds its entries in whatever run they are, oldest run first, a note between runs', async () => {
    const c = await fourRuns();
    // Inside run 2 only: before, 0 lines (the current run was the only one searched).
    const second = {since: T0 + 215_000, until: T0 + 300_000};
    expect(await messages(c, second)).toEqual(['r2 line 2', 'r2 line 3']);
    expect(await messages(c, {since: T0 + 225_000})).toEqual(['r2 line 3', note(3), 'r3 line 1', 'r3 line 2', 'r3 line 3', note(4), 'r4 line 1', 'r4 line 2', 'r4 line 3']);
    expect(await messages(c, {until: T0 + 125_000})).toEqual(['r1 line 1', 'r1 line 2']);
    // --tail counts across the runs: the last 4 of them.
    expect(await messages(c, {since: T0, tail: 4})).toEqual(['r3 line 3', note(4), 'r4 line 1', 'r4 line 2', 'r4 line 3']);
    expect(await messages(c, {since: T0, tail: 2})).toEqual(['r4 line 2', 'r4 line 3']);
  });

  it('since-spans-runs: without time bounds, or with --run, one run as before', async () => {
    const c = await fourRuns();
    expect(await messages(c, {})).toEqual(['r4 line 1', 'r4 line 2', 'r4 line 3']);
    expect(await messages(c, {since: T0}, 'r2')).toEqual(['r2 line 1', 'r2 line 2', 'r2 line 3']);
  });
});
