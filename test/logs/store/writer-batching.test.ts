/**
 * Regression "a commit per line at moderate rates": at 10 000 lines/s each turn of the loop
 * appends a line or two, and each append was its own message and commit in the writer worker
 * (benchmark D: ~76 µs of CPU per line in the supervisor). Small appends now wait a moment
 * (a timer) for more; big ones and `flush` still go at once.
 */
import {afterEach, expect, it, vi} from 'vitest';
import {collect, entry, mustOpen, useTempHistory} from './helpers.js';

const temp = useTempHistory();
afterEach(() => {
  vi.useRealTimers();
});

/** Real time passing while `setTimeout` is faked: turns of the loop until `ms` elapsed. */
async function spin(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) await new Promise((resolve) => setImmediate(resolve));
}

const stored = async (store: Awaited<ReturnType<typeof mustOpen>>): Promise<number[]> =>
  (await collect(store.query(undefined, {runId: 'r'}))).map((e) => e.seq);

it('a few lines wait for the batch timer; a full batch goes at once', async () => {
  const store = await mustOpen(temp.path);
  vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
  store.append([entry({runId: 'r', seq: 1}), entry({runId: 'r', seq: 2})]);
  await spin(300);
  expect(await stored(store)).toEqual([]);
  vi.advanceTimersByTime(100);
  await vi.waitFor(async () => expect(await stored(store)).toEqual([1, 2]), {timeout: 10_000, interval: 20});

  const many = Array.from({length: 600}, (_, i) => entry({runId: 'r', seq: 3 + i}));
  store.append(many);
  await vi.waitFor(async () => expect((await stored(store)).length).toBe(602), {timeout: 10_000, interval: 20});
  vi.useRealTimers();
  await store.close();
});

it('flush writes a waiting small batch at once', async () => {
  const store = await mustOpen(temp.path);
  vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
  store.append([entry({runId: 'r', seq: 1})]);
  await store.flush();
  expect(await stored(store)).toEqual([1]);
  vi.useRealTimers();
  await store.close();
});

it('text buffers the worker hands back are reused without touching what was stored (batches of every size)', async () => {
  const store = await mustOpen(temp.path);
  const appended = [];
  let seq = 0;
  for (let round = 0; round < 40; round++) {
    // Sizes that grow and shrink, so a recycled buffer is sometimes too small, sometimes not.
    const size = [1, 700, 3, 2000, 50][round % 5] as number;
    const batch = Array.from({length: size}, () => {
      seq++;
      return entry({runId: 'r', seq, message: `round ${round} line ${seq} ${'é'.repeat(seq % 7)}`, raw: `raw ${seq} ${'x'.repeat(seq % 300)}`, fields: {n: String(seq)}});
    });
    appended.push(...batch);
    store.append(batch);
    if (round % 2 === 0) await store.flush();
  }
  await store.flush();
  expect(await collect(store.query(undefined, {runId: 'r'}))).toEqual(appended);
  await store.close();
});
