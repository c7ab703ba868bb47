/**
 * The real screen (headless xterm) at the sizes the issue names: everything the component list
 * must show fits 80×24, narrower terminals keep the important columns, the help overlay wraps
 * instead of cutting, and a terminal too small says which size is needed.
 */
import {afterEach, describe, expect, test} from 'vitest';
// First: the harness imports Ink through src/tui/ink.ts, which hides CI from Ink (helpers.js
// imports ink-testing-library, and Ink evaluated with CI=true draws nothing until unmount).
import {start, stopRunning} from './screen-harness.js';
import {fixture, KEYS, lines, publish} from './helpers.js';
import {helpLines} from '../../src/tui/overlay-view.js';

afterEach(stopRunning);

const IDS = ['ingest-orders', 'enrich-customers', 'warehouse-sink'];

/** A pipeline with long ids, some warnings and errors, so every column has something to show. */
function busyFixture() {
  const f = fixture(IDS);
  f.control.set('ingest-orders', 'backing-off', {warnings: 12, errors: 3, restarts: 2});
  f.control.set('enrich-customers', 'running', {health: 'unhealthy', warnings: 4, errors: 0});
  return f;
}

describe('80x24-loses-required-columns', () => {
  test('at 80×24 the component list shows id, type, state, pid, uptime, restarts, health, lines/s with a sparkline, warnings and errors', async () => {
    const ui = await start(80, 24, undefined, {f: busyFixture()});
    const rows = await ui.waitScreen((s) => s.some((row) => row.includes('COMPONENT')));
    const head = rows.find((row) => row.includes('COMPONENT')) ?? '';
    for (const label of ['STATE', 'HEALTH', 'PID', 'UP', '↻', 'L/S', 'WARN', 'ERR', 'TYPE']) expect(head, label).toContain(label);
    const ingest = rows.find((row) => row.includes('ingest-or')) ?? '';
    // Id cut with an ellipsis, compact state, restarts, warnings, errors and compact type all there.
    expect(ingest).toMatch(/ingest-or\S*… +backoff +- +1000 +\S+ +2 +0 +▁* +12 +3 +src\s*$/);
    const enrich = rows.find((row) => row.includes('enrich-cu')) ?? '';
    expect(enrich).toMatch(/running +unhealthy +1001 .* 4 +0 +proc\s*$/);
    expect(rows.every((row) => row.length <= 80)).toBe(true);
  });

  test('a wide terminal keeps the full column names and values', async () => {
    const ui = await start(140, 24, undefined, {f: busyFixture()});
    const rows = await ui.waitScreen((s) => s.some((row) => row.includes('COMPONENT')));
    expect(rows.find((row) => row.includes('COMPONENT'))).toMatch(/LINES\/S .*WARN +ERR +TYPE/);
    expect(rows.find((row) => row.includes('ingest-orders'))).toMatch(/backing-off .* source\s*$/);
  });

  test('at 50×12 the state, pid and error count stay; decoration goes first', async () => {
    const ui = await start(50, 12, undefined, {f: busyFixture()});
    const rows = await ui.waitScreen((s) => s.some((row) => row.includes('STATE')));
    const head = rows.find((row) => row.includes('STATE')) ?? '';
    for (const label of ['STATE', 'PID', 'ERR']) expect(head, label).toContain(label);
    expect(rows.find((row) => row.includes('ingest'))).toMatch(/backoff .*1000 .*3\s*$/);
  });

  test('the help overlay wraps its descriptions at 80 columns: every word of every line is on screen', async () => {
    const ui = await start(80, 40);
    publish(ui.f.hub, lines('source', 3));
    await ui.waitScreen((s) => s.some((row) => row.includes('COMPONENT')));
    await ui.key('h');
    const seen: string[] = [];
    // Page through the whole overlay with j (it scrolls one line per press).
    for (let i = 0; i < helpLines().length; i++) {
      const rows = await ui.waitScreen((s) => s.some((row) => row.includes('Keys')));
      seen.push(...rows);
      expect(rows.every((row) => row.length <= 80)).toBe(true);
      const range = /\((\d+)-(\d+) of (\d+),/.exec(rows.join('\n'));
      if (range === null || range[2] === range[3]) break;
      await ui.key('j');
    }
    const text = seen.join(' ').replace(/\s+/g, ' ');
    for (const line of helpLines()) for (const word of line.trim().split(/\s+/)) expect(text, line).toContain(word);
    // The longest description (export) ends on a continuation line, not cut at the edge.
    expect(text).toContain('text with or without colours)');
    await ui.key('\x1b'); // closes the overlay: afterEach's q then quits
  });
});

describe('too-small-message-cut', () => {
  for (const [columns, rows] of [
    [45, 10],
    [20, 5],
    // Too few rows for the sentence (it showed "Terminal" / "too small:" and no size).
    [10, 3],
  ] as const) {
    test(`at ${columns}×${rows} the message wraps and says the size needed`, async () => {
      const ui = await start(columns, rows);
      const screen = await ui.waitScreen((s) => s.join(' ').includes(`${columns}×${rows}`));
      const text = screen.join(' ').replace(/\s+/g, ' ');
      expect(text).toContain(`${columns}×${rows}`);
      expect(text).toContain('50×12');
      expect(screen.every((row) => row.length <= columns)).toBe(true);
    });
  }
});

describe('enter-cuts-long-entries', () => {
  test('at 80×24 the detail overlay wraps a 400-character message, a long field value and the raw line; j/k, PgDn/PgUp, End/Home scroll it', async () => {
    const f = fixture();
    const message = `${'m'.repeat(385)} END-OF-MESSAGE`;
    const value = `${'v'.repeat(200)} END-OF-FIELD`;
    const raw = JSON.stringify({msg: message, detail: value, tail: 'END-OF-RAW'});
    publish(f.hub, [{componentId: 'sink', raw, message, fields: {detail: value, tail: 'END-OF-RAW'}, level: 'warn'}]);
    const ui = await start(80, 24, undefined, {f});
    await ui.waitScreen((s) => s.some((row) => row.includes('mmmm')));
    await ui.key(KEYS.enter);
    let rows = await ui.waitScreen((s) => s.some((row) => row.includes('Entry #1')));
    expect(rows.every((row) => row.length <= 80)).toBe(true);
    const seen = new Set<string>(rows);
    // j one line at a time to the end: every line of the body passes by.
    const total = Number(/of (\d+),/.exec(rows.join('\n'))?.[1]);
    expect(total).toBeGreaterThan(18); // more than a pane: the overlay scrolls
    for (let i = 0; i < total; i++) {
      await ui.key('j');
      for (const row of ui.screen()) seen.add(row);
    }
    const text = [...seen].join('\n');
    expect(text).toContain('END-OF-MESSAGE');
    expect(text).toContain('END-OF-FIELD');
    expect(text).toContain('END-OF-RAW"}');
    // Overshooting the end with j does not need extra k presses to come back.
    await ui.key('k');
    rows = ui.screen();
    expect(rows.join('\n')).toMatch(new RegExp(`\\(\\d+-${total - 1} of ${total},`));
    await ui.key(KEYS.home);
    rows = await ui.waitScreen((s) => s.some((row) => row.includes(`(1-`)));
    expect(rows.join('\n')).toContain('component sink');
    await ui.key(KEYS.pageDown);
    rows = await ui.waitScreen((s) => !s.some((row) => row.includes(`(1-`)));
    await ui.key(KEYS.end);
    rows = await ui.waitScreen((s) => s.some((row) => row.includes(`-${total} of ${total},`)));
    expect(rows.join('\n')).toContain('END-OF-RAW"}');
    await ui.key(KEYS.pageUp);
    rows = await ui.waitScreen((s) => !s.some((row) => row.includes(`-${total} of ${total},`)));
    await ui.key(KEYS.esc);
  });
});

/** Each pane's text on one screen row, split at the `│` between panes. */
const paneCells = (row: string): string[] => row.split('│');

describe('narrow-split-time-eats-message', () => {
  const SPLIT_IDS = ['src', 'enrich', 'route', 'sink'];
  /** One structured info entry per component, so every pane shows the level column. */
  function splitFixture(ids: readonly string[]) {
    const f = fixture(ids);
    publish(f.hub, ids.map((id) => ({componentId: id, raw: `{"level":"info","msg":"msg-0123456789abcdef"}`, message: 'msg-0123456789abcdef', level: 'info' as const})));
    return f;
  }
  const lastLogRow = (rows: string[]): string => rows.filter((row) => row.includes('INFO')).at(-1) ?? '';

  test('4 panes at 80×24 (19–20 columns each) show the message, not the time', async () => {
    const ui = await start(80, 24, undefined, {f: splitFixture(SPLIT_IDS)});
    await ui.waitScreen((s) => s.some((row) => row.includes('msg-')));
    await ui.key('s');
    const rows = await ui.waitScreen((s) => s.some((row) => row.includes('logs: sink')));
    const cells = paneCells(lastLogRow(rows));
    expect(cells).toHaveLength(4);
    // Mark, level column, then 12 or more columns of message: no time took them.
    for (const cell of cells) expect(cell).toMatch(/^.INFO {2}msg-01234567/);
    expect(rows.join('\n')).not.toMatch(/\d\d:\d\d/);
  });

  test('3 panes at 100 columns (32–33 each) show HH:MM:SS without milliseconds; T still hides it', async () => {
    const ui = await start(100, 24, undefined, {f: splitFixture(SPLIT_IDS.slice(0, 3))});
    await ui.waitScreen((s) => s.some((row) => row.includes('msg-')));
    await ui.key('s');
    const rows = await ui.waitScreen((s) => s.some((row) => row.includes('logs: route')));
    for (const cell of paneCells(lastLogRow(rows))) expect(cell).toMatch(/^.\d\d:\d\d:\d\d INFO {2}msg-/);
    await ui.key('T');
    for (const cell of paneCells(lastLogRow(ui.screen()))) expect(cell).toMatch(/^.INFO {2}msg-/);
  });

  test('2 panes at 80 columns (39–40 each) keep the time with milliseconds, as the merged view does', async () => {
    const ui = await start(80, 24, undefined, {f: splitFixture(SPLIT_IDS.slice(0, 2))});
    await ui.waitScreen((s) => s.some((row) => row.includes('msg-')));
    await ui.key('s');
    const rows = await ui.waitScreen((s) => s.some((row) => row.includes('logs: enrich')));
    for (const cell of paneCells(lastLogRow(rows))) expect(cell).toMatch(/^.\d\d:\d\d:\d\d\.\d{3} INFO {2}msg-/);
  });
});

describe('hidden-components-unmarked', () => {
  const SEVEN = ['c1-source', 'c2-parse', 'c3-enrich', 'c4-route', 'c5-dedupe', 'c6-batch', 'c7-sink'];
  /** The list's rows: from the header to the first pane title. */
  const listRows = (rows: string[]): string[] => {
    const head = rows.findIndex((row) => row.includes('STATE'));
    const title = rows.findIndex((row) => row.includes('logs:'));
    return rows.slice(head, title);
  };

  test('7 components at 80×24: the header says which rows show and the edge where rows are hidden is marked, the selection stays visible', async () => {
    const ui = await start(80, 24, undefined, {f: fixture(SEVEN)});
    let rows = listRows(await ui.waitScreen((s) => s.some((row) => row.includes('c1-source'))));
    expect(rows).toHaveLength(7); // header + 6 components
    expect(rows[0]).toContain('1-6 of 7');
    expect(rows.at(-1)).toMatch(/^▼/); // c7 is below
    expect(rows.join('\n')).not.toContain('▲');
    // Down to the 7th: the list scrolls, the top is marked and the selection is on screen.
    for (let i = 0; i < 6; i++) await ui.key('j');
    rows = listRows(ui.screen());
    expect(rows[0]).toContain('2-7 of 7');
    expect(rows[1]).toMatch(/^▲/);
    expect(rows.find((row) => row.startsWith('›'))).toContain('c7-sink');
    expect(rows.join('\n')).not.toContain('▼');
    // Back up one row at a time: the selection is on screen and never covers an edge's mark.
    for (let i = 0; i < 6; i++) {
      await ui.key('k');
      rows = listRows(ui.screen());
      expect(rows.filter((row) => row.startsWith('›'))).toHaveLength(1);
      const [, from, to] = /(\d)-(\d) of 7/.exec(rows[0] ?? '') ?? [];
      if (from !== '1') expect(rows[1]).toMatch(/^▲/);
      if (to !== '7') expect(rows.at(-1)).toMatch(/^▼/);
    }
    expect(rows[0]).toContain('1-6 of 7');
    expect(rows.find((row) => row.startsWith('›'))).toContain('c1-source');
  });

  test('3 components at 80×24 all fit: no range and no markers', async () => {
    const ui = await start(80, 24, undefined, {f: fixture(IDS)});
    const rows = listRows(await ui.waitScreen((s) => s.some((row) => row.includes('warehouse-s'))));
    expect(rows[0]).toContain('COMPONENT');
    expect(rows.join('\n')).not.toMatch(/[▲▼]| of \d/);
  });
});

describe('component-glued-to-bar', () => {
  test('the longest component id keeps a space before the │ of the merged view', async () => {
    const f = fixture(['stellar-live-source', 'sink']);
    publish(f.hub, lines('stellar-live-source', 3));
    const ui = await start(120, 30, undefined, {f});
    const rows = await ui.waitScreen((s) => s.some((row) => row.includes('line 3')));
    const row = rows.find((r) => r.includes('line 3')) ?? '';
    expect(row).toContain('stellar-live-source │ ');
  });
});
