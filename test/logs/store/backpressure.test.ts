import {describe, expect, it} from 'vitest';
import type {LogEntry} from '../../../src/logs/entry.js';
import {collect, entry, mustOpen, until, useTempHistory} from './helpers.js';

const temp = useTempHistory();

function batch(runId: string, from: number, count: number): LogEntry[] {
  return Array.from({length: count}, (_, i) => entry({runId, seq: from + i}));
}

describe('history backpressure', () => {
  it('pauses attached producers once the backlog reaches the high mark and resumes them when the writer caught up', async () => {
    const store = await mustOpen(temp.path, {waterMarks: {high: 1000, low: 100}});
    const calls: string[] = [];
    store.gate.attach({pause: () => calls.push('pause'), resume: () => calls.push('resume')});
    store.append(batch('r', 1, 999));
    expect(calls).toEqual([]);
    store.append(batch('r', 1000, 500));
    // Synchronously, before anything could be committed: the producer stops at once.
    expect(calls).toEqual(['pause']);
    expect(store.gate.holding).toBe(true);
    await until(() => calls.length === 2, 'the producer resumed');
    expect(calls).toEqual(['pause', 'resume']);
    await store.flush();
    expect(store.dropped).toBe(0);
    expect((await store.runs())[0]?.entries).toBe(1499);
    await store.close();
  });

  it('counts the backlog by size too: a few lines of hundreds of KB hold the producers like many short ones', async () => {
    const store = await mustOpen(temp.path, {waterMarks: {high: 1000, low: 100}});
    const calls: string[] = [];
    store.gate.attach({pause: () => calls.push('pause'), resume: () => calls.push('resume')});
    const big = (seq: number, kb: number): LogEntry => entry({runId: 'r', seq, raw: 'x'.repeat(kb * 1024), message: 'big'});
    // 600 KiB of text weighs as 600 entries: under the mark.
    store.append([big(1, 300), big(2, 300)]);
    expect(calls).toEqual([]);
    // 1 000 KiB in three entries: at the mark, synchronously.
    store.append([big(3, 400)]);
    expect(calls).toEqual(['pause']);
    await until(() => calls.length === 2, 'the producer resumed once the writer committed them');
    await store.flush();
    expect(store.dropped).toBe(0);
    expect((await store.runs())[0]?.entries).toBe(3);
    await store.close();
  });

  it('counts published entries not yet appended, so producers pause in the read that crossed the mark', async () => {
    const store = await mustOpen(temp.path, {waterMarks: {high: 1000, low: 100}});
    const calls: string[] = [];
    store.gate.attach({pause: () => calls.push('pause'), resume: () => calls.push('resume')});
    store.published(999);
    expect(calls).toEqual([]);
    store.published(1000);
    expect(calls).toEqual(['pause']);
    // An older announcement changes nothing.
    store.published(10);
    // Delivered late, in one batch: then committed, and the producers resume.
    store.append(batch('r', 1, 1000));
    await until(() => calls.length === 2, 'the producer resumed');
    await store.flush();
    expect(store.dropped).toBe(0);
    // Entries the hub dropped before delivering them (a gap in seq) do not stay counted.
    store.published(5000);
    store.append(batch('r', 4990, 11));
    await until(() => !store.gate.holding, 'the gate let go after the gap');
    expect(calls).toEqual(['pause', 'resume', 'pause', 'resume']);
    await store.close();
  });

  it('releases held producers when the store closes (nothing would ever resume them)', async () => {
    const store = await mustOpen(temp.path, {waterMarks: {high: 10, low: 1}});
    const calls: string[] = [];
    store.gate.attach({pause: () => calls.push('pause'), resume: () => calls.push('resume')});
    store.append(batch('r', 1, 50));
    expect(calls).toEqual(['pause']);
    const closed = store.close();
    expect(calls).toEqual(['pause', 'resume']);
    await closed;
    expect(store.gate.holding).toBe(false);
  });

  it('a read-only store never holds anyone back', async () => {
    const writer = await mustOpen(temp.path);
    const reader = await mustOpen(temp.path, {readonly: true});
    const calls: string[] = [];
    reader.gate.attach({pause: () => calls.push('pause'), resume: () => calls.push('resume')});
    expect(reader.gate.holding).toBe(false);
    expect(calls).toEqual([]);
    await reader.close();
    await writer.close();
  });
});

describe('entries the history could not take are announced, not only counted', () => {
  it('says when it starts refusing, tells each count as it happens, and gives the total once caught up', async () => {
    const store = await mustOpen(temp.path, {maxQueue: 100});
    const messages: string[] = [];
    const counts: number[] = [];
    store.onError((message) => messages.push(message));
    store.onDropped((count) => counts.push(count));
    store.append(batch('r', 1, 150));
    store.append(batch('r', 151, 30));
    expect(store.dropped).toBe(80);
    expect(counts).toEqual([50, 30]);
    expect(messages).toEqual(['the history writer is 100 entries behind: new entries are not saved until it catches up']);
    await store.flush();
    expect(messages).toEqual([
      'the history writer is 100 entries behind: new entries are not saved until it catches up',
      '80 entries were not saved while the history writer was behind (they are in the log files)',
    ]);
    // A later run of refusals is announced afresh.
    store.append(batch('r', 181, 101));
    await store.flush();
    expect(messages.slice(2)).toEqual([
      'the history writer is 100 entries behind: new entries are not saved until it catches up',
      '1 entry was not saved while the history writer was behind (they are in the log files)',
    ]);
    expect(await collect(store.query(undefined))).toHaveLength(200);
    await store.close();
  });

  it('counts appends after close as dropped and tells the drop listeners', async () => {
    const store = await mustOpen(temp.path);
    const counts: number[] = [];
    store.onDropped((count) => counts.push(count));
    await store.close();
    store.append(batch('r', 1, 3));
    expect(counts).toEqual([3]);
  });
});
