/**
 * `flowctl up`'s source for the UI: what the pipeline's own settings take out of the live view.
 * A component's `logging.level` hides its lower lines everywhere the UI reads (the ring, the
 * store's pages, search, export), by the filter's rule (`unknown` counts as `info`).
 */
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, expect, test} from 'vitest';
import {Hub} from '../../src/logs/hub.js';
import {Ring} from '../../src/logs/ring.js';
import {parseExport} from '../../src/logs/export/index.js';
import {createLocalTuiSource} from '../../src/tui/local-source.js';
import {KEYS, lines, mount, publish, ScriptedControl, type Mounted} from './helpers.js';
import {storedFixture, type StoredFixture} from './history-fixture.js';

let ui: Mounted | undefined;
let stored: StoredFixture | undefined;
const dirs: string[] = [];
afterEach(async () => {
  ui?.unmount();
  await stored?.close();
  ui = stored = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

test("regression tui-ignores-logging-level: a component's logging.level hides its lower lines (unknown as info), never its lifecycle notes nor other components' lines", async () => {
  const hub = new Hub({ring: new Ring(), runId: 'run-1'});
  const control = new ScriptedControl(['noisy', 'quiet']);
  const source = createLocalTuiSource({hub, control, levels: [{id: 'noisy', minLevel: 'warn'}, {id: 'quiet', minLevel: undefined}]});
  publish(hub, [
    {componentId: 'noisy', raw: 'INFO-SHOULD-BE-HIDDEN', level: 'info'},
    {componentId: 'noisy', raw: 'WARN-VISIBLE', level: 'warn'},
    {componentId: 'noisy', raw: 'UNKNOWN-SHOULD-BE-HIDDEN', level: 'unknown'},
    {componentId: 'noisy', raw: 'noisy started', level: 'info', stream: 'control'},
    {componentId: 'quiet', raw: 'QUIET-INFO', level: 'info'},
  ]);
  ui = await mount(source);
  const frame = await ui.waitForFrame((f) => f.includes('QUIET-INFO'));
  expect(frame).toContain('WARN-VISIBLE');
  expect(frame).toContain('noisy started');
  expect(frame).not.toContain('SHOULD-BE-HIDDEN');
  // Search finds only what is shown.
  await ui.press('?', ...'HIDDEN', KEYS.enter, 'N');
  await ui.waitForFrame((f) => f.includes('no older match for HIDDEN') || f.includes('no newer match for HIDDEN'));
  // The user's own level filter narrows further, never widens.
  await ui.press('1');
  expect(ui.frame()).not.toContain('SHOULD-BE-HIDDEN');
});

test('logging.level holds past the ring too: the store\'s pages and the export show only what the floor lets through', async () => {
  stored = await storedFixture(['noisy', 'quiet'], 100, {levels: [{id: 'noisy', minLevel: 'warn'}, {id: 'quiet', minLevel: undefined}]});
  publish(stored.hub, Array.from({length: 1000}, (_, i) => ({componentId: 'noisy', raw: i % 10 === 0 ? `shown ${i}` : `hidden ${i}`, level: i % 10 === 0 ? 'warn' : 'info'})));
  publish(stored.hub, lines('quiet', 50));
  await stored.flushed();
  const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-tui-floor-'));
  dirs.push(dir);
  ui = await mount(stored.source, {logDir: dir});
  await ui.press('g');
  const top = await ui.waitForFrame((f) => f.includes('shown 0'));
  expect(top).not.toContain('hidden');
  await ui.press('e', 'n');
  await ui.waitForFrame((f) => /exported [\d,]+ entries/.test(f));
  const exported = parseExport('ndjson', readFileSync(path.join(dir, readdirSync(dir)[0] as string), 'utf8'));
  if (!exported.ok) throw new Error(exported.error);
  expect(exported.value.filter((e) => e.componentId === 'noisy').map((e) => e.message)).toEqual(Array.from({length: 100}, (_, i) => `shown ${i * 10}`));
  expect(exported.value.filter((e) => e.componentId === 'quiet')).toHaveLength(50);
});

test('regression tui-not-rate-limited: with logging.rate_limit, following shows the lines the limit lets through and a summary; pausing reads every line kept', async () => {
  const clock = {now: 1_705_744_800_000};
  const hub = new Hub({ring: new Ring(), runId: 'run-1', rateLimit: {linesPerSecond: 10, burst: 5}, now: () => clock.now, setTimer: () => () => undefined});
  const control = new ScriptedControl(['noisy', 'quiet']);
  ui = await mount(createLocalTuiSource({hub, control, rateLimited: true}), {rows: 40});
  publish(hub, lines('noisy', 100));
  clock.now += 1000; // the summary window closes (no refill: the fake clock stood still before)
  publish(hub, [{componentId: 'quiet', raw: 'the end'}]);
  const following = await ui.waitForFrame((f) => f.includes('the end'));
  expect(following).toContain('noisy line 5');
  expect(following).toContain('… 95 lines from noisy not shown (rate limit 10/s); all kept in files');
  expect(following).not.toContain('noisy line 6');
  // Paused, the pane reads the run as kept: the hidden lines are there, the summary is not.
  await ui.press(KEYS.tab, 'k');
  const paused = await ui.waitForFrame((f) => f.includes('noisy line 100'));
  expect(paused).not.toContain('not shown (rate limit');
  await ui.press('G');
  expect(await ui.waitForFrame((f) => f.includes('not shown (rate limit'))).not.toContain('noisy line 100');
});
