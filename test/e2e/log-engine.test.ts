/**
 * Issue 4 end to end: a real `flowctl up` whose components print known lines in several
 * formats (zap JSON, Go `log`, logfmt, plain text with level tokens, a multi-line Node
 * error), run twice; then the history is reopened read-only and through `flowctl logs
 * --file` (offline), queried by every filter term, and exported in every format.
 *
 * The components run one after the other (`completed_successfully`), so the order of the
 * entries — and of every query answer — is fixed.
 */
import {readFileSync} from 'node:fs';
import Database from 'better-sqlite3';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {LogEntry} from '../../src/logs/entry.js';
import {parseExport, type ParseableFormat} from '../../src/logs/export/index.js';
import {consolePrefixWidth, renderEntry} from '../../src/logs/render.js';
import {componentsText, levelBit} from '../../src/logs/store/block-summary.js';
import {MAX_SEQ, SEQ_BITS} from '../../src/logs/store/schema.js';
import {FULL_RUN, QUERIES, summary} from './log-engine-queries.js';
import {fixture, flowctl, lines, ndjson, queryStore, scratch, storedRuns, UP, ZONE_OFFSET_MS, type Scratch} from './log-e2e-helpers.js';

const ZAP = [
  '{"level":"debug","ts":1705744800.5,"caller":"go/main.go:40","msg":"dialing backend","backend_type":"RPC"}',
  '{"level":"info","ts":1705744801.25,"caller":"go/main.go:59","msg":"Stellar Live Source starting","backend_type":"RPC","network":"testnet"}',
  '{"level":"warn","ts":1705744802,"caller":"server/server.go:343","msg":"Circuit breaker open","state":"open","failure_count":5}',
  '{"level":"error","ts":1705744803,"caller":"server/server.go:360","msg":"ledger fetch failed","ledger":2187806,"error":"timeout"}',
];
// Go `log` prints local time; the children run in +05:30, so these are 10:00:04Z and 10:00:05Z.
const GO_LOG = ['2024/01/20 15:30:04 Connecting to RPC endpoint: https://soroban-testnet.stellar.org', '2024/01/20 15:30:05 Processed 100 ledgers (latest: 2187905)'];
const LOGFMT = [
  'time=2024-01-20T10:00:06Z level=info msg="event sent" request_id=42 ledger=2187806',
  'time=2024-01-20T10:00:07Z level=warn msg="slow consumer" request_id=43 lag=1.5s',
];
const plainLines = (run: number): string[] => ['[WARN] disk almost full', `plain progress line, run ${run}`, 'ERROR: could not flush buffer'];
const NODE_ERROR = [
  'Error: connection refused',
  '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
];
const NODE = [...NODE_ERROR, 'retrying in 5s'];

const at = (iso: string): number => Date.parse(iso);

let s: Scratch;
let storePath: string;
let pipelineFile: string;
let runs: string[];
/** Every entry of the latest run, as the store holds it. */
let latest: LogEntry[];

function writePipeline(): string {
  const emit = fixture('emit');
  const component = (name: string, type: string, payload: string, stream: string, after?: string): string =>
    `    - name: ${name}
      type: ${type}
      command: [node, ${emit}]
      env: {EMIT_FILE: "${s.path(payload)}", EMIT_STREAM: ${stream}}
${after === undefined ? '' : `      depends_on: {${after}: {condition: completed_successfully}}\n`}`;
  return s.write(
    'pipeline.yaml',
    `pipeline:
  name: log-engine-e2e
  components:
${component('zapper', 'source', 'zap.txt', 'stderr')}${component('golog', 'processor', 'golog.txt', 'stderr', 'zapper')}${component('fmtter', 'processor', 'logfmt.txt', 'stdout', 'golog')}${component('plain', 'processor', 'plain.txt', 'stdout', 'fmtter')}${component('noder', 'sink', 'node.txt', 'stderr', 'plain')}`,
  );
}

async function up(run: number): Promise<void> {
  s.write('plain.txt', plainLines(run).join('\n') + '\n');
  const result = await flowctl(s, [...UP, pipelineFile]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  // The store opened: no "logs go to files only" note.
  expect(result.stdout).not.toMatch(/log history/);
}

beforeAll(async () => {
  s = scratch('log-engine');
  s.write('zap.txt', ZAP.join('\n') + '\n');
  s.write('golog.txt', GO_LOG.join('\n') + '\n');
  s.write('logfmt.txt', LOGFMT.join('\n') + '\n');
  s.write('node.txt', NODE.join('\n') + '\n');
  pipelineFile = writePipeline();
  storePath = s.path('logs', 'history.sqlite');
  await up(1);
  await up(2);
  runs = await storedRuns(storePath);
  latest = await queryStore(storePath, {}, runs[0]);
}, 60_000);
afterAll(() => s?.remove());

describe('the history of a finished pipeline', () => {
  it('keeps two runs apart, newest first', () => {
    expect(runs).toHaveLength(2);
    expect(runs[0]).not.toBe(runs[1]);
  });

  it('holds every printed line as one parsed entry: level, time from the line, fields, raw', () => {
    const run = runs[0];
    const lineStamped = (componentId: string, componentType: string, stream: string, raw: string, rest: Partial<LogEntry>): Partial<LogEntry> => ({
      componentId, componentType, stream, raw, runId: run, restart: 0, truncated: false, fields: {}, ...rest,
    }) as Partial<LogEntry>;
    const printed = latest.filter((e) => e.stream !== 'control');
    expect(printed).toEqual(
      [
        lineStamped('zapper', 'source', 'stderr', ZAP[0]!, {level: 'debug', message: 'dialing backend', timestamp: at('2024-01-20T10:00:00.500Z'), fields: {caller: 'go/main.go:40', backend_type: 'RPC'}}),
        lineStamped('zapper', 'source', 'stderr', ZAP[1]!, {level: 'info', message: 'Stellar Live Source starting', timestamp: at('2024-01-20T10:00:01.250Z'), fields: {caller: 'go/main.go:59', backend_type: 'RPC', network: 'testnet'}}),
        lineStamped('zapper', 'source', 'stderr', ZAP[2]!, {level: 'warn', message: 'Circuit breaker open', timestamp: at('2024-01-20T10:00:02Z'), fields: {caller: 'server/server.go:343', state: 'open', failure_count: '5'}}),
        lineStamped('zapper', 'source', 'stderr', ZAP[3]!, {level: 'error', message: 'ledger fetch failed', timestamp: at('2024-01-20T10:00:03Z'), fields: {caller: 'server/server.go:360', ledger: '2187806', error: 'timeout'}}),
        lineStamped('golog', 'processor', 'stderr', GO_LOG[0]!, {level: 'unknown', message: 'Connecting to RPC endpoint: https://soroban-testnet.stellar.org', timestamp: at('2024-01-20T15:30:04Z') - ZONE_OFFSET_MS}),
        lineStamped('golog', 'processor', 'stderr', GO_LOG[1]!, {level: 'unknown', message: 'Processed 100 ledgers (latest: 2187905)', timestamp: at('2024-01-20T15:30:05Z') - ZONE_OFFSET_MS}),
        lineStamped('fmtter', 'processor', 'stdout', LOGFMT[0]!, {level: 'info', message: 'event sent', timestamp: at('2024-01-20T10:00:06Z'), fields: {request_id: '42', ledger: '2187806'}}),
        lineStamped('fmtter', 'processor', 'stdout', LOGFMT[1]!, {level: 'warn', message: 'slow consumer', timestamp: at('2024-01-20T10:00:07Z'), fields: {request_id: '43', lag: '1.5s'}}),
        lineStamped('plain', 'processor', 'stdout', '[WARN] disk almost full', {level: 'warn', message: 'disk almost full'}),
        lineStamped('plain', 'processor', 'stdout', 'plain progress line, run 2', {level: 'unknown', message: 'plain progress line, run 2'}),
        lineStamped('plain', 'processor', 'stdout', 'ERROR: could not flush buffer', {level: 'error', message: 'could not flush buffer'}),
        // One entry for the whole stack trace, as printed.
        lineStamped('noder', 'sink', 'stderr', NODE_ERROR.join('\n'), {level: 'error', message: 'Error: connection refused'}),
        lineStamped('noder', 'sink', 'stderr', 'retrying in 5s', {level: 'unknown', message: 'retrying in 5s'}),
      ].map((expected) => expect.objectContaining(expected)),
    );
    // Lines without a time of their own are stamped when flowctl read them.
    for (const e of printed.filter((p) => ['plain', 'noder'].includes(p.componentId))) expect(e.timestamp).toBe(e.receivedAt);
    // seq: global, strictly increasing, no holes (every published entry is stored).
    expect(latest.map((e) => e.seq)).toEqual(latest.map((_, i) => i + 1));
    expect(latest.map(summary)).toEqual(FULL_RUN);
  });

  it('summarises each stored block by exactly the levels and components of its entries (what -c and -l skip blocks by)', () => {
    const db = new Database(storePath, {readonly: true});
    const blocks = db
      .prepare(`SELECT blocks.id & ${MAX_SEQ} AS first, last_seq, levels, components FROM blocks JOIN runs ON blocks.id >> ${SEQ_BITS} = run_key
        LEFT JOIN block_summary s ON s.id = blocks.id WHERE run_id = ? ORDER BY blocks.id`)
      .all(runs[0]) as Array<{first: number; last_seq: number; levels: number | null; components: string | null}>;
    db.close();
    const held = blocks.map(({first, last_seq}) => latest.filter((e) => e.seq >= first && e.seq <= last_seq));
    expect(held.flat()).toEqual(latest);
    expect(blocks.map(({levels, components}) => ({levels, components}))).toEqual(
      held.map((entries) => ({
        levels: entries.reduce((mask, e) => mask | levelBit(e.level), 0),
        components: componentsText(new Set(entries.map((e) => e.componentId))),
      })),
    );
  });
});

/** Runs `tasks` a few at a time: each is a whole `flowctl` process on a 2-core machine. */
async function inBatches<T>(tasks: (() => Promise<T>)[], size = 4): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < tasks.length; i += size) out.push(...(await Promise.all(tasks.slice(i, i + size).map((t) => t()))));
  return out;
}

describe('every filter term: the store read directly and `flowctl logs --file` (offline) agree, exactly', () => {
  it('answers each query with exactly the expected entries', async () => {
    const names = Object.keys(QUERIES);
    const answers = await inBatches(
      names.map((name) => async () => {
        const query = QUERIES[name]!;
        // --since/--until without --run search every stored run (since-spans-runs, logs-cli.test.ts);
        // compared here with one run read directly, so the run is named.
        const timed = query.spec.since !== undefined || query.spec.until !== undefined;
        const runArgs = timed && !query.args.includes('--run') ? ['--run', runs[query.run ?? 0]!] : [];
        const cli = await flowctl(s, ['logs', '--file', pipelineFile, '--export', 'ndjson', ...query.args, ...runArgs]);
        const direct = await queryStore(storePath, query.spec, runs[query.run ?? 0]);
        return {name, query, cli, direct};
      }),
    );
    for (const {name, query, cli, direct} of answers) {
      expect({name, stderr: cli.stderr, code: cli.code}).toEqual({name, stderr: '', code: 0});
      expect({name, entries: direct.map(summary)}).toEqual({name, entries: query.expected});
      expect({name, entries: ndjson(cli.stdout)}).toEqual({name, entries: direct});
    }
  }, 90_000);

  it('--run takes a run id prefix too', async () => {
    const result = await flowctl(s, ['logs', '--file', pipelineFile, '--run', runs[1]!.slice(0, 18), '--export', 'ndjson', '-l', 'unknown', '-c', 'plain']);
    expect(result.stderr).toBe('');
    expect(ndjson(result.stdout).map((e) => [e.runId, e.message])).toEqual([[runs[1], 'plain progress line, run 1']]);
  });

  it('a bad --min-level is a usage error naming the flag', async () => {
    const result = await flowctl(s, ['logs', '--file', pipelineFile, '--min-level', 'loud']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('flowctl logs: --min-level: unknown level "loud": use trace, debug, info, warn, error, fatal or unknown\n');
  });
});

describe('exports round-trip: export then parse back equals what the store holds', () => {
  it.each<ParseableFormat>(['json', 'ndjson', 'csv'])('--export %s -o FILE', async (format) => {
    const out = s.path(`export.${format}`);
    const result = await flowctl(s, ['logs', '--file', pipelineFile, '--export', format, '-o', out]);
    expect(result).toEqual({code: 0, stdout: '', stderr: ''});
    const parsed = parseExport(format, readFileSync(out, 'utf8'));
    expect(parsed).toEqual({ok: true, value: latest});
  });

  it('--export csv of the previous run', async () => {
    const out = s.path('previous.csv');
    expect((await flowctl(s, ['logs', '--file', pipelineFile, '--run', 'previous', '--export', 'csv', '-o', out])).code).toBe(0);
    const previous = await queryStore(storePath, {}, runs[1]);
    expect(previous.map(summary)).toEqual(FULL_RUN.map((l) => l.replace('run 2', 'run 1')));
    expect(parseExport('csv', readFileSync(out, 'utf8'))).toEqual({ok: true, value: previous});
  });

  it('--export text -o FILE is the console rendering of each stored entry', async () => {
    const out = s.path('export.txt');
    expect((await flowctl(s, ['logs', '--file', pipelineFile, '--export', 'text', '-o', out])).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const width = consolePrefixWidth(['zapper', 'golog', 'fmtter', 'plain', 'noder']);
    const render = (e: LogEntry): string => renderEntry(e, {color: false, prefix: true, prefixWidth: width, timestamps: false, raw: false});
    expect(text).toBe(latest.map((e) => render(e) + '\n').join(''));
    expect(lines(text)).toContain('zapper  | WARN  Circuit breaker open state=open failure_count=5');
    expect(text.includes('\x1b')).toBe(false);
  });
});
