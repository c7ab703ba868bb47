import {execFileSync} from 'node:child_process';
import {closeSync, constants, mkdtempSync, openSync, readSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough, Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {startConsoleView} from '../../../src/cli/console/console-view.js';
import {PipeWriter} from '../../../src/cli/console/pipe-writer.js';
import type {LogEntry} from '../../../src/logs/entry.js';
import {Hub} from '../../../src/logs/hub.js';
import {Ring} from '../../../src/logs/ring.js';

type Pending = Omit<LogEntry, 'seq' | 'runId'>;
const line = (componentId: string, raw: string, level: LogEntry['level'] = 'unknown'): Pending => ({
  componentId,
  componentType: 'source',
  stream: 'stdout',
  timestamp: 0,
  receivedAt: 0,
  level,
  message: raw,
  fields: {},
  raw,
  restart: 0,
  truncated: false,
});

const settle = () => new Promise((resolve) => setImmediate(resolve));

function collect(): {out: Writable; text: () => string} {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return {out, text: () => text};
}

const options = {color: false, timestamps: false, prefix: true, raw: false, logDir: '/tmp/x/logs'};

describe('console view', () => {
  it('prints docker-compose style prefixes padded to the longest component id, one write per batch', async () => {
    const hub = new Hub({ring: new Ring(), runId: 'r'});
    const {out, text} = collect();
    let writes = 0;
    const write = out.write.bind(out);
    out.write = ((chunk: string) => (writes++, write(chunk))) as typeof out.write;
    const view = startConsoleView({...options, hub, out, components: [{id: 'src', minLevel: undefined}, {id: 'long-sink', minLevel: undefined}]});
    hub.publish([line('src', 'hello'), line('long-sink', 'world')]);
    await view.close();
    expect(text()).toBe('src       | hello\nlong-sink | world\n');
    expect(writes).toBe(1);
  });

  it('pipeline-note-prefix-unpadded: flowctl\'s own notes line up with short component ids', async () => {
    const hub = new Hub({ring: new Ring(), runId: 'r'});
    const {out, text} = collect();
    const view = startConsoleView({...options, hub, out, components: [{id: 'envsrc', minLevel: undefined}, {id: 'two', minLevel: undefined}]});
    hub.publish([{...line('', 'control plane listening'), stream: 'control'}, line('envsrc', 'a'), line('two', 'b')]);
    await view.close();
    expect(text()).toBe('flowctl | control plane listening\nenvsrc  | a\ntwo     | b\n');
  });

  it("regression level-floor-two-rules: hides lines below a component's logging.level, unknown as info (as --min-level), never lifecycle notes", async () => {
    const hub = new Hub({ring: new Ring(), runId: 'r'});
    const {out, text} = collect();
    const view = startConsoleView({...options, prefix: false, hub, out, components: [{id: 'p', minLevel: 'warn'}]});
    hub.publish([line('p', 'debug noise', 'debug'), line('p', 'kept warn', 'warn'), line('p', 'plain'), {...line('p', 'started'), stream: 'control'}]);
    await view.close();
    expect(text()).toBe('kept warn\nstarted\n');
  });

  it('drops (and says so) instead of blocking when the output cannot keep up', async () => {
    const hub = new Hub({ring: new Ring({maxEntries: 100_000}), runId: 'r'});
    // A reader that is not reading: a tiny buffer that fills at once.
    const out = new PassThrough({highWaterMark: 64});
    const view = startConsoleView({...options, hub, out, maxQueue: 100, maxBufferedBytes: 64, components: [{id: 'flood', minLevel: undefined}]});
    for (let i = 0; i < 50; i++) hub.publish(Array.from({length: 100}, (_, j) => line('flood', `line ${i * 100 + j}`)));
    await settle();
    expect(view.dropped).toBeGreaterThan(0);
    // The reader wakes up: the next batch starts with the drop marker pointing at the files.
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    hub.publish([line('flood', 'after')]);
    await view.close();
    // drop-notice-names-files: the component's own file, not a `<component>` placeholder.
    expect(text).toMatch(/^flowctl \| … \d[\d\s]* lines not shown \(too slow\), see \S*x\/logs\/flood\.log$/mu);
    expect(text).toMatch(/flood {3}\| after\n$/);
  });

  it('drop-notice-names-files: counts per component and names each file', async () => {
    const hub = new Hub({ring: new Ring({maxEntries: 100_000}), runId: 'r'});
    const out = new PassThrough({highWaterMark: 64});
    const view = startConsoleView({...options, logDir: `${process.cwd()}/logs`, hub, out, maxQueue: 100, maxBufferedBytes: 64, components: [{id: 'a', minLevel: undefined}, {id: 'b', minLevel: undefined}]});
    for (let i = 0; i < 30; i++) hub.publish([...Array.from({length: 60}, (_, j) => line('a', `a ${i * 60 + j}`)), ...Array.from({length: 40}, (_, j) => line('b', `b ${i * 40 + j}`))]);
    await settle();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    hub.publish([line('a', 'after')]);
    await view.close();
    const notes = text.split('\n').filter((l) => l.startsWith('flowctl | … '));
    const counts = notes.map((note) => {
      const match = /^flowctl \| … ([\d ]+) lines not shown \(too slow: a ([\d ]+), b ([\d ]+)\), see logs\/a\.log, logs\/b\.log$/u.exec(note);
      expect(match, note).not.toBeNull();
      const n = (group: string | undefined): number => Number(group?.replaceAll(' ', ''));
      expect(n(match?.[2]) + n(match?.[3])).toBe(n(match?.[1]));
      return {a: n(match?.[2]), b: n(match?.[3])};
    });
    // Every line published is either shown or counted, per component.
    const shown = (id: string): number => text.split('\n').filter((l) => l.startsWith(`${id}       | ${id} `)).length;
    expect(shown('a') + counts.reduce((sum, c) => sum + c.a, 0)).toBe(1800);
    expect(shown('b') + counts.reduce((sum, c) => sum + c.b, 0)).toBe(1200);
  });

  it('keeps handing a slow stream text past its high-water mark, up to maxBufferedBytes, before the hub has to queue', async () => {
    const hub = new Hub({ring: new Ring({maxEntries: 100_000}), runId: 'r'});
    // A pipe's libuv stream says "full" at 16 KiB; this one at 64 bytes.
    const out = new PassThrough({highWaterMark: 64});
    const view = startConsoleView({...options, prefix: false, hub, out, maxQueue: 100, maxBufferedBytes: 4096, components: [{id: 'flood', minLevel: undefined}]});
    // 30 batches of 10 short lines: ~3 KiB, under the budget, far over the stream's mark.
    for (let i = 0; i < 30; i++) {
      hub.publish(Array.from({length: 10}, (_, j) => line('flood', `line ${i * 10 + j}`)));
      await settle();
    }
    expect(out.writableLength).toBeGreaterThan(2048);
    expect(view.dropped).toBe(0);
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await view.close();
    expect(text).toBe(Array.from({length: 300}, (_, i) => `line ${i}\n`).join(''));
  });

  it('holds what a slow reader cannot take yet and writes all of it, in order, once it reads', async () => {
    const hub = new Hub({ring: new Ring({maxEntries: 100_000}), runId: 'r'});
    const out = new PassThrough({highWaterMark: 64});
    const view = startConsoleView({...options, prefix: false, hub, out, components: [{id: 'flood', minLevel: undefined}]});
    for (let i = 0; i < 50; i++) hub.publish(Array.from({length: 100}, (_, j) => line('flood', `line ${i * 100 + j}`)));
    await settle();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await view.close();
    expect(view.dropped).toBe(0);
    expect(text).toBe(Array.from({length: 5000}, (_, i) => `line ${i}\n`).join(''));
  });

  it('counts what it drops into the hub\'s dropped total (the status line and `flowctl status` show it)', async () => {
    const hub = new Hub({ring: new Ring({maxEntries: 100_000}), runId: 'r'});
    const out = new PassThrough({highWaterMark: 64});
    const view = startConsoleView({...options, hub, out, maxQueueBytes: 4096, maxBufferedBytes: 64, components: [{id: 'flood', minLevel: undefined}]});
    for (let i = 0; i < 50; i++) hub.publish(Array.from({length: 100}, (_, j) => line('flood', `line ${i * 100 + j}`)));
    await settle();
    expect(view.dropped).toBeGreaterThan(0);
    expect(hub.droppedTotal).toBe(view.dropped);
    out.resume();
    await view.close();
  });

  it('regression console-close-hangs: a reader that stopped (a paused less) does not keep close from returning', async () => {
    const hub = new Hub({ring: new Ring(), runId: 'r'});
    const out = new PassThrough({highWaterMark: 64});
    const view = startConsoleView({...options, hub, out, closeTimeoutMs: 100, components: [{id: 'a', minLevel: undefined}]});
    hub.publish(Array.from({length: 100}, (_, i) => line('a', `line ${i}`)));
    await settle();
    hub.publish([line('a', 'queued behind the stalled reader')]);
    const started = Date.now();
    await view.close();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a slow reader that keeps reading gets every line at close, however long past closeTimeoutMs', async () => {
    const hub = new Hub({ring: new Ring({maxEntries: 100_000}), runId: 'r'});
    const out = new PassThrough({highWaterMark: 64});
    const view = startConsoleView({...options, prefix: false, hub, out, closeTimeoutMs: 100, components: [{id: 'a', minLevel: undefined}]});
    for (let i = 0; i < 20; i++) hub.publish(Array.from({length: 100}, (_, j) => line('a', `line ${i * 100 + j}`)));
    let text = '';
    // 4 KiB every 10 ms: about 300 ms for the ~20 KiB, three times the stall limit.
    const reader = setInterval(() => {
      const chunk = out.read(4096) as Buffer | null;
      if (chunk !== null) text += chunk.toString();
    }, 10);
    await view.close();
    clearInterval(reader);
    for (let chunk = out.read() as Buffer | null; chunk !== null; chunk = out.read() as Buffer | null) text += chunk.toString();
    expect(view.dropped).toBe(0);
    expect(text).toBe(Array.from({length: 2000}, (_, i) => `line ${i}\n`).join(''));
  });

  it('a closed output (| head) stops the view without failing the pipeline, and without a word', async () => {
    const hub = new Hub({ring: new Ring(), runId: 'r'});
    const epipe = Object.assign(new Error('write EPIPE'), {code: 'EPIPE'});
    const out = new Writable({write: (_chunk, _encoding, callback) => callback(epipe)});
    const failures: string[] = [];
    const view = startConsoleView({...options, hub, out, components: [{id: 'a', minLevel: undefined}], onOutputFailed: (e) => failures.push(e.message)});
    hub.publish([line('a', 'one')]);
    await settle();
    hub.publish([line('a', 'two')]);
    await view.close();
    expect(hub.failedSubscribers).toBe(0);
    expect(failures).toEqual([]);
  });

  it('an output that fails otherwise (its writer thread died, a bad descriptor) is reported once, and the pipeline runs on', async () => {
    const hub = new Hub({ring: new Ring(), runId: 'r'});
    const out = new Writable({write: (_chunk, _encoding, callback) => callback(new Error('the console writer thread stopped'))});
    const failures: string[] = [];
    const view = startConsoleView({...options, hub, out, components: [{id: 'a', minLevel: undefined}], onOutputFailed: (e) => failures.push(e.message)});
    hub.publish([line('a', 'one')]);
    await settle();
    hub.publish([line('a', 'two')]);
    await settle();
    await view.close();
    expect(failures).toEqual(['the console writer thread stopped']);
    expect(hub.failedSubscribers).toBe(0);
  });
});

/** Everything a non-blocking descriptor holds now (the pipe's reader wakes up after flowctl left). */
function readAvailable(fd: number): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(64 * 1024);
  for (;;) {
    let read = 0;
    try {
      read = readSync(fd, buffer);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
    if (read <= 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

describe('console view on a reader that stops reading (a real pipe)', () => {
  it('regression console-cuts-slow-reader: a reader that takes 4 KiB every 20 ms gets one large write whole, however long past closeTimeoutMs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowctl-console-'));
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    const chunks: Buffer[] = [];
    const buffer = Buffer.alloc(4096);
    // The slow reader: a pipeful at a time would be fast; 4 KiB per 20 ms is ~200 KiB/s.
    const reader = setInterval(() => {
      try {
        const read = readSync(fd, buffer);
        if (read > 0) chunks.push(Buffer.from(buffer.subarray(0, read)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      }
    }, 20);
    try {
      const hub = new Hub({ring: new Ring({maxEntries: 100_000}), runId: 'r'});
      const out = new PipeWriter(fd);
      const notices: string[] = [];
      const view = startConsoleView({
        ...options, prefix: false, hub, out, closeTimeoutMs: 200, components: [{id: 'a', minLevel: undefined}], onAbandoned: (m) => notices.push(m),
      });
      // One batch, one write of ~330 KB: over a second and a half in flight at that pace.
      const pad = 'x'.repeat(320);
      hub.publish(Array.from({length: 1000}, (_, i) => line('a', `${String(i).padStart(5, '0')} ${pad}`)));
      await view.close();
      clearInterval(reader);
      const text = Buffer.concat(chunks).toString('utf8') + readAvailable(fd);
      expect(notices).toEqual([]);
      expect(text).toBe(Array.from({length: 1000}, (_, i) => `${String(i).padStart(5, '0')} ${pad}\n`).join(''));
    } finally {
      clearInterval(reader);
      closeSync(fd);
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('console-gives-up-silently: says on stderr how many lines of which component were not shown, which files hold them, and that the output was cut', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowctl-console-'));
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // O_RDWR: opening a FIFO this way does not wait for a reader (Linux); non-blocking as Node makes stdout.
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      const hub = new Hub({ring: new Ring({maxEntries: 100_000}), runId: 'r'});
      const out = new PipeWriter(fd);
      const notices: string[] = [];
      const view = startConsoleView({
        ...options, prefix: true, logDir: join(process.cwd(), 'logs'), hub, out, closeTimeoutMs: 200, maxQueue: 5_000,
        components: [{id: 'a', minLevel: undefined}, {id: 'b', minLevel: undefined}], onAbandoned: (m) => notices.push(m),
      });
      // Lines of 333 bytes: a pipeful (64 KiB) never ends on a line boundary by chance.
      const pad = 'x'.repeat(320);
      const total = 20_000;
      for (let i = 0; i < total; i += 500) {
        hub.publish(Array.from({length: 500}, (_, j) => line((i + j) % 2 === 0 ? 'a' : 'b', `${String(i + j).padStart(5, '0')} ${pad}`)));
        await settle();
      }
      // The reader never reads while flowctl runs: close gives up after closeTimeoutMs.
      await view.close();
      expect(notices).toHaveLength(1);
      const notice = notices[0] ?? '';
      const match = /^the console output stopped early \(its reader stopped reading\): ([\d ]+) lines not shown \(a ([\d ]+), b ([\d ]+)\), see logs\/a\.log, logs\/b\.log(; the last line printed is cut off)?$/u.exec(notice);
      expect(match, notice).not.toBeNull();
      const n = (group: string | undefined): number => Number(group?.replaceAll(' ', ''));
      const text = readAvailable(fd);
      const whole = text.split('\n').slice(0, -1);
      expect(whole.length).toBeGreaterThan(0);
      // Exactly what was not shown is counted: shown + not shown is every line, per component.
      const shown = (id: string): number => whole.filter((l) => l.startsWith(`${id}       | `)).length;
      expect(shown('a') + n(match?.[2])).toBe(total / 2);
      expect(shown('b') + n(match?.[3])).toBe(total / 2);
      expect(n(match?.[1])).toBe(n(match?.[2]) + n(match?.[3]));
      // The last line in the pipe is torn exactly when the notice says so.
      expect(match?.[4] !== undefined).toBe(!text.endsWith('\n'));
    } finally {
      closeSync(fd);
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
