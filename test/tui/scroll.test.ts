/** Follow mode, scrolling keys and the mouse wheel, through Ink. */
import {afterEach, expect, test} from 'vitest';
import {fixture, KEYS, lines, mount, publish, type Mounted} from './helpers.js';

let ui: Mounted | undefined;
afterEach(() => {
  ui?.unmount();
  ui = undefined;
});

const rowsOf = (frame: string): string[] => {
  const all = frame.split('\n');
  const title = all.findIndex((line) => line.includes('logs:'));
  return all.slice(title + 1, all.length - 2).filter((line) => line.trim() !== '');
};
const lastRow = (frame: string): string => rowsOf(frame).at(-1) ?? '';
const firstRow = (frame: string): string => rowsOf(frame)[0] ?? '';

test('follows by default; PgUp pauses, new lines are counted, G resumes', async () => {
  const f = fixture();
  publish(f.hub, lines('source', 200));
  ui = await mount(f.source, {rows: 24});
  await ui.waitForFrame((frame) => lastRow(frame).includes('source line 200'));
  expect(ui.frame()).toContain('● following');
  await ui.press(KEYS.pageUp);
  const paused = ui.frame();
  expect(paused).toContain('paused');
  expect(lastRow(paused)).not.toContain('source line 200');
  publish(f.hub, lines('source', 5, 201));
  const badge = await ui.waitForFrame((frame) => frame.includes('▼ 5 new lines'));
  expect(lastRow(badge)).toBe(lastRow(paused)); // the view did not move
  await ui.press('G');
  expect(ui.frame()).toContain('● following');
  expect(lastRow(ui.frame())).toContain('source line 205');
});

test('PgDn back to the newest entry resumes following; End resumes too', async () => {
  const f = fixture();
  publish(f.hub, lines('source', 100));
  ui = await mount(f.source, {rows: 24});
  await ui.waitForFrame((frame) => lastRow(frame).includes('source line 100'));
  await ui.press(KEYS.pageUp, KEYS.pageUp);
  expect(ui.frame()).toContain('paused');
  await ui.press(KEYS.pageDown);
  expect(ui.frame()).toContain('paused');
  await ui.press(KEYS.pageDown);
  expect(ui.frame()).toContain('● following');
  await ui.press(KEYS.pageUp, KEYS.end);
  expect(ui.frame()).toContain('● following');
});

test('Home and g reach the oldest retained entry: the whole ring is reachable', async () => {
  const f = fixture(['source'], 500);
  publish(f.hub, lines('source', 800));
  ui = await mount(f.source, {rows: 24});
  await ui.waitForFrame((frame) => lastRow(frame).includes('source line 800'));
  await ui.press(KEYS.home);
  expect(firstRow(ui.frame())).toContain('source line 301'); // 800 - 500 evicted
  await ui.press('G', 'g');
  expect(firstRow(ui.frame())).toContain('source line 301');
});

test('the mouse wheel scrolls three lines per notch', async () => {
  const f = fixture();
  publish(f.hub, lines('source', 100));
  ui = await mount(f.source, {rows: 24});
  await ui.waitForFrame((frame) => lastRow(frame).includes('source line 100'));
  await ui.press(KEYS.wheelUp);
  expect(lastRow(ui.frame())).toContain('source line 97');
  await ui.press(KEYS.wheelUp, KEYS.wheelDown);
  expect(lastRow(ui.frame())).toContain('source line 97');
  await ui.press(KEYS.wheelDown);
  expect(ui.frame()).toContain('● following');
});

test('in the logs (tab), ↑ selects the previous entry and scrolls at the top edge', async () => {
  const f = fixture();
  publish(f.hub, lines('source', 50));
  ui = await mount(f.source, {rows: 16});
  await ui.waitForFrame((frame) => lastRow(frame).includes('source line 50'));
  await ui.press(KEYS.tab, KEYS.up);
  const selected = (): string | undefined => rowsOf(ui?.frame() ?? '').find((row) => row.startsWith('›'));
  expect(selected()).toContain('source line 49');
  const height = rowsOf(ui.frame()).length;
  for (let i = 0; i < height; i++) await ui.press('k');
  expect(selected()).toContain(`source line ${49 - height}`);
  expect(firstRow(ui.frame())).toContain(`source line ${49 - height}`);
  await ui.press('j');
  expect(selected()).toContain(`source line ${50 - height}`);
});

test('a paused view does not redraw for entries it does not show (other pane filtered out)', async () => {
  const f = fixture();
  publish(f.hub, lines('source', 50));
  // Only the frame timer runs: the once-a-second status tick redraws on its own (uptime).
  const frameTimersOnly = {
    setInterval: (): unknown => undefined,
    clearInterval: () => undefined,
    setTimeout: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
    clearTimeout: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
  };
  ui = await mount(f.source, {rows: 24, timers: frameTimersOnly});
  await ui.waitForFrame((frame) => lastRow(frame).includes('source line 50'));
  await ui.press(' '); // hide source: the view shows nothing of it
  const version = ui.controller.getVersion();
  publish(f.hub, lines('source', 50, 51));
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(ui.controller.getVersion()).toBe(version);
  publish(f.hub, lines('sink', 1));
  await ui.waitForFrame((frame) => frame.includes('sink line 1'));
});

test('regression merged-cursor-jumps: with one component stamped 30 s behind, k and j move the selection one screen row at a time', async () => {
  const f = fixture();
  const base = Date.parse('2026-01-20T10:00:00Z');
  // Interleaved as read: source at its time, sink's clock 30 s behind (so its rows sort first).
  const entries = Array.from({length: 40}, (_, i) =>
    i % 2 === 0
      ? {componentId: 'source', raw: `source line ${i}`, timestamp: base + i * 1000}
      : {componentId: 'sink', raw: `sink line ${i}`, timestamp: base + i * 1000 - 30_000},
  );
  publish(f.hub, entries);
  ui = await mount(f.source, {rows: 24});
  await ui.waitForFrame((frame) => frame.includes('source line 38'));
  await ui.press(KEYS.tab);
  const selectedRow = (): number => rowsOf(ui?.frame() ?? '').findIndex((row) => row.startsWith('›'));
  await ui.press('k');
  let previous = selectedRow();
  expect(previous).toBeGreaterThan(0);
  const visited = new Set<string>([rowsOf(ui.frame())[previous] ?? '']);
  for (let i = 0; i < 8; i++) {
    await ui.press('k');
    const row = selectedRow();
    expect(row, `k #${i + 2}`).toBe(Math.max(0, previous - 1));
    visited.add(rowsOf(ui.frame())[row] ?? '');
    previous = row;
  }
  expect(visited.size).toBe(9); // a different entry each time
  for (let i = 0; i < 3; i++) {
    await ui.press('j');
    const row = selectedRow();
    expect(row, `j #${i + 1}`).toBe(previous + 1);
    previous = row;
  }
});
