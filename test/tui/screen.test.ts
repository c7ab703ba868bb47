/**
 * The real screen: `runTui` writes Ink's real (non-debug) output into a headless xterm, and
 * the tests read the emulator's cells. This catches what lastFrame() cannot: ghost lines
 * after scrolling, filtering or resizing, the full-height clear-screen (flicker) path, and
 * whether the terminal is restored on the way out.
 */
import {stripVTControlCharacters} from 'node:util';
import xterm from '@xterm/headless';
import {FakeTty, fakeStdin, forgetRunning, start, stopRunning} from './screen-harness.js';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, expect, test, vi} from 'vitest';
import {runTui, type FrameInfo} from '../../src/tui/run.js';
import {ENTER_SEQUENCE, RESTORE_SEQUENCE} from '../../src/tui/terminal.js';
import {fixture, KEYS, lines, publish, waitFor} from './helpers.js';
import type {HistoryPager} from '../../src/tui/history.js';

const {Terminal} = xterm;

afterEach(stopRunning);

/** Screen rows below the log pane title, without the status and footer rows. */
function logArea(rows: string[]): string[] {
  const title = rows.findIndex((row) => row.includes('logs:'));
  const status = rows.findIndex((row) => row.startsWith('filter:'));
  return rows.slice(title + 1, status);
}

test('draws into the alternate screen, rows - 1 lines high, without clearing the whole screen', async () => {
  const ui = await start();
  publish(ui.f.hub, lines('source', 100));
  const rows = await ui.waitScreen((s) => s.some((row) => row.includes('source line 100')));
  expect(ui.term.buffer.active.type).toBe('alternate');
  expect(ui.stdout.written.startsWith(ENTER_SEQUENCE)).toBe(true);
  expect(rows[0]).toContain('flowctl ▸ screen-test');
  expect(rows[22]).toMatch(/^h help/); // frame = rows 0..22; row 23 stays empty
  expect(rows[23]).toBe('');
  for (let i = 0; i < 5; i++) {
    publish(ui.f.hub, lines('sink', 20, i * 20 + 1));
    await ui.waitScreen((s) => s.some((row) => row.includes(`sink line ${i * 20 + 20}`)));
  }
  // Ink 6.8's full-height path would clear screen and scrollback on every frame.
  expect(ui.stdout.written).not.toContain('\x1b[3J');
  expect(ui.term.modes.mouseTrackingMode).not.toBe('none');
});

test('no ghost lines after scrolling, filtering down to fewer rows, and resizing', async () => {
  const ui = await start();
  publish(ui.f.hub, [...lines('source', 60), ...lines('sink', 3)]);
  await ui.waitScreen((s) => s.some((row) => row.includes('sink line 3')));
  await ui.key(KEYS.pageUp);
  let rows = await ui.waitScreen((s) => s.some((row) => row.includes('paused')));
  expect(logArea(rows).every((row) => /source line \d+/.test(row))).toBe(true);
  await ui.key('G');
  await ui.key(' '); // hide source: only 3 sink rows, the rest of the pane must be blank
  rows = await ui.waitScreen((s) => s.some((row) => row.includes('hidden: source')));
  const area = logArea(rows);
  expect(area.filter((row) => row.trim() !== '')).toHaveLength(3);
  expect(area.join('\n')).not.toContain('source line');
  ui.stdout.resize(70, 18);
  // Until Ink redraws, the emulator shows the old frame reflowed; wait for the new one.
  rows = await ui.waitScreen((s) => s[16]?.startsWith('h help') === true && s.every((row) => row.length <= 70));
  expect(rows[17]).toBe('');
  expect(rows.filter((row) => row.length > 70)).toEqual([]);
  expect(logArea(rows).filter((row) => row.trim() !== '')).toHaveLength(3);
  ui.stdout.resize(40, 10);
  rows = await ui.waitScreen((s) => s[0]?.includes('Terminal too small') === true);
  expect(rows.slice(0, 2)).toEqual(['Terminal too small: 40×10, needs 50×12', '(enlarge the window)']);
  expect(rows.slice(2).every((row) => row.trim() === '')).toBe(true);
});

test('quitting restores the terminal: main screen, cursor shown, mouse off, raw mode off', async () => {
  const ui = await start();
  await ui.waitScreen((s) => s.some((row) => row.includes('COMPONENT')));
  expect(ui.stdin.isRaw).toBe(true);
  ui.stdin.write('q');
  const result = await ui.result;
  forgetRunning();
  await ui.settle();
  expect(result).toEqual({reason: 'quit'});
  expect(ui.f.control.calls).toEqual(['shutdown']);
  expect(ui.term.buffer.active.type).toBe('normal');
  expect(ui.term.modes.mouseTrackingMode).toBe('none');
  expect(ui.stdout.written).toContain(RESTORE_SEQUENCE);
  expect(stripVTControlCharacters(ui.stdout.written.slice(ui.stdout.written.lastIndexOf(RESTORE_SEQUENCE)))).toBe('');
  expect(ui.stdin.isRaw).toBe(false);
});

test('a render error restores the terminal and is reported, not thrown', async () => {
  const ui = await start();
  await ui.waitScreen((s) => s.some((row) => row.includes('COMPONENT')));
  // A broken source: drawing the next frame throws inside React's render.
  ui.f.source.droppedTotal = () => {
    throw new Error('status exploded');
  };
  publish(ui.f.hub, lines('source', 1));
  const result = await ui.result;
  forgetRunning();
  await ui.settle();
  expect(result.reason).toBe('error');
  expect(result.error?.message).toContain('status exploded');
  expect(ui.term.buffer.active.type).toBe('normal');
});

test('a signal quits like Ctrl+C', async () => {
  const ui = await start();
  await ui.waitScreen((s) => s.some((row) => row.includes('COMPONENT')));
  process.emit('SIGTERM');
  const result = await ui.result;
  forgetRunning();
  expect(result.reason).toBe('quit');
  expect(ui.f.control.calls).toEqual(['shutdown']);
});

test('stdin that is not a terminal: an error result, the screen untouched', async () => {
  const f = fixture();
  const term = new Terminal({cols: 80, rows: 24, allowProposedApi: true});
  const stdout = new FakeTty(term, 80, 24);
  const stdin = fakeStdin();
  stdin.isTTY = false;
  const result = await runTui({source: f.source, pipelineName: 'x', logDir: '/tmp', stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream});
  expect(result.reason).toBe('error');
  expect(result.error?.message).toContain('needs a terminal on stdin');
  expect(stdout.written).toBe('');
});

test('onFrame reports render time per frame and key → frame latency (benchmark hook)', async () => {
  const frames: FrameInfo[] = [];
  const ui = await start(90, 24, (info) => frames.push(info));
  await ui.waitScreen((s) => s.some((row) => row.includes('COMPONENT')));
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.every((f) => f.renderTimeMs >= 0 && f.inputToFrameMs === undefined)).toBe(true);
  expect(frames[0]?.drawMs).toBeGreaterThan(0); // the first frame was drawn from scratch
  await ui.key('4');
  await waitFor(() => frames.some((f) => f.inputToFrameMs !== undefined), () => JSON.stringify(frames));
  const withInput = frames.filter((f) => f.inputToFrameMs !== undefined);
  expect(withInput).toHaveLength(1);
  expect(withInput[0]?.inputToFrameMs).toBeGreaterThanOrEqual(0);
});

test('regression: quitting while an export runs cancels it and removes its .part file', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-tui-quit-export-'));
  try {
    const f = fixture(['source'], 100);
    publish(f.hub, lines('source', 500)); // the ring holds 401…500; older entries are the history's
    // A history that never answers (an unreachable pipeline): the export stays in progress.
    const hanging: HistoryPager = {before: () => new Promise(() => undefined), after: () => new Promise(() => undefined)};
    const ui = await start(90, 24, undefined, {f, source: {...f.source, history: hanging}, logDir: dir});
    await ui.waitScreen((s) => s.some((row) => row.includes('source line 500')));
    ui.stdin.write('e');
    await ui.waitScreen((s) => s.some((row) => row.includes('Export as j json')));
    ui.stdin.write('n');
    await waitFor(() => readdirSync(dir).some((name) => name.endsWith('.part')) || undefined, () => readdirSync(dir).join(', '));
    ui.stdin.write('q');
    const result = await ui.result;
    forgetRunning();
    expect(result).toEqual({reason: 'quit'});
    expect(readdirSync(dir)).toEqual([]);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});

test('a key pressed right after a data frame is drawn with the clock frozen: no timer stands between a key and its frame', async () => {
  // Frozen clock (timers and Date): a frame that waits for a throttle window never comes.
  // Streams and Ink's input run on nextTick / setImmediate, which keep running.
  const ui = await start();
  try {
    await ui.waitScreen((s) => s.some((row) => row.includes('COMPONENT')));
    vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date']});
    /** Event-loop turns (the clock moving `stepMs` each) until `check` holds. */
    const turns = async (check: () => boolean, stepMs = 0): Promise<boolean> => {
      for (let i = 0; i < 200; i++) {
        if (check()) return true;
        await new Promise((resolve) => setImmediate(resolve));
        vi.advanceTimersByTime(stepMs);
      }
      return check();
    };
    vi.advanceTimersByTime(500); // any frame-rate window still open from the first frames closes
    publish(ui.f.hub, lines('source', 1));
    // The hub hands the entry over on a later turn; then the data frame is drawn.
    expect(await turns(() => ui.stdout.written.includes('source line 1'), 10), 'the data frame').toBe(true);
    const before = ui.stdout.written.length;
    ui.stdin.write('4'); // within the frame-rate window of that frame
    expect(await turns(() => ui.stdout.written.slice(before).includes('level≥warn')), 'the key frame').toBe(true);
  } finally {
    vi.useRealTimers();
  }
});
