/**
 * `flowctl logs -f` is a live view: past the pipeline's `logging.rate_limit` its live part gets
 * a summary entry instead of the lines (which stay in the history), as the console does.
 * The history part (and GetLogs without follow) is a query: every line. Real gRPC on
 * 127.0.0.1; a fake clock drives the limiter (no refill, windows close when told).
 */
import {afterEach, expect, test} from 'vitest';
import {ControlClient} from '../../src/control/client.js';
import {startControlServer, type ControlServer} from '../../src/control/server.js';
import type {LogEntry} from '../../src/logs/entry.js';
import {Hub} from '../../src/logs/hub.js';
import {Ring} from '../../src/logs/ring.js';
import {component, FakeControl, line, pipeline, waitFor} from './helpers.js';

let server: ControlServer | undefined;
const clients: ControlClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close();
  server = undefined;
});

async function start(): Promise<{hub: Hub; clock: {now: number}; client: ControlClient}> {
  const clock = {now: Date.parse('2026-01-20T10:00:00Z')};
  const hub = new Hub({ring: new Ring({maxEntries: 10_000}), runId: 'run-rl', rateLimit: {linesPerSecond: 100, burst: 50}, now: () => clock.now, setTimer: () => () => undefined});
  const p = pipeline('rl', [component('noisy', 'source'), component('quiet', 'sink')]);
  const started = await startControlServer({hub, control: new FakeControl(p.name, p.components.map((c) => ({id: c.id, kind: c.kind}))), pipeline: p, host: '127.0.0.1', port: 0});
  if (!started.ok) throw new Error(started.error);
  server = started.value;
  const client = new ControlClient({address: started.value.address});
  clients.push(client);
  return {hub, clock, client};
}

test('regression logs-follow-not-rate-limited: the live part of a follow gets the limited lines and one summary; the history keeps every line', async () => {
  const {hub, clock, client} = await start();
  hub.publish([line('noisy', 'before the follow')]);
  const stream = client.readLogs({spec: {}, follow: true, run: ''});
  const seen: LogEntry[] = [];
  const reading = (async () => {
    for await (const batch of stream) {
      seen.push(...batch);
      if (batch.some((e) => e.message === 'the end')) return;
    }
  })();
  // Live once a marker of the quiet component (its own bucket) comes through.
  await waitFor(() => {
    hub.publish([line('quiet', 'marker')]);
    return seen.some((e) => e.message === 'marker');
  }, 'the follower to be live');
  hub.publish(Array.from({length: 6000}, (_, i) => line('noisy', `noisy ${i + 1}`)));
  clock.now += 1000; // the summary window closes; the clock does not refill the bucket before
  hub.publish([line('quiet', 'the end')]);
  await reading;
  stream.cancel();
  const noisy = seen.filter((e) => e.componentId === 'noisy' && e.stream !== 'control').map((e) => e.message);
  expect(noisy).toEqual(['before the follow', ...Array.from({length: 50}, (_, i) => `noisy ${i + 1}`)]);
  const summaries = seen.filter((e) => e.fields.flowctl === 'rate-limited');
  expect(summaries.map((e) => [e.componentId, e.level, e.message])).toEqual([
    ['noisy', 'warn', '… 5 950 lines from noisy not shown (rate limit 100/s); all kept in files and history'],
  ]);
  // The summary comes before the line that closed its window, after the lines it stands for.
  expect(seen.at(-2)?.fields.flowctl).toBe('rate-limited');

  const history: LogEntry[] = [];
  for await (const batch of client.readLogs({spec: {components: ['noisy']}, follow: false, run: ''})) history.push(...batch);
  expect(history).toHaveLength(6001);
  expect(history.some((e) => e.stream === 'control')).toBe(false);
});
