/**
 * Shared by the `test/e2e/log-*.test.ts` files: a scratch folder per test with its own state
 * folder (so `flowctl logs` only ever sees the pipelines the test started) and a fixed,
 * non-UTC time zone for every child (so "local time" in Go `log` lines and `--since
 * '2024-01-20 15:30:00'` is tested as local, not as UTC by accident).
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {compileFilter} from '../../src/logs/filter.js';
import type {FilterSpec} from '../../src/logs/api.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {parseExport} from '../../src/logs/export/index.js';
import {openStore} from '../../src/logs/store/index.js';
import {REPO, runCli, type CliRun} from '../support/cli.js';

/** Every child runs in this zone: +05:30 all year, so local wall time = UTC + 5h30. */
export const ZONE = 'Asia/Kolkata';
export const ZONE_OFFSET_MS = 5.5 * 3600_000;

/** A stand-in component script (`fixtures/components/<name>.mjs`). */
export const fixture = (name: string): string => path.join(REPO, 'fixtures/components', `${name}.mjs`);

export interface Scratch {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Writes `text` to `<dir>/<name>` and returns the path. */
  write(name: string, text: string | Buffer): string;
  path(...parts: string[]): string;
  remove(): void;
}

export function scratch(prefix: string): Scratch {
  const dir = mkdtempSync(path.join(tmpdir(), `flowctl-${prefix}-`));
  return {
    dir,
    env: {XDG_STATE_HOME: path.join(dir, 'state'), TZ: ZONE},
    write(name, text) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
    path: (...parts) => path.join(dir, ...parts),
    remove: () => rmSync(dir, {recursive: true, force: true}),
  };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `flowctl <args>` in the scratch folder. */
export function start(s: Scratch, args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  return runCli(args, {cwd: s.dir, env: {...s.env, ...env}});
}

/** Runs `flowctl <args>` to its end. */
export async function flowctl(s: Scratch, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return finished(start(s, args, env));
}

export async function finished(run: CliRun): Promise<Finished> {
  const {code} = await run.exited;
  return {code, stdout: run.stdout(), stderr: run.stderr()};
}

/** `flowctl up` as the tests run it: plain aggregate, any free control-plane port. */
export const UP = ['up', '--no-tui', '--control-plane-port', '0'];

/** Non-empty lines of a text. */
export const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

/** Entries of an NDJSON export, or the parse error as an exception (a test failure). */
export function ndjson(text: string): LogEntry[] {
  const parsed = parseExport('ndjson', text);
  if (!parsed.ok) throw new Error(`not an NDJSON export: ${parsed.error}\n${text}`);
  return parsed.value;
}

/** Queries the history directly, read-only, as another process would. */
export async function queryStore(storePath: string, spec: FilterSpec, runId?: string): Promise<LogEntry[]> {
  const store = await openStore(storePath, {retentionMs: 0, readonly: true});
  if (!store.ok) throw new Error(store.error);
  try {
    const filter = compileFilter(spec);
    if (!filter.ok) throw new Error(`${filter.error.term}: ${filter.error.message}`);
    const out: LogEntry[] = [];
    for await (const page of store.value.query(filter.value, runId === undefined ? {} : {runId})) out.push(...page);
    return out;
  } finally {
    await store.value.close();
  }
}

/** Run ids in the history, newest first. */
export async function storedRuns(storePath: string): Promise<string[]> {
  const store = await openStore(storePath, {retentionMs: 0, readonly: true});
  if (!store.ok) throw new Error(store.error);
  try {
    return (await store.value.runs()).map((r) => r.runId);
  } finally {
    await store.value.close();
  }
}

/** Polls `check` until it returns something other than undefined/false. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `fixtures/components/lib/output.mjs` with SEQ_PREFIX: lines `<id> <n> …`; the n found, in file order. */
export function seqNumbers(text: string, id: string): number[] {
  return lines(text).map((l) => {
    const match = new RegExp(`^${id} (\\d+) `).exec(l);
    if (!match) throw new Error(`line without the ${id} seq prefix: ${JSON.stringify(l)}`);
    return Number(match[1]);
  });
}

export const range = (from: number, to: number): number[] => Array.from({length: Math.max(0, to - from + 1)}, (_, i) => from + i);
