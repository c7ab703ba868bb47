/**
 * A store scan for text (`--grep`, the UI's search past the ring) skips a block whose lines
 * hold none of the pattern's pieces without testing its entries one by one
 * (`text-skip.ts`), and returns exactly what the in-memory filter keeps: also
 * where the shortcut must not apply (escapes, ANSI inside a word, continuation lines, entries
 * stored whole, `(?i)`, pieces spanning the end of one line and the start of the next).
 */
import Database from 'better-sqlite3';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {LogEntry} from '../../../src/logs/entry.js';
import {parseLine} from '../../../src/logs/parse/index.js';
import {LineEntry} from '../../../src/logs/parse/line-entry.js';
import {toPlain} from '../../../src/logs/parse/plain.js';
import {BlockEntries} from '../../../src/logs/store/block-entries.js';
import {BLOCK_ENTRIES} from '../../../src/logs/store/schema.js';
import {collect, entry, filter, mustOpen, useTempHistory} from './helpers.js';

const temp = useTempHistory();

afterEach(() => {
  vi.restoreAllMocks();
});

let seq = 0;

/** An entry as the supervisor makes it of a printed line: message and fields parsed from it, and marked so. */
function printed(raw: string): LogEntry {
  const parsed = parseLine(toPlain(raw));
  const line = new LineEntry('worker', 'processor', 'stdout', 1_700_000_000_000 + seq, 1_700_000_000_000 + seq, parsed.level, parsed.message, parsed.fields, raw, 0, false, 'auto');
  line.seq = ++seq;
  line.runId = 'r';
  return line as LogEntry;
}

/** A block's worth of lines made by `line` (every block holds one kind). */
function block(line: (i: number) => string): LogEntry[] {
  return Array.from({length: BLOCK_ENTRIES}, (_, i) => printed(line(i)));
}

async function stored(entries: LogEntry[]) {
  const store = await mustOpen(temp.path, {retentionMs: 0});
  store.append(entries);
  await store.flush();
  return store;
}

describe('a store scan for text', () => {
  it('tests no entry of a block whose lines lack the word, and finds it in the one that has it', async () => {
    seq = 0;
    const quiet = (i: number) => `{"level":"info","msg":"processed ledger ${i}","ledger":${i}}`;
    const entries = [...block(quiet), ...block(quiet), ...block((i) => (i === 7 ? '{"level":"error","msg":"deadlock detected"}' : quiet(i))), ...block(quiet)];
    const store = await stored(entries);
    const probes = vi.spyOn(BlockEntries.prototype, 'probe');
    const found = await collect(store.query(filter({include: ['deadlock']}), {runId: 'r'}));
    expect(found.map((e) => e.seq)).toEqual([2 * BLOCK_ENTRIES + 8]);
    // Only the block holding the word was read entry by entry.
    expect(probes).toHaveBeenCalledTimes(BLOCK_ENTRIES);
    await store.close();
  });

  it('returns what the in-memory filter keeps where the shortcut cannot tell', async () => {
    seq = 0;
    const entries = [
      // Escapes: the parsed message holds `"deadlock"` where the line spells \"dead\u006cock\".
      ...block((i) => (i % 100 === 3 ? '{"level":"info","msg":"a \\"dead\\u006cock\\" here"}' : `{"level":"info","msg":"line ${i}"}`)),
      // ANSI inside the word: the filter reads the line without it.
      ...block((i) => (i % 100 === 5 ? 'INFO dead\u001b[1mlock\u001b[0m seen' : `INFO line ${i}`)),
      // Case: (?i) finds DEADLOCK; pieces keep the pattern's flags.
      ...block((i) => (i % 100 === 9 ? 'WARN DEADLOCK on ledger' : `WARN line ${i}`)),
      // A piece across two lines: "dead" ends one, "lock" starts the next.
      ...block((i) => (i % 2 === 0 ? `INFO ${i} dead` : `lock ${i} INFO`)),
      // Lines only: fields read as key=value ("ledger=7" is in no line).
      ...block((i) => `{"level":"info","msg":"m","ledger":${i}}`),
    ];
    // Stored whole (pushed by a remote component, not parsed from its line): the word only in
    // a field's key, which the block keeps in its name table, not in its text.
    entries.push(...Array.from({length: BLOCK_ENTRIES}, (_, i) => entry({runId: 'r', seq: ++seq, raw: `remote ${i}`, message: `remote ${i}`, fields: i === 11 ? {deadlock_waits: '3'} : {}})));
    // Continuation lines: the filter also reads a multi-line entry's lines after its first.
    entries.push(...block((i) => (i === 13 ? 'ERROR failed\n\tat Deadlock.wait(Lock.java:1)' : `ERROR ${i}`)));
    const store = await stored(entries);
    for (const pattern of ['deadlock', '(?i)deadlock', 'dead', 'ledger=7', 'Deadlock\\.wait', 'dead.?lock']) {
      const compiled = filter({include: [pattern]});
      const got = await collect(store.query(compiled, {runId: 'r'}));
      expect(got.map((e) => e.seq), pattern).toEqual(entries.filter((e) => compiled.matches(e)).map((e) => e.seq));
    }
    expect((await collect(store.query(filter({include: ['deadlock']}), {runId: 'r'}))).length).toBeGreaterThanOrEqual(3);
    await store.close();
  });
});

describe('a store scan for text over a damaged block', () => {
  it.each([
    ['text that is not UTF-8', "UPDATE block_data SET utf8 = CAST(X'FF' || substr(utf8, 2) AS BLOB) WHERE id = (SELECT id FROM block_data ORDER BY id LIMIT 1 OFFSET 1)"],
    ['numbers cut short', 'UPDATE block_data SET numbers = substr(numbers, 1, 40) WHERE id = (SELECT id FROM block_data ORDER BY id LIMIT 1 OFFSET 1)'],
  ])('opens it and says it is damaged (%s), instead of passing over it', async (_what, damage) => {
    seq = 0;
    const quiet = (i: number) => `{"level":"info","msg":"processed ledger ${i}"}`;
    const store = await stored([...block(quiet), ...block(quiet), ...block(quiet)]);
    await store.close();
    const db = new Database(temp.path);
    db.exec(damage);
    db.close();
    const reopened = await mustOpen(temp.path, {retentionMs: 0});
    const found = await collect(reopened.query(filter({include: ['deadlock']}), {runId: 'r'}));
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(new RegExp(`^${BLOCK_ENTRIES} entries of run r \\(seq ${BLOCK_ENTRIES + 1}–${2 * BLOCK_ENTRIES}\\) could not be read: the log history is damaged`));
    await reopened.close();
  });
});
