/**
 * `flowctl attach`'s source over a real control plane on 127.0.0.1: history then live
 * entries into the local ring, polled status, actions as RPCs, detach without stopping.
 */
import {afterEach, expect, test} from 'vitest';
import {ControlClient} from '../../src/control/client.js';
import {Hub} from '../../src/logs/hub.js';
import {Ring} from '../../src/logs/ring.js';
import {createRemoteTuiSource, type RemoteStatus} from '../../src/tui/remote-source.js';
import {ok} from '../../src/util/result.js';
import type {LogEntry} from '../../src/logs/entry.js';
import type {TuiSource} from '../../src/tui/source.js';
import {component, line, pipeline, startHarness, waitFor, type Harness} from '../control/helpers.js';
import {KEYS, mount, type Mounted} from './helpers.js';

let harness: Harness | undefined;
let source: TuiSource | undefined;
let ui: Mounted | undefined;
afterEach(async () => {
  ui?.unmount();
  source?.close();
  await harness?.server.close();
  ui = source = harness = undefined;
});

test('history and live entries, status, restart, and q detaches without stopping the pipeline', async () => {
  harness = await startHarness();
  harness.hub.publish([line('source-a', 'before attach 1'), line('proc-b', 'before attach 2')]);
  source = createRemoteTuiSource({client: new ControlClient({address: harness.server.address}), pipelineName: 'test-pipeline', pollMs: 100});
  const s = source;
  await waitFor(() => s.ring.size === 2 || undefined, 'history');
  await waitFor(() => s.status().length === 2 || undefined, 'status');
  expect(s.status().map((c) => [c.id, c.state, c.pid])).toEqual([
    ['source-a', 'running', 4242],
    ['proc-b', 'running', 4242],
  ]);
  ui = await mount(s);
  await ui.waitForFrame((frame) => frame.includes('before attach 2') && frame.includes('(attached)'));
  harness.hub.publish([line('proc-b', 'live after attach')]);
  await ui.waitForFrame((frame) => frame.includes('live after attach'));
  await ui.press('j', 'r');
  await ui.waitForFrame((frame) => frame.includes('proc-b: restarted'));
  expect(harness.control.calls).toEqual(['restart proc-b']);
  await ui.press('q');
  await ui.controller.done;
  expect(harness.control.calls).toEqual(['restart proc-b']); // no shutdown: only detached
});

test('an action the pipeline refuses is shown with its reason', async () => {
  harness = await startHarness();
  source = createRemoteTuiSource({client: new ControlClient({address: harness.server.address}), pipelineName: 'test-pipeline', pollMs: 100});
  const s = source;
  await waitFor(() => s.status().length === 2 || undefined, 'status');
  ui = await mount(s);
  await ui.waitForFrame((frame) => frame.includes('source-a'));
  await ui.press('x', 'y');
  await ui.waitForFrame((frame) => frame.includes('source-a: stopped'));
  await ui.press('x', 'y');
  await ui.waitForFrame((frame) => frame.includes('stop source-a:') && frame.includes('already stopped'));
});

test('the end of the pipeline shows as a note in the timeline', async () => {
  harness = await startHarness();
  source = createRemoteTuiSource({client: new ControlClient({address: harness.server.address}), pipelineName: 'test-pipeline', pollMs: 100});
  const s = source;
  await waitFor(() => s.status().length === 2 || undefined, 'status');
  await harness.server.close();
  harness = undefined;
  await waitFor(() => s.ring.query(undefined).some((e) => e.stream === 'control' && /no more entries|lost the log stream/.test(e.message)) || undefined, 'a note');
});

test('regression attach-not-rate-limited: the attached pipeline\'s rate limit applies to the live entries, with its summary in the following pane', async () => {
  const clock = {now: Date.parse('2026-01-20T10:00:00Z')};
  const hub = new Hub({ring: new Ring(), runId: 'run-rl', rateLimit: {linesPerSecond: 10, burst: 5}, now: () => clock.now, setTimer: () => () => undefined});
  harness = await startHarness({hub});
  hub.publish([line('source-a', 'before attach')]);
  source = createRemoteTuiSource({client: new ControlClient({address: harness.server.address}), pipelineName: 'test-pipeline', pollMs: 100});
  const s = source;
  ui = await mount(s, {rows: 40});
  await ui.waitForFrame((frame) => frame.includes('before attach'));
  // Live once a marker of the other component (its own bucket) comes through.
  await waitFor(() => {
    hub.publish([line('proc-b', 'marker')]);
    return s.ring.query(undefined).some((e) => e.message === 'marker');
  }, 'the live stream');
  hub.publish(Array.from({length: 100}, (_, i) => line('source-a', `noisy ${i + 1}`)));
  clock.now += 1000;
  hub.publish([line('proc-b', 'the end')]);
  const following = await ui.waitForFrame((frame) => frame.includes('the end'));
  expect(following).toContain('noisy 5');
  expect(following).not.toContain('noisy 6');
  expect(following).toContain('… 95 lines from source-a not shown (rate limit 10/s)');
  // Paused, older entries come from the pipeline's history: every line.
  await ui.press(KEYS.tab, 'k');
  await ui.waitForFrame((frame) => frame.includes('noisy 100'));
});

test("regression attach-no-level-floor: the pipeline's per-component logging.level hides lower lines in the attached UI, history and live", async () => {
  const quiet = component('proc-b');
  harness = await startHarness({pipeline: pipeline('test-pipeline', [component('source-a', 'source'), {...quiet, logging: {...quiet.logging, level: 'warn'}}])});
  harness.hub.publish([line('proc-b', 'old debug noise', {level: 'debug'}), line('proc-b', 'old warning', {level: 'warn'}), line('source-a', 'old info')]);
  const client = new ControlClient({address: harness.server.address});
  const first = await client.status();
  if (!first.ok) throw new Error(first.error.message);
  expect(first.value.components.map((c) => [c.id, c.logLevel])).toEqual([['source-a', ''], ['proc-b', 'warn']]);
  source = createRemoteTuiSource({client, pipelineName: 'test-pipeline', pollMs: 100, initialStatus: first.value});
  ui = await mount(source);
  await ui.waitForFrame((frame) => frame.includes('old info'));
  harness.hub.publish([line('proc-b', 'live debug noise', {level: 'debug'}), line('proc-b', 'live plain noise', {level: 'unknown'}), line('proc-b', 'live warning', {level: 'warn'}), line('source-a', 'live info')]);
  const frame = await ui.waitForFrame((f) => f.includes('live info'));
  expect(frame).toContain('old warning');
  expect(frame).toContain('live warning');
  expect(frame).not.toContain('noise');
});

/** A control plane answering from a script: the stream ends when `end()` is called. */
function scriptedRemote(answer: () => RemoteStatus) {
  let endStream: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (endStream = resolve));
  const client = {
    statusCalls: 0,
    async status() {
      client.statusCalls++;
      return ok(answer());
    },
    async component() {
      return ok('');
    },
    readLogs() {
      return Object.assign(
        (async function* (): AsyncGenerator<LogEntry[]> {
          await ended;
          yield [];
        })(),
        {cancel: () => endStream()},
      );
    },
    close: () => undefined,
  };
  return {client, end: endStream};
}

function wireComponent(id: string, state: string, pid: number): RemoteStatus['components'][number] {
  return {id, kind: 'processor', state, pid, startedAt: null, restarts: 0, health: '', exitCode: 0, signal: '', reason: '', lines: 0, warnings: 0, errors: 0, lastHeartbeat: null, metrics: {}, logLevel: ''};
}

test('regression attach-stale-after-down: once the pipeline stopped, every component shows its final state and polling stops', async () => {
  // The pipeline's last answers, while it was going down: `b stopping pid 18933`, forever.
  const stopping: RemoteStatus = {pipelineName: 'p', droppedEntries: 0, components: [wireComponent('a', 'exited', 0), wireComponent('b', 'stopping', 18933)]};
  const remote = scriptedRemote(() => stopping);
  source = createRemoteTuiSource({client: remote.client, pipelineName: 'p', pollMs: 10, initialStatus: stopping});
  const s = source;
  await waitFor(() => remote.client.statusCalls >= 2 || undefined, 'polls');
  remote.end();
  await waitFor(() => s.ring.query(undefined).some((e) => e.message.includes('the pipeline stopped')) || undefined, 'the end note');
  const final = (): [string, string, number | undefined][] => s.status().map((c) => [c.id, c.state, c.pid]);
  expect(final()).toEqual([
    ['a', 'exited', undefined],
    ['b', 'stopped', undefined],
  ]);
  expect(s.status()[1]?.reason).toBe('pipeline stopped');
  // Polls no more: a late stale answer would put `stopping` back.
  const calls = remote.client.statusCalls;
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(remote.client.statusCalls).toBe(calls);
  expect(final()[1]).toEqual(['b', 'stopped', undefined]);
});
