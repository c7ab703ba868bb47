/**
 * Nothing is lost silently: when the history cannot save entries (here: another process
 * holds its write lock for the whole run), `flowctl up` says so on the console with the
 * counts, once per cause rather than once per failed commit, and the files stay complete.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {fixture, flowctl, lines, scratch, UP, type Scratch} from './log-e2e-helpers.js';

let s: Scratch;
let holder: ChildProcess | undefined;
beforeEach(() => {
  s = scratch('log-history-drops');
});
afterEach(() => {
  holder?.kill('SIGKILL');
  s.remove();
});

/** Another process holding an open write transaction on `file` until killed. */
async function holdWriteLock(file: string): Promise<ChildProcess> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], {cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit']});
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return child;
}

describe('entries the history could not save', () => {
  it('are announced on the console with their count, once per cause, and the log file keeps every line', async () => {
    const file = s.write(
      'pipeline.yaml',
      `pipeline:
  name: log-history-drops
  components:
    - name: source
      type: source
      command: [node, ${fixture('source')}]
      env: {LINES: "\${LE_LINES:-40}", RATE: "\${LE_RATE:-0}", SEQ_PREFIX: "1", HEALTH_PORT: "0"}
`,
    );
    // A first run creates the history; the second finds it write-locked for its whole run.
    expect((await flowctl(s, [...UP, file], {LE_LINES: '3'})).code).toBe(0);
    holder = await holdWriteLock(s.path('logs/history.sqlite'));
    const result = await flowctl(s, [...UP, file], {LE_LINES: '200', LE_RATE: '400'});
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    const first = out.filter((l) => /^flowctl \| log history: could not save \d+ entries: database is locked/.test(l));
    const more = out.filter((l) => /^flowctl \| log history: [\d,]+ more entr(y was|ies were) not saved \(database is locked\)/.test(l));
    // Regression (report storm): every failed commit was a note, itself an entry whose commit failed.
    expect(first).toHaveLength(1);
    expect(more).toHaveLength(1);
    const count = (line: string | undefined): number => Number(/(\d[\d,]*) (more )?entr/.exec(line ?? '')?.[1]?.replace(/,/g, ''));
    // Every line the component printed was lost to the history, and all of them were counted.
    const printed = lines(readFileSync(s.path('logs/source.log'), 'utf8')).length;
    expect(printed).toBeGreaterThan(200);
    expect(count(first[0]) + count(more[0])).toBeGreaterThanOrEqual(printed);
  }, 120_000);
});
