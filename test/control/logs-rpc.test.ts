import {afterEach, describe, expect, it} from 'vitest';
import * as grpc from '@grpc/grpc-js';
import {ControlClient, ControlCallError} from '../../src/control/client.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {line, startHarness, waitFor, type Harness} from './helpers.js';

let harness: Harness | undefined;
const clients: ControlClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await harness?.server.close();
  harness = undefined;
});

function client(h: Harness, token?: string): ControlClient {
  const c = new ControlClient({address: h.server.address, token});
  clients.push(c);
  return c;
}

async function collect(stream: AsyncIterable<LogEntry[]>): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for await (const batch of stream) out.push(...batch);
  return out;
}

describe('GetLogs', () => {
  it('answers history with every filter term applied', async () => {
    harness = await startHarness();
    const t0 = Date.parse('2026-01-20T10:00:00Z');
    harness.hub.publish([
      line('source-a', 'starting', {timestamp: t0}),
      line('proc-b', 'request 42 failed', {level: 'error', timestamp: t0 + 1000, fields: {request_id: '42'}}),
      line('proc-b', 'request 43 ok', {timestamp: t0 + 2000, fields: {request_id: '43'}}),
      line('source-a', 'debug noise', {level: 'debug', timestamp: t0 + 3000}),
      line('proc-b', 'request 44 failed', {level: 'error', timestamp: t0 + 4000, fields: {request_id: '44'}}),
    ]);
    const c = client(harness);
    const messages = async (spec: Parameters<ControlClient['readLogs']>[0]['spec']) =>
      (await collect(c.readLogs({spec, follow: false, run: ''}))).map((e) => e.message);

    expect(await messages({})).toEqual(['starting', 'request 42 failed', 'request 43 ok', 'debug noise', 'request 44 failed']);
    expect(await messages({components: ['source-a']})).toEqual(['starting', 'debug noise']);
    expect(await messages({levels: ['error']})).toEqual(['request 42 failed', 'request 44 failed']);
    expect(await messages({since: t0 + 1000, until: t0 + 3000})).toEqual(['request 42 failed', 'request 43 ok']);
    expect(await messages({since: '2026-01-20T10:00:02Z'})).toEqual(['request 43 ok', 'debug noise', 'request 44 failed']);
    expect(await messages({include: ['fail']})).toEqual(['request 42 failed', 'request 44 failed']);
    expect(await messages({exclude: ['request']})).toEqual(['starting', 'debug noise']);
    expect(await messages({fields: {request_id: '43'}})).toEqual(['request 43 ok']);
    expect(await messages({tail: 2})).toEqual(['debug noise', 'request 44 failed']);
    expect(await messages({levels: ['error'], tail: 1})).toEqual(['request 44 failed']);
  });

  it('returns entries with every LogEntry field intact', async () => {
    harness = await startHarness();
    const [published] = harness.hub.publish([
      line('proc-b', 'hello', {stream: 'stderr', level: 'warn', fields: {a: '1'}, raw: '\u001b[33mhello\u001b[0m', restart: 2, truncated: true, timestamp: 1_700_000_000_123}),
    ]);
    const [received] = await collect(client(harness).readLogs({spec: {}, follow: false, run: ''}));
    expect(received).toEqual(published);
  });

  it('refuses a bad filter with INVALID_ARGUMENT naming the term, and keeps serving', async () => {
    harness = await startHarness();
    const c = client(harness);
    const failure = await collect(c.readLogs({spec: {include: ['(unclosed']}, follow: false, run: ''})).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ControlCallError);
    expect((failure as ControlCallError).code).toBe(grpc.status.INVALID_ARGUMENT);
    expect((failure as ControlCallError).message).toMatch(/^include:/);
    expect(harness.server.rejections.get('bad-filter')).toBe(1);
    expect((await c.status()).ok).toBe(true);
  });

  it('refuses an unknown run when there is no store', async () => {
    harness = await startHarness();
    const failure = await collect(client(harness).readLogs({spec: {}, follow: false, run: 'previous'})).catch((e: unknown) => e);
    expect((failure as ControlCallError).code).toBe(grpc.status.NOT_FOUND);
    expect((failure as ControlCallError).message).toMatch(/no history store/);
  });

  it('follows: history then live with no gap and no duplicate at the seam (regression: seam gap/duplicate)', async () => {
    harness = await startHarness();
    const h = harness;
    let n = 0;
    const publish = (count: number) => {
      const batch = [];
      for (let i = 0; i < count; i++) batch.push(line('proc-b', `line ${n++}`));
      h.hub.publish(batch);
    };
    publish(500);
    // Keep publishing while the follower connects and reads its history: the seam falls
    // somewhere in this stream of publishes.
    const pump = setInterval(() => publish(7), 1);
    const stream = client(h).readLogs({spec: {}, follow: true, run: ''});
    const seen: number[] = [];
    const reading = (async () => {
      for await (const batch of stream) {
        for (const e of batch) seen.push(e.seq);
        if (seen.length >= 3000) break;
      }
    })();
    await waitFor(() => n >= 3000, 'publishing');
    clearInterval(pump);
    await reading;
    const first3000 = seen.slice(0, 3000);
    expect(first3000[0]).toBe(1);
    for (let i = 1; i < first3000.length; i++) expect(first3000[i]).toBe((first3000[i - 1] ?? 0) + 1);
  });

  it('follow with a filter only delivers matching live entries', async () => {
    harness = await startHarness();
    const h = harness;
    h.hub.publish([line('source-a', 'old a'), line('proc-b', 'old b')]);
    const stream = client(h).readLogs({spec: {components: ['proc-b'], levels: ['error']}, follow: true, run: ''});
    const seen: string[] = [];
    const reading = (async () => {
      for await (const batch of stream) {
        seen.push(...batch.map((e) => e.message));
        if (seen.includes('new b error')) return;
      }
    })();
    // Publish until the follower is surely live (its history is empty: nothing matched yet).
    await new Promise((r) => setTimeout(r, 200));
    h.hub.publish([line('source-a', 'new a error', {level: 'error'}), line('proc-b', 'new b info'), line('proc-b', 'new b error', {level: 'error'})]);
    await reading;
    expect(seen).toEqual(['new b error']);
  });

  it('tail-zero: -n 0 reads none of the history, and with follow only new entries (regression: 0 read as unset, the whole run)', async () => {
    harness = await startHarness();
    const h = harness;
    h.hub.publish([line('proc-b', 'old 1'), line('proc-b', 'old 2')]);
    expect(await collect(client(h).readLogs({spec: {tail: 0}, follow: false, run: ''}))).toEqual([]);
    expect((await collect(client(h).readLogs({spec: {}, follow: false, run: ''}))).map((e) => e.message)).toEqual(['old 1', 'old 2']);
    const stream = client(h).readLogs({spec: {tail: 0}, follow: true, run: ''});
    const seen: string[] = [];
    const reading = (async () => {
      for await (const batch of stream) {
        seen.push(...batch.map((e) => e.message));
        if (seen.length > 0) return;
      }
    })();
    // New entries until the follower, once live, receives one.
    let n = 0;
    const pump = setInterval(() => h.hub.publish([line('proc-b', `new ${n++}`)]), 20);
    await reading;
    clearInterval(pump);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((message) => message.startsWith('new '))).toBe(true);
  });

  it('ends followers cleanly when the server closes', async () => {
    harness = await startHarness();
    const stream = client(harness).readLogs({spec: {}, follow: true, run: ''});
    const done = collect(stream);
    await waitFor(() => harness!.hub.ring.size >= 0 && true, 'start');
    await new Promise((r) => setTimeout(r, 100));
    await harness.server.close();
    await expect(done).resolves.toEqual([]);
  });
});
