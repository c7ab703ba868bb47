/* eslint-disable no-control-regex -- these tests are about control characters */
import fc from 'fast-check';
import {beforeAll, describe, expect, it} from 'vitest';
import {LEVELS, type Level} from '../../src/logs/entry.js';
import {COMPONENT_PALETTE, componentColor, componentSgr} from '../../src/logs/palette.js';
import {parseLine} from '../../src/logs/parse/index.js';
import {createEntryRenderer, formatTimestamp, renderEntry, type RenderOptions} from '../../src/logs/render.js';
import {TRUNCATED_MARK} from '../../src/logs/split.js';
import {entry} from './entries.js';

const PLAIN: RenderOptions = {color: false, prefix: true, prefixWidth: 13, timestamps: false, raw: false};
const COLOR: RenderOptions = {...PLAIN, color: true, colorIndex: 0};
const ORANGE = '\x1b[38;5;214m';
const R = '\x1b[0m';

beforeAll(() => {
  process.env.TZ = 'UTC';
});

const structured = entry({
  componentId: 'ttp-processor',
  level: 'info',
  message: 'connecting to raw ledger source',
  fields: {source_address: 'localhost:50052'},
  raw: '{"level":"info","msg":"connecting to raw ledger source","source_address":"localhost:50052"}',
});

describe('renderEntry without colour', () => {
  it('prefixes a plain line like docker compose, padding the id', () => {
    expect(renderEntry(entry({componentId: 'source', raw: 'hello'}), PLAIN)).toBe('source        | hello');
    expect(renderEntry(entry({componentId: 'a-very-long-component', raw: 'x'}), PLAIN)).toBe('a-very-long-component | x');
    expect(renderEntry(entry({raw: 'hello'}), {...PLAIN, prefix: false})).toBe('hello');
  });

  it('renders structured lines compactly: level column, message, key=value fields', () => {
    expect(renderEntry(structured, PLAIN)).toBe('ttp-processor | INFO  connecting to raw ledger source source_address=localhost:50052');
    expect(renderEntry({...structured, level: 'error'}, {...PLAIN, prefix: false})).toBe(
      'ERROR connecting to raw ledger source source_address=localhost:50052',
    );
    expect(renderEntry({...structured, level: 'unknown', message: 'started'}, {...PLAIN, prefix: false})).toBe(
      '      started source_address=localhost:50052',
    );
  });

  it('prints a line with neither level nor fields as it came, keeping the time a Go log prefix carries', () => {
    const goLog = entry({level: 'unknown', raw: '2025/12/03 12:21:40 Initializing', message: 'Initializing'});
    expect(renderEntry(goLog, {...PLAIN, prefix: false})).toBe('2025/12/03 12:21:40 Initializing');
    const tokened = entry({level: 'warn', raw: '[WARN] disk low', message: 'disk low'});
    expect(renderEntry(tokened, {...PLAIN, prefix: false})).toBe('WARN  disk low');
  });

  it('quotes field values with spaces, quotes, equals signs, controls or nothing', () => {
    const e = entry({message: 'm', raw: 'raw', fields: {path: '/a b', empty: '', q: 'say "hi"', eq: 'a=b', n: '42', 'odd key': 'v'}});
    expect(renderEntry(e, {...PLAIN, prefix: false})).toBe('INFO  m path="/a b" empty="" q="say \\"hi\\"" eq="a=b" n=42 "odd key"=v');
  });

  it('puts multi-line messages and multi-line field values (stack traces) on lines of their own, each prefixed', () => {
    const e = entry({
      componentId: 'sink',
      level: 'error',
      message: 'write failed\nsecond line',
      fields: {attempt: '3', stacktrace: 'main.main\n\t/app/main.go:12'},
      raw: '{…}',
    });
    expect(renderEntry(e, PLAIN).split('\n')).toEqual([
      'sink          | ERROR write failed attempt=3',
      'sink          | second line',
      'sink          | main.main',
      'sink          |         /app/main.go:12',
    ]);
  });

  it('drops the empty line a trailing newline would leave, so the result never ends in a line break', () => {
    expect(renderEntry(entry({raw: 'done\n\n'}), {...PLAIN, prefix: false})).toBe('done');
    expect(renderEntry(entry({message: 'm', raw: 'r', fields: {trace: 'a\nb\n'}}), {...PLAIN, prefix: false})).toBe('INFO  m\na\nb');
  });

  it('keeps multi-line raw entries as lines, each prefixed', () => {
    const e = entry({componentId: 'consumer', raw: 'Error: boom\n    at main (app.js:1:1)'});
    expect(renderEntry(e, PLAIN)).toBe('consumer      | Error: boom\nconsumer      |     at main (app.js:1:1)');
  });

  it('regression pretty-json-repeated: a grouped multi-line entry prints as printed, not as message plus fields', () => {
    const e = entry({
      componentId: 'consumer',
      message: 'Received TTP event:',
      fields: {meta: '{"ledger":1}'},
      raw: 'Received TTP event:\n{\n  "meta": {\n    "ledger": 1\n  }\n}',
    });
    expect(renderEntry(e, PLAIN).split('\n')).toEqual([
      'consumer      | Received TTP event:',
      'consumer      | {',
      'consumer      |   "meta": {',
      'consumer      |     "ledger": 1',
      'consumer      |   }',
      'consumer      | }',
    ]);
  });

  it('prints the raw line in raw mode, even for structured entries, with ANSI stripped', () => {
    expect(renderEntry(structured, {...PLAIN, raw: true})).toBe(`ttp-processor | ${structured.raw}`);
    const colored = entry({raw: '\x1b[34mINFO\x1b[0m\tready', message: 'ready', level: 'info'});
    expect(renderEntry(colored, {...PLAIN, raw: true, prefix: false})).toBe('INFO    ready');
  });

  it('logfmt-without-msg-once: `a=1 b=2` (no msg key) prints its fields once, not `a=1 b=2 a=1 b=2`', () => {
    // Built by the parser, as a captured line is: no `msg` key leaves the message empty.
    const parsedEntry = (raw: string) => {
      const parsed = parseLine(raw);
      return entry({raw, message: parsed.message, level: parsed.level, fields: parsed.fields});
    };
    const bare = parsedEntry('a=1 b=2');
    expect(renderEntry(bare, {...PLAIN, prefixWidth: 1})).toBe('source |       a=1 b=2');
    const leveled = parsedEntry('level=warn a=1 b=2');
    expect(renderEntry(leveled, {...PLAIN, prefix: false})).toBe('WARN  a=1 b=2');
    expect(createEntryRenderer({...PLAIN, prefix: false})(leveled)).toBe('WARN  a=1 b=2');
  });

  it('renders control entries from their message, and entries of no component as flowctl', () => {
    const note = entry({componentId: 'ttp-processor', stream: 'control', message: '⟳ restarting in 2 s, attempt 3 of 5', raw: ''});
    expect(renderEntry(note, {...PLAIN, prefixWidth: 14})).toBe('ttp-processor  | ⟳ restarting in 2 s, attempt 3 of 5');
    const marker = entry({componentId: '', stream: 'control', level: 'warn', message: 'console missed 12 entries', raw: ''});
    expect(renderEntry(marker, PLAIN)).toBe('flowctl       | console missed 12 entries');
  });

  it('adds the local timestamp after the prefix', () => {
    const e = entry({raw: 'x', receivedAt: Date.UTC(2024, 0, 20, 10, 0, 0, 123)});
    expect(renderEntry(e, {...PLAIN, timestamps: true})).toBe('source        | 2024-01-20T10:00:00.123+00:00 x');
    expect(renderEntry({...e, raw: 'a\nb', message: 'a\nb'}, {...PLAIN, timestamps: true, prefix: false})).toBe(
      '2024-01-20T10:00:00.123+00:00 a\n2024-01-20T10:00:00.123+00:00 b',
    );
  });

  it('timestamps-show-parsed-time: -t shows when the line was received, not the time parsed from it (another zone, another year)', () => {
    const receivedAt = Date.UTC(2026, 4, 2, 9, 30, 0, 250);
    // A logfmt line from 2024, and a Go log line written in New York time (5 h off as parsed).
    const old = entry({raw: 'time=2024-01-01T00:00:00Z msg=hi', timestamp: Date.UTC(2024, 0, 1), receivedAt});
    const offset = entry({raw: '2026/05/02 09:30:00 ready', timestamp: receivedAt + 5 * 3_600_000, receivedAt});
    for (const e of [old, offset]) {
      expect(renderEntry(e, {...PLAIN, timestamps: true, raw: true})).toBe(`source        | 2026-05-02T09:30:00.250+00:00 ${e.raw}`);
      expect(createEntryRenderer({...PLAIN, timestamps: true, raw: true})(e)).toBe(`source        | 2026-05-02T09:30:00.250+00:00 ${e.raw}`);
    }
  });

  it("flowctl-prefix-shares-palette: flowctl's own prefix is bold, in no component's colour, whatever slot it is given", () => {
    const note = entry({componentId: '', stream: 'control', message: 'control plane listening', raw: ''});
    const palette = COMPONENT_PALETTE.map((c) => `38;5;${c.ansi256}`);
    for (const colorIndex of [0, 1, undefined]) {
      const text = renderEntry(note, {...COLOR, colorIndex});
      expect(text.startsWith(`\x1b[1mflowctl       |${R} `), text).toBe(true);
      for (const sgr of palette) expect(text).not.toContain(sgr);
      expect(createEntryRenderer(COLOR, () => colorIndex)(note)).toBe(text);
    }
  });

  it('truncated-unmarked-on-console: a line cut at max_line_bytes ends with a visible mark, raw or structured', () => {
    const cut = entry({componentId: 'source', raw: 'x'.repeat(20), truncated: true});
    expect(TRUNCATED_MARK).toMatch(/truncated/);
    expect(renderEntry(cut, PLAIN)).toBe(`source        | ${'x'.repeat(20)}${TRUNCATED_MARK}`);
    expect(createEntryRenderer({...PLAIN, raw: true})(cut)).toBe(`source        | ${'x'.repeat(20)}${TRUNCATED_MARK}`);
    expect(renderEntry({...structured, truncated: true}, {...PLAIN, prefix: false})).toBe(
      `INFO  connecting to raw ledger source source_address=localhost:50052${TRUNCATED_MARK}`,
    );
    expect(renderEntry(entry({raw: 'whole'}), {...PLAIN, prefix: false})).toBe('whole');
    // In colour, the mark is dim and closed before the line ends.
    expect(renderEntry(cut, {...COLOR, prefix: false})).toBe(`${'x'.repeat(20)}\x1b[2;3m${TRUNCATED_MARK}${R}`);
  });

  it('never emits an escape sequence or a control character other than the line break', () => {
    fc.assert(
      fc.property(arbitraryEntry(), arbitraryOptions(false), (e, options) => {
        const text = renderEntry(e, options);
        expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
      }),
      {numRuns: 500},
    );
  });
});

describe('renderEntry with colour', () => {
  it('colours the prefix per component and the level label', () => {
    expect(renderEntry(structured, COLOR)).toBe(
      `${ORANGE}ttp-processor |${R} \x1b[36mINFO${R}  connecting to raw ledger source \x1b[2msource_address=${R}localhost:50052`,
    );
  });

  it('styles control entries apart: dim italic, or italic in the level colour for warn and worse', () => {
    const note = entry({componentId: 'ttp-processor', stream: 'control', message: 'started, pid 4242', raw: ''});
    expect(renderEntry(note, COLOR)).toBe(`${ORANGE}ttp-processor |${R} \x1b[2;3mstarted, pid 4242${R}`);
    expect(renderEntry({...note, level: 'error', message: 'exited with code 1'}, COLOR)).toBe(
      `${ORANGE}ttp-processor |${R} \x1b[3;31mexited with code 1${R}`,
    );
  });

  it("keeps the child's colours and closes them before the line ends", () => {
    const e = entry({componentId: 'x', raw: '\x1b[31mred\n\x1b[32mgreen\x1b[0m'});
    expect(renderEntry(e, {...COLOR, prefixWidth: 1})).toBe(`${ORANGE}x |${R} \x1b[31mred${R}\n${ORANGE}x |${R} \x1b[32mgreen${R}`);
  });

  it('tints uncoloured warn-or-worse plain lines with the level colour, but not in raw mode', () => {
    const e = entry({componentId: 'x', level: 'warn', raw: '[WARN] disk low'});
    expect(renderEntry(e, {...COLOR, prefix: false})).toBe(`\x1b[33m[WARN] disk low${R}`);
    expect(renderEntry(e, {...COLOR, prefix: false, raw: true})).toBe('[WARN] disk low');
    expect(renderEntry({...e, level: 'info'}, {...COLOR, prefix: false})).toBe('[WARN] disk low');
  });

  it('takes the colour from colorIndex, or a stable hash of the id', () => {
    const e = entry({componentId: 'sink', raw: 'x'});
    expect(renderEntry(e, {...COLOR, colorIndex: 1, prefixWidth: 4})).toBe(`\x1b[38;5;74msink |${R} x`);
    const hashed = renderEntry(e, {...COLOR, colorIndex: undefined, prefixWidth: 4});
    expect(hashed).toBe(`\x1b[${componentSgr('sink')}msink |${R} x`);
    expect(renderEntry(e, {...COLOR, colorIndex: undefined, prefixWidth: 4})).toBe(hashed);
  });

  it('regression: the Go flowctl reset after the newline — no line ever starts with a reset, every styled line is closed', () => {
    fc.assert(
      fc.property(arbitraryEntry(), arbitraryOptions(true), (e, options) => {
        const text = renderEntry(e, options);
        expect(text.endsWith('\n')).toBe(false);
        for (const line of text.split('\n')) {
          expect(line.startsWith(R)).toBe(false);
          const styles = line.match(/\x1b\[[0-9;:]*m/g) ?? [];
          if (styles.length > 0) expect(styles[styles.length - 1]).toBe(R);
        }
        // Only SGR and OSC 8 sequences may remain.
        const withoutStyles = text.replace(/\x1b\[[0-9;:]*m/g, '').replace(/\x1b\]8;[^\x07\x1b]*(\x07|\x1b\\)/g, '');
        expect(withoutStyles).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
      }),
      {numRuns: 500},
    );
  });
});

describe('palette and timestamps', () => {
  it('has distinct colours and gives the same component the same colour every time', () => {
    expect(new Set(COMPONENT_PALETTE.map((c) => c.ansi256)).size).toBe(COMPONENT_PALETTE.length);
    expect(componentColor('ttp-processor')).toBe(componentColor('ttp-processor'));
    expect(componentColor('anything', 0).name).toBe('orange');
    expect(componentColor('anything', COMPONENT_PALETTE.length + 1).name).toBe('sky blue');
    expect(componentColor('anything', -1).name).toBe('vermillion');
  });

  it('formats local time with milliseconds and the offset', () => {
    expect(formatTimestamp(Date.UTC(2024, 0, 20, 10, 0, 0, 5))).toBe('2024-01-20T10:00:00.005+00:00');
    expect(formatTimestamp(Number.NaN)).toBe('NaN');
  });
});

function arbitraryEntry() {
  const text = fc.oneof(
    fc.string({unit: 'binary', maxLength: 40}),
    fc.constantFrom('\x1b[31mred', 'a\tb\r\nc', '\x1b]0;t\x07x', '\x1b[2Jclear', 'multi\nline\n', '', '\x1b]8;;u\x1b\\l'),
  );
  return fc.record({
    componentId: fc.constantFrom('a', 'sink', '', 'we\x1b[2Jird'),
    stream: fc.constantFrom('stdout' as const, 'stderr' as const, 'control' as const),
    level: fc.constantFrom<Level>(...LEVELS, 'unknown'),
    raw: text,
    message: text,
    fields: fc.dictionary(fc.string({maxLength: 5}), text, {maxKeys: 3}),
  }).map((partial) => entry(partial));
}

function arbitraryOptions(color: boolean) {
  return fc.record({
    color: fc.constant(color),
    prefix: fc.boolean(),
    prefixWidth: fc.integer({min: 0, max: 20}),
    timestamps: fc.boolean(),
    raw: fc.boolean(),
    colorIndex: fc.option(fc.integer({min: 0, max: 10}), {nil: undefined}),
  });
}
