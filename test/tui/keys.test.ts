/** Every key of the key map, through Ink (ink-testing-library), on a real hub and ring. */
import type {LogEntry} from '../../src/logs/entry.js';
import {afterEach, describe, expect, test} from 'vitest';
import {ACTIONS_WITHOUT_KEYS, KEYMAP} from './keymap-facts.js';
import {fixture, KEYS, lines, mount, publish, type Mounted} from './helpers.js';

let ui: Mounted | undefined;
afterEach(() => {
  ui?.unmount();
  ui = undefined;
});

/** The log rows of a frame (below the pane title, above the status line). */
function logRows(frame: string): string[] {
  const all = frame.split('\n');
  const title = all.findIndex((line) => line.includes('logs:'));
  return all.slice(title + 1, all.length - 2).filter((line) => line.trim() !== '');
}

describe('key map', () => {
  test('no key is bound twice and every action has a key', () => {
    const seen = new Map<string, string>();
    for (const binding of KEYMAP) {
      for (const key of binding.keys) {
        expect(seen.get(key), `key ${key} bound to ${seen.get(key)} and ${binding.action}`).toBeUndefined();
        seen.set(key, binding.action);
      }
    }
    expect(ACTIONS_WITHOUT_KEYS).toEqual([]);
  });

  test('h shows every key of the key map, esc closes the help', async () => {
    ui = await mount(fixture().source, {rows: 60});
    await ui.press('h');
    const frame = ui.frame();
    for (const binding of KEYMAP) expect(frame).toContain(binding.help.slice(0, 40));
    expect(frame).toContain('Ctrl+F');
    await ui.press(KEYS.esc);
    expect(ui.frame()).not.toContain('Keys —');
  });
});

describe('component list', () => {
  test('j / k and the arrows move the selection', async () => {
    ui = await mount(fixture().source);
    const selectedRow = (): string | undefined => ui?.frame().split('\n').find((line) => line.startsWith('›'));
    expect(selectedRow()).toContain('source');
    await ui.press('j');
    expect(selectedRow()).toContain('processor');
    await ui.press(KEYS.down);
    expect(selectedRow()).toContain('sink');
    await ui.press(KEYS.down);
    expect(selectedRow()).toContain('sink');
    await ui.press('k');
    expect(selectedRow()).toContain('processor');
    await ui.press(KEYS.up);
    expect(selectedRow()).toContain('source');
  });

  test('space hides the selected component and shows it again', async () => {
    const f = fixture();
    publish(f.hub, [...lines('source', 3), ...lines('sink', 3)]);
    ui = await mount(f.source);
    await ui.waitForFrame((frame) => frame.includes('sink line 3'));
    await ui.press(' ');
    let frame = ui.frame();
    expect(frame).toContain('hidden: source');
    expect(logRows(frame).join('\n')).not.toContain('source line');
    expect(frame).toContain('sink line 3');
    await ui.press(' ');
    frame = ui.frame();
    expect(frame).toContain('filter: none');
    expect(frame).toContain('source line 3');
  });

  test('o shows only the selected component (no prefix column), o again shows all', async () => {
    const f = fixture();
    publish(f.hub, [...lines('source', 2), ...lines('sink', 2)]);
    ui = await mount(f.source);
    await ui.press('j', 'j', 'o');
    const frame = ui.frame();
    expect(frame).toContain('logs: sink');
    expect(logRows(frame).join('\n')).not.toContain('source line');
    expect(logRows(frame)[0]).not.toContain('│');
    await ui.press('o');
    expect(ui.frame()).toContain('source line 2');
  });
});

describe('filters', () => {
  test('1…5 set the minimum level and l cycles it', async () => {
    const f = fixture();
    publish(f.hub, [
      {componentId: 'source', raw: 'a debug thing', level: 'debug'},
      {componentId: 'source', raw: 'an info thing', level: 'info'},
      {componentId: 'source', raw: 'a warning thing', level: 'warn'},
      {componentId: 'sink', raw: 'an error thing', level: 'error'},
    ]);
    ui = await mount(f.source);
    await ui.waitForFrame((frame) => frame.includes('an error thing'));
    await ui.press('4');
    let rows = logRows(ui.frame()).join('\n');
    expect(ui.frame()).toContain('level≥warn');
    expect(rows).toContain('a warning thing');
    expect(rows).not.toContain('an info thing');
    await ui.press('5');
    rows = logRows(ui.frame()).join('\n');
    expect(rows).not.toContain('a warning thing');
    expect(rows).toContain('an error thing');
    await ui.press('2');
    expect(logRows(ui.frame()).join('\n')).toContain('a debug thing');
    await ui.press('3');
    expect(logRows(ui.frame()).join('\n')).not.toContain('a debug thing');
    await ui.press('l');
    expect(ui.frame()).toContain('level≥warn');
    await ui.press('1');
    expect(ui.frame()).toContain('filter: none');
  });

  test('t cycles last 5 m, last 1 h, since the component started, all', async () => {
    const f = fixture();
    const now = Date.now();
    publish(f.hub, [
      {componentId: 'source', raw: 'two hours ago', timestamp: now - 2 * 3_600_000},
      {componentId: 'source', raw: 'ten minutes ago', timestamp: now - 600_000},
      {componentId: 'source', raw: 'just now', timestamp: now},
    ]);
    ui = await mount(f.source);
    await ui.waitForFrame((frame) => frame.includes('just now'));
    await ui.press('t');
    let rows = logRows(ui.frame()).join('\n');
    expect(ui.frame()).toContain('last 5 m');
    expect(rows).toContain('just now');
    expect(rows).not.toContain('ten minutes ago');
    await ui.press('t');
    rows = logRows(ui.frame()).join('\n');
    expect(ui.frame()).toContain('last 1 h');
    expect(rows).toContain('ten minutes ago');
    expect(rows).not.toContain('two hours ago');
    await ui.press('t');
    expect(ui.frame()).toContain('since source started');
    expect(logRows(ui.frame()).join('\n')).toContain('just now');
    await ui.press('t');
    expect(logRows(ui.frame()).join('\n')).toContain('two hours ago');
  });

  test('since-restart-frozen: "since the last restart" follows the component\'s next start, and works while it is down between runs', async () => {
    const f = fixture();
    const now = Date.now();
    const note = (message: string, timestamp: number): Partial<LogEntry> => ({componentId: 'source', stream: 'control', raw: message, message, timestamp});
    publish(f.hub, [note('starting', now - 60_000), {componentId: 'source', raw: 'first run line', timestamp: now - 59_000}, note('exited with code 3', now - 58_000)]);
    // Down between two runs (backing off): no start time in its status.
    f.control.set('source', 'backing-off', {pid: undefined, startedAt: undefined});
    ui = await mount(f.source);
    await ui.waitForFrame((frame) => frame.includes('first run line'));
    await ui.press('t', 't', 't');
    expect(ui.frame()).toContain('since source started');
    expect(logRows(ui.frame()).join('\n')).toContain('first run line');
    // It starts again: the window moves to the new run without another key.
    publish(f.hub, [note('starting', now - 1000), {componentId: 'source', raw: 'second run line', timestamp: now - 500}]);
    f.control.set('source', 'running', {pid: 4243, startedAt: now - 1000});
    const frame = await ui.waitForFrame((text) => text.includes('second run line'));
    expect(logRows(frame).join('\n')).not.toContain('first run line');
  });

  test('/ filters as you type, enter keeps it, esc clears everything', async () => {
    const f = fixture();
    publish(f.hub, [...lines('source', 12)]);
    ui = await mount(f.source);
    await ui.waitForFrame((frame) => frame.includes('source line 12'));
    await ui.press('/', '1');
    expect(logRows(ui.frame())).toHaveLength(4); // 1, 10, 11, 12
    await ui.press('1');
    expect(logRows(ui.frame())).toHaveLength(1);
    expect(ui.frame()).toContain('show lines matching /11');
    await ui.press(KEYS.backspace, KEYS.enter);
    expect(ui.frame()).toContain('filter: /1/');
    expect(logRows(ui.frame())).toHaveLength(4);
    await ui.press(KEYS.esc);
    expect(ui.frame()).toContain('filter: none');
    expect(logRows(ui.frame())).toHaveLength(12);
  });

  test('an invalid regex is reported and the last valid filter stays; esc in the prompt undoes', async () => {
    const f = fixture();
    publish(f.hub, lines('source', 3));
    ui = await mount(f.source);
    await ui.waitForFrame((frame) => frame.includes('source line 3'));
    await ui.press('/', '2', '(');
    expect(ui.frame()).toMatch(/✗ include: .*(regular expression|regex)/i);
    expect(logRows(ui.frame())).toHaveLength(1);
    await ui.press(KEYS.esc);
    expect(ui.frame()).toContain('filter: none');
    expect(logRows(ui.frame())).toHaveLength(3);
  });

  test('\\ hides matching lines', async () => {
    const f = fixture();
    publish(f.hub, [{raw: 'keep me'}, {raw: 'noisy heartbeat'}, {raw: 'keep too'}]);
    ui = await mount(f.source);
    await ui.waitForFrame((frame) => frame.includes('keep too'));
    for (const key of ['\\', 'h', 'e', 'a', 'r', 't', KEYS.enter]) await ui.press(key);
    const frame = ui.frame();
    expect(frame).toContain('\\heart\\');
    expect(frame).not.toContain('noisy heartbeat');
    expect(frame).toContain('keep too');
  });
});

describe('search', () => {
  test('? highlights matches, n / N jump between them, ctrl+f opens search too', async () => {
    const f = fixture();
    publish(f.hub, [{raw: 'alpha needle one'}, ...lines('source', 40), {raw: 'beta needle two'}, ...lines('source', 3, 100)]);
    ui = await mount(f.source, {rows: 24});
    await ui.waitForFrame((frame) => frame.includes('source line 102'));
    await ui.press('?', 'n', 'e', 'e', 'd', 'l', 'e', KEYS.enter);
    expect(ui.frame()).toContain('search: needle');
    expect(ui.frame()).toContain('beta [needle] two');
    await ui.press('n');
    let selected = logRows(ui.frame()).find((row) => row.startsWith('›'));
    expect(selected).toContain('beta [needle] two');
    await ui.press('n');
    selected = logRows(ui.frame()).find((row) => row.startsWith('›'));
    expect(selected).toContain('alpha [needle] one');
    expect(ui.frame()).toContain('paused');
    await ui.press('n');
    expect(ui.frame()).toContain('no older match');
    await ui.press('N');
    expect(logRows(ui.frame()).find((row) => row.startsWith('›'))).toContain('beta [needle] two');
    await ui.press(KEYS.esc, KEYS.ctrlF);
    expect(ui.frame()).toContain('search ?');
  });
});

describe('input chunks', () => {
  test('keys typed faster than they are read ("o4" in one chunk) are separate presses', async () => {
    const f = fixture();
    publish(f.hub, [{componentId: 'source', raw: 'quiet', level: 'info'}, {componentId: 'source', raw: 'loud', level: 'warn'}]);
    ui = await mount(f.source);
    await ui.press('o4');
    expect(ui.frame()).toContain('hidden: processor,sink · level≥warn');
  });

  test('a mouse click report is ignored, not read as keys', async () => {
    ui = await mount(fixture().source);
    await ui.press('\x1b[<0;12;4M');
    expect(ui.frame()).toContain('filter: none');
  });
});

test('a chunk with Enter inside ("needle\\rn") ends the prompt and goes on as keys', async () => {
  const f = fixture();
  publish(f.hub, [{raw: 'old needle'}, ...lines('source', 3)]);
  ui = await mount(f.source);
  await ui.waitForFrame((frame) => frame.includes('source line 3'));
  await ui.press('?', 'needle\rn');
  expect(ui.frame()).toContain('search: needle');
  expect(logRows(ui.frame()).find((row) => row.startsWith('›'))).toContain('old [needle]');
});
