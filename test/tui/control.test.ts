/** Restart / stop / start, quit, export, copy, expand, split, time toggle and banners, through Ink. */
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, expect, test} from 'vitest';
import {fixture, KEYS, lines, mount, publish, waitFor, type Mounted} from './helpers.js';

let ui: Mounted | undefined;
const dirs: string[] = [];
afterEach(() => {
  ui?.unmount();
  ui = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

test('r restarts, S starts, x asks before stopping the selected component', async () => {
  const f = fixture();
  ui = await mount(f.source);
  await ui.press('j', 'r');
  await ui.waitForFrame((frame) => frame.includes('processor: restarted'));
  expect(f.control.calls).toEqual(['restart processor']);
  await ui.press('x');
  expect(ui.frame()).toContain('Stop processor? y = stop');
  await ui.press('n');
  expect(ui.frame()).toContain('processor keeps running');
  expect(f.control.calls).toEqual(['restart processor']);
  await ui.press('x', 'y');
  await ui.waitForFrame((frame) => frame.includes('processor: stopped'));
  expect(ui.frame()).toMatch(/processor\s+stopped/);
  await ui.press('S');
  await ui.waitForFrame((frame) => frame.includes('processor: start requested'));
  await ui.press('S');
  await ui.waitForFrame((frame) => frame.includes('start processor: processor is already running'));
  expect(f.control.calls).toEqual(['restart processor', 'stop processor', 'start processor', 'start processor']);
});

test('q stops the pipeline gracefully showing progress; a second Ctrl+C forces', async () => {
  const f = fixture();
  let release!: () => void;
  f.control.shutdownGate = new Promise((resolve) => (release = resolve));
  ui = await mount(f.source);
  await ui.press('q');
  expect(ui.frame()).toContain('Stopping the pipeline gracefully');
  await ui.waitForFrame((frame) => /source\s+stopping/.test(frame));
  let done = false;
  void ui.controller.done.then(() => (done = true));
  await ui.press(KEYS.ctrlC);
  expect(ui.frame()).toContain('Killing every component');
  expect(f.control.calls).toEqual(['shutdown', 'shutdown force']);
  expect(done).toBe(false);
  release();
  await waitFor(() => done, () => ui?.frame() ?? '');
});

test('Ctrl+C quits like q', async () => {
  const f = fixture();
  ui = await mount(f.source);
  await ui.press(KEYS.ctrlC);
  await ui.controller.done;
  expect(f.control.calls).toEqual(['shutdown']);
});

test('e exports the filtered entries in the chosen format', async () => {
  const project = mkdtempSync(path.join(tmpdir(), 'flowctl-tui-export-'));
  dirs.push(project);
  const dir = path.join(project, 'logs');
  mkdirSync(dir);
  const f = fixture();
  publish(f.hub, [...lines('source', 5), ...lines('sink', 2, 1, {level: 'error'})]);
  ui = await mount(f.source, {logDir: dir, cwd: project, columns: 80});
  await ui.press('5', 'e');
  expect(ui.frame()).toContain('j json · n ndjson · c csv · t text');
  // export-prompt-cuts-folder: where the file goes, as the user knows the folder, within 80 columns.
  expect(ui.frame()).toContain('→ logs/ (else cancel)');
  await ui.press('n');
  const frame = await ui.waitForFrame((fr) => fr.includes('exported 2 entries'));
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  expect(frame).toContain(files[0]);
  const exported = readFileSync(path.join(dir, files[0] ?? ''), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as {raw: string});
  expect(exported.map((e) => e.raw)).toEqual(['sink line 1', 'sink line 2']);
  await ui.press('e', KEYS.esc);
  expect(ui.frame()).toContain('export cancelled');
});

test('regression tui-text-export-no-colour: e then T writes the text with colours, t without; c flattens fields into columns', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-tui-export-'));
  dirs.push(dir);
  const f = fixture();
  publish(f.hub, [{componentId: 'sink', raw: '{"level":"error","msg":"boom","code":"42"}', message: 'boom', fields: {code: '42'}, level: 'error'}]);
  ui = await mount(f.source, {logDir: dir});
  await ui.press('e');
  expect(ui.frame()).toContain('t text · T colour →');
  await ui.press(KEYS.esc);
  const read = async (key: string): Promise<string> => {
    await ui?.press('e', key);
    const frame = await ui?.waitForFrame((fr) => /exported 1 entries to \S+/.test(fr));
    const name = readdirSync(dir).find((file) => frame?.includes(file) === true) ?? '';
    const text = readFileSync(path.join(dir, name), 'utf8');
    rmSync(path.join(dir, name));
    ui?.controller.notify('');
    return text;
  };
  const coloured = await read('T');
  expect(coloured).toContain('\x1b[31mERROR\x1b[0m');
  expect(coloured).toContain('boom');
  const plain = await read('t');
  expect(plain).not.toContain('\x1b');
  expect(plain).toMatch(/^sink +\| \S+ ERROR boom code=42\n$/);
  const csv = await read('c');
  expect(csv.split('\r\n')[0]).toMatch(/,raw,field\.code$/);
});

test('e reports a folder it cannot write to', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowctl-tui-export-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'a-file'), '');
  const f = fixture();
  publish(f.hub, lines('source', 1));
  const logDir = path.join(dir, 'a-file', 'logs');
  ui = await mount(f.source, {logDir});
  await ui.press('e', 'c');
  await ui.waitForFrame((frame) => frame.includes(`export failed: cannot write ${logDir}/`));
});

test('y copies the selected entry through OSC 52; enter expands it with all fields', async () => {
  const f = fixture();
  const written: string[] = [];
  publish(f.hub, [{componentId: 'sink', raw: '{"msg":"boom","code":"42"}', message: 'boom', fields: {code: '42', stack: 'at a\nat b'}, level: 'error'}]);
  ui = await mount(f.source, {writeTerminal: (data) => void written.push(data)});
  await ui.waitForFrame((frame) => frame.includes('boom'));
  await ui.press('y');
  expect(written).toHaveLength(1);
  // eslint-disable-next-line no-control-regex -- the OSC 52 sequence is made of control characters
  const match = /^\x1b\]52;c;([A-Za-z0-9+/=]+)\x07$/.exec(written[0] ?? '');
  expect(Buffer.from(match?.[1] ?? '', 'base64').toString()).toContain('boom code=42');
  expect(ui.frame()).toContain('copied entry');
  expect(ui.frame()).toContain('⏎+2');
  await ui.press(KEYS.enter);
  const detail = ui.frame();
  expect(detail).toContain('Entry #1');
  expect(detail).toContain('code = 42');
  expect(detail).toContain('at b');
  await ui.press(KEYS.esc);
  expect(ui.frame()).not.toContain('Entry #1');
});

test('s splits the visible components side by side; s again merges', async () => {
  const f = fixture();
  publish(f.hub, [...lines('source', 3), ...lines('processor', 3), ...lines('sink', 3)]);
  ui = await mount(f.source, {columns: 100}); // ink-testing-library's stdout is 100 wide
  await ui.waitForFrame((frame) => frame.includes('sink line 3'));
  await ui.press('s');
  const frame = ui.frame();
  const title = frame.split('\n').find((line) => line.includes('logs: source')) ?? '';
  expect(title).toContain('logs: processor');
  expect(title).toContain('logs: sink');
  const lastLog = frame.split('\n').at(-3) ?? '';
  expect(lastLog).toMatch(/source line 3.*│.*processor line 3.*│.*sink line 3/);
  await ui.press('s');
  expect(ui.frame()).toContain('logs: all components');
});

test('T hides and shows the time column', async () => {
  const f = fixture();
  publish(f.hub, lines('source', 1));
  ui = await mount(f.source);
  await ui.waitForFrame((frame) => frame.includes('source line 1'));
  expect(ui.frame()).toMatch(/\d\d:\d\d:\d\d\.\d{3} source/);
  await ui.press('T');
  expect(ui.frame()).not.toMatch(/\d\d:\d\d:\d\d\.\d{3} source/);
});

test('lifecycle entries are inline and a banner tells when entries were dropped', async () => {
  const f = fixture();
  let dropped = 0;
  const source = {...f.source, droppedTotal: () => dropped};
  publish(f.hub, [{componentId: 'sink', stream: 'control', raw: 'exited with code 1, restarting in 2 s', level: 'warn'}]);
  ui = await mount(source);
  await ui.waitForFrame((frame) => frame.includes('exited with code 1, restarting in 2 s'));
  expect(ui.frame()).not.toContain('dropped');
  dropped = 1234;
  publish(f.hub, lines('sink', 1));
  await ui.waitForFrame((frame) => frame.includes('⚠ 1,234 entries dropped'));
});

test('a terminal too small says so', async () => {
  ui = await mount(fixture().source, {columns: 40, rows: 10});
  expect(ui.frame()).toContain('Terminal too small: 40×10, needs 50×12');
  ui.controller.resize(100, 30);
  await ui.waitForFrame((frame) => frame.includes('COMPONENT'));
});

test('colour only when asked: no escape sequence at all without it', async () => {
  const f = fixture();
  publish(f.hub, [{componentId: 'sink', raw: 'bad', level: 'error'}]);
  ui = await mount(f.source, {color: false});
  await ui.waitForFrame((frame) => frame.includes('bad'));
  expect(ui.frame()).not.toContain('\x1b[');
  ui.unmount();
  ui = await mount(f.source, {color: true});
  await ui.waitForFrame((frame) => frame.includes('bad'));
  expect(ui.frame()).toContain('\x1b[');
});

for (const [what, keys] of [
  ['the / include prompt', ['/', 'a']],
  ['the ? search prompt', ['?', 'a']],
  ['the x stop confirmation', ['j', 'x']],
  ['the e export format prompt', ['e']],
] as const) {
  test(`regression ctrl-c-only-closed-prompt: Ctrl+C in ${what} quits (esc is what closes it)`, async () => {
    const f = fixture();
    ui = await mount(f.source);
    await ui.press(...keys);
    await ui.press(KEYS.ctrlC);
    await ui.controller.done;
    expect(f.control.calls).toEqual(['shutdown']);
    expect(ui.frame()).not.toContain('keeps running');
    expect(ui.frame()).not.toContain('export cancelled');
  });
}

test('regression stop-cancel-says-keeps-running: cancelling x on an exited component does not say it keeps running', async () => {
  const f = fixture();
  f.control.set('processor', 'exited', {pid: undefined, exitCode: 0});
  ui = await mount(f.source);
  await ui.press('j', 'x', 'n');
  expect(ui.frame()).toContain('stop processor cancelled');
  expect(ui.frame()).not.toContain('keeps running');
});

test('regression attach-help-says-q-stops: under attach the help and footer say q detaches; under up, that q stops the pipeline', async () => {
  const f = fixture();
  ui = await mount({...f.source, quitStopsPipeline: false}, {rows: 60, columns: 160});
  expect(ui.frame()).toContain('q detach');
  await ui.press('h');
  let frame = await ui.waitForFrame((text) => text.includes('Keys'));
  expect(frame).toContain('detach: leave the UI, the pipeline keeps running');
  expect(frame).not.toContain('stop the pipeline gracefully');
  ui.unmount();
  ui = await mount(f.source, {rows: 60, columns: 160});
  expect(ui.frame()).toContain('q quit');
  await ui.press('h');
  frame = await ui.waitForFrame((text) => text.includes('Keys'));
  expect(frame).toContain('quit: stop the pipeline gracefully');
});
