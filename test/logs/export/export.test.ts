import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {LEVELS, type Level, type LogEntry} from '../../../src/logs/entry.js';
import {CSV_COLUMNS} from '../../../src/logs/export/csv.js';
import {createExporter, parseExport, type ExportFormat, type ExportOptions, type ParseableFormat} from '../../../src/logs/export/index.js';
import {createEntryRenderer} from '../../../src/logs/render.js';
import {entry} from '../entries.js';

function exportAll(format: ExportFormat, batches: ReadonlyArray<readonly LogEntry[]>, options?: ExportOptions): string {
  let text = '';
  const exporter = createExporter(format, (chunk) => {
    text += chunk;
  }, options);
  for (const batch of batches) exporter.write(batch);
  exporter.end();
  return text;
}

function parsed(format: ParseableFormat, text: string): LogEntry[] {
  const result = parseExport(format, text);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function parseError(format: ParseableFormat, text: string): string {
  const result = parseExport(format, text);
  if (result.ok) throw new Error('expected a parse error');
  return result.error;
}

const one = entry({seq: 7, componentId: 'sink', timestamp: 1705744800123.5, receivedAt: 1705744800200, level: 'warn', message: 'slow', fields: {ms: '1200'}, raw: 'WARN slow ms=1200'});
const ONE_JSON =
  '{"seq":7,"componentId":"sink","componentType":"source","stream":"stdout","timestamp":1705744800123.5,"receivedAt":1705744800200,' +
  '"level":"warn","message":"slow","fields":{"ms":"1200"},"raw":"WARN slow ms=1200","runId":"run-1","restart":0,"truncated":false}';

describe('exact output', () => {
  it('json: a streamed array, one element a line', () => {
    expect(exportAll('json', [[one], [one]])).toBe(`[\n${ONE_JSON},\n${ONE_JSON}\n]\n`);
    expect(exportAll('json', [])).toBe('[]\n');
    expect(exportAll('json', [[], []])).toBe('[]\n');
  });

  it('ndjson: one object a line', () => {
    expect(exportAll('ndjson', [[one, one]])).toBe(`${ONE_JSON}\n${ONE_JSON}\n`);
    expect(exportAll('ndjson', [])).toBe('');
  });

  it('csv: a header, CRLF records, RFC 4180 quoting, the named fields flattened and the rest as JSON', () => {
    const tricky = entry({seq: 8, message: 'a "quoted", comma\r\nand lines', fields: {user: 'ann', other: 'x'}, raw: 'x'});
    expect(exportAll('csv', [[one, tricky]], {fieldColumns: ['ms', 'user']})).toBe(
      'seq,time,timestamp_ms,received_at_ms,run_id,component_id,component_type,stream,level,restart,truncated,message,fields,raw,field.ms,field.user\r\n' +
        '7,2024-01-20T10:00:00.123Z,1705744800123.5,1705744800200,run-1,sink,source,stdout,warn,0,false,slow,{},WARN slow ms=1200,1200,\r\n' +
        `8,2024-01-20T10:00:00.008Z,1705744800008,1705744800008,run-1,source,source,stdout,info,0,false,"a ""quoted"", comma\r\nand lines","{""other"":""x""}",x,,ann\r\n`,
    );
    expect(exportAll('csv', [])).toBe(CSV_COLUMNS.join(',') + '\r\n');
  });

  it('regression csv-fields-not-flattened: without named fields, the keys of the first batch become columns; later keys and empty values stay in `fields`', () => {
    const first = [
      entry({seq: 1, fields: {user: 'ann', ms: '12'}}),
      entry({seq: 2, fields: {ms: '30', region: 'eu'}}),
    ];
    const later = [entry({seq: 3, fields: {user: '', trace: 'abc'}})];
    const csv = exportAll('csv', [first, later]);
    const [header, ...rows] = csv.split('\r\n');
    expect(header).toBe(`${CSV_COLUMNS.join(',')},field.user,field.ms,field.region`);
    const tails = rows.map((row) => row.slice(row.indexOf(',false,') + ',false,'.length));
    expect(tails).toEqual([
      'line 1,{},line 1,ann,12,',
      'line 2,{},line 2,,30,eu',
      // `user` is present but empty: only `fields` can say so; `trace` was first seen later.
      'line 3,"{""user"":"""",""trace"":""abc""}",line 3,,,',
      '',
    ]);
    expect(parsed('csv', csv)).toEqual([...first, ...later]);
  });

  it('csv: guards cells that spreadsheets would run as formulas, and quotes that start a cell', () => {
    const rows = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', "'already"].map((message, i) =>
      entry({seq: i + 1, message, raw: 'r', fields: {}}),
    );
    const messages = exportAll('csv', [rows])
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split(',')[11]);
    expect(messages).toEqual(["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tx", `"'\rx"`, "''already"]);
  });

  it('text: as the console shows it, without colour unless asked', () => {
    expect(exportAll('text', [[one]])).toBe('sink | WARN  slow ms=1200\n');
    // -t is when flowctl received the line (receivedAt .200), as on the console, not the line's own time (.123).
    expect(exportAll('text', [[one]], {prefixWidth: 6, timestamps: true, raw: true})).toMatch(/^sink {3}\| \d{4}-01-20T\d\d:00:00\.200[+-]\d\d:\d\d WARN slow ms=1200\n$/);
    expect(exportAll('text', [[one]], {color: true})).toContain('\x1b[33mWARN\x1b[0m');
    expect(exportAll('text', [[one]])).not.toContain('\x1b');
    // The console's palette slots when given (the pipeline's order), not the id's hash.
    expect(exportAll('text', [[one]], {color: true, colorIndexOf: () => 3})).toBe(createEntryRenderer({color: true, prefix: true, prefixWidth: 0, timestamps: false, raw: false}, () => 3)(one) + '\n');
  });
});

describe('round trip: export then parse back equals the entries', () => {
  const nasty = fc.oneof(
    fc.string({unit: 'binary', maxLength: 30}),
    fc.constantFrom('=cmd|x', '+1', '-1', '@a', '\tt', '\rr', "'q", "''", '"', '""', 'a,b', 'line\r\nbreak', 'lf\nonly', '', ' ', '{}', '\x1b[31mred'),
  );
  const arbEntry = fc.record({
    seq: fc.nat(),
    componentId: nasty,
    componentType: fc.constantFrom('source' as const, 'processor' as const, 'sink' as const, 'pipeline' as const, '' as const),
    stream: fc.constantFrom('stdout' as const, 'stderr' as const, 'control' as const),
    timestamp: fc.double({min: 0, max: 4e12, noNaN: true}).map((x) => (x === 0 ? 0 : x)),
    receivedAt: fc.integer({min: 0, max: 4e12}),
    level: fc.constantFrom<Level>(...LEVELS, 'unknown'),
    message: nasty,
    fields: fc.dictionary(nasty, nasty, {maxKeys: 4}),
    raw: nasty,
    runId: nasty,
    restart: fc.nat(),
    truncated: fc.boolean(),
  });

  for (const format of ['json', 'ndjson', 'csv'] as const) {
    it(format, () => {
      fc.assert(
        fc.property(fc.array(fc.array(arbEntry, {maxLength: 5}), {maxLength: 5}), (batches) => {
          const text = exportAll(format, batches, {fieldColumns: ['k']});
          expect(parsed(format, text)).toEqual(batches.flat());
        }),
        {numRuns: 300},
      );
    });
  }

  it('csv with the columns found in the first batch (nasty keys and values flattened)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbEntry, {maxLength: 5}), {maxLength: 5}), (batches) => {
        expect(parsed('csv', exportAll('csv', batches))).toEqual(batches.flat());
      }),
      {numRuns: 300},
    );
  });

  it('csv guarded values come back unguarded', () => {
    const values = ['=1+1', '+x', '-x', '@x', '\tx', '\rx', "'x", "''x", 'plain'];
    const entries = values.map((v, i) => entry({seq: i, message: v, raw: v, componentId: v, runId: v, fields: {[v]: v}}));
    expect(parsed('csv', exportAll('csv', [entries]))).toEqual(entries);
  });

  it('csv parsing accepts LF line ends, a BOM and reordered columns', () => {
    const csv = exportAll('csv', [[one]]);
    const [header = '', row = ''] = csv.split('\r\n');
    const swap = (line: string): string => {
      const cells = line.split(',');
      return [cells[1], cells[0], ...cells.slice(2)].join(',');
    };
    expect(parsed('csv', `\uFEFF${swap(header)}\n${swap(row)}\n`)).toEqual([one]);
  });
});

describe('parse errors say what and where', () => {
  it('json', () => {
    expect(parseError('json', '[{')).toMatch(/^not valid JSON: /);
    expect(parseError('json', '{}')).toBe('expected a JSON array of log entries');
    expect(parseError('json', `[${ONE_JSON}, 3]`)).toBe('entry 2: expected an object with the fields of a log entry');
    expect(parseError('json', `[${ONE_JSON.replace('"warn"', '"loud"')}]`)).toBe(
      'entry 1: "level" must be one of trace, debug, info, warn, error, fatal, unknown, got "loud"',
    );
  });

  it('ndjson, naming the line', () => {
    expect(parseError('ndjson', `${ONE_JSON}\n\n{oops\n`)).toMatch(/^line 3: not valid JSON: /);
    expect(parseError('ndjson', ONE_JSON.replace('"seq":7', '"seq":-1'))).toBe('line 1: "seq" must be a whole number ≥ 0, got -1');
    expect(parseError('ndjson', ONE_JSON.replace('"stream":"stdout"', '"stream":"tty"'))).toContain('"stream" must be one of stdout, stderr, control');
    expect(parseError('ndjson', ONE_JSON.replace('"fields":{"ms":"1200"}', '"fields":{"ms":1200}'))).toContain('"fields" must be an object of text values');
    expect(parseError('ndjson', ONE_JSON.replace('"truncated":false', '"truncated":0'))).toContain('"truncated" must be true or false');
    expect(parseError('ndjson', ONE_JSON.replace('"raw":"WARN slow ms=1200",', ''))).toBe('line 1: "raw" must be text, got nothing');
    expect(parseError('ndjson', ONE_JSON.replace('"timestamp":1705744800123.5', '"timestamp":"soon"'))).toContain('"timestamp" must be epoch milliseconds');
    expect(parseError('ndjson', ONE_JSON.replace('"componentType":"source"', '"componentType":"db"'))).toContain('"componentType" must be one of');
  });

  it('csv', () => {
    const csv = exportAll('csv', [[one]], {fieldColumns: []});
    const header = csv.slice(0, csv.indexOf('\r\n'));
    const row = csv.slice(csv.indexOf('\r\n') + 2);
    expect(parseError('csv', '')).toBe('empty CSV: expected a header row starting with "seq"');
    expect(parseError('csv', 'seq,level\r\n')).toMatch(/^the header lacks the column\(s\) time, timestamp_ms, .*: is this a flowctl CSV export\?$/);
    expect(parseError('csv', `${header}\r\n1,2\r\n`)).toBe('line 2: 2 cells, but the header has 14');
    expect(parseError('csv', `${header}\r\n"unclosed,\r\n`)).toBe('line 2: a quoted cell is never closed');
    expect(parseError('csv', `${header}\r\nab"c\r\n`)).toBe('line 2: a quote inside an unquoted cell (quote the cell and double the quote)');
    expect(parseError('csv', `${header}\r\n"a"b\r\n`)).toBe('line 2: unexpected text after a quoted cell');
    expect(parseError('csv', `${header}\r\n${row.replace('"{""ms"":""1200""}"', '{oops')}`)).toBe('line 2: "fields" is not a JSON object: "{oops"');
    expect(parseError('csv', `${header}\r\n${row.replace(/^7,/, ',')}`)).toBe('line 2: "seq" must be a whole number ≥ 0, got ""');
    expect(parseError('csv', `${header}\r\n${row.replace(',false,', ',maybe,')}`)).toBe('line 2: "truncated" must be true or false, got "maybe"');
    // Line numbers count the lines inside quoted cells.
    const two = exportAll('csv', [[entry({seq: 1, message: 'a\r\nb\r\nc', raw: 'x'}), entry({seq: 2})]]);
    expect(parseError('csv', two.replace(/\r\n2,/, '\r\nX,'))).toBe('line 5: "seq" must be a whole number ≥ 0, got "X"');
  });

  it('text cannot be parsed back', () => {
    expect(parseExport('text' as ParseableFormat, 'x')).toEqual({ok: false, error: 'cannot parse the text format back: use json, ndjson or csv'});
  });
});

describe('streaming behaviour', () => {
  it('passes the sink backpressure on, and hands over bounded chunks', () => {
    const chunks: string[] = [];
    const exporter = createExporter('ndjson', (chunk) => {
      chunks.push(chunk);
      return chunks.length > 1 ? false : true;
    });
    const batch = Array.from({length: 5000}, (_, i) => entry({seq: i}));
    expect(exporter.write(batch.slice(0, 1))).toBe(true);
    expect(exporter.write(batch)).toBe(false);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(64 * 1024 + 1000);
    expect(exporter.end()).toBe(true);
  });

  it('refuses writes after end, a bug in the caller', () => {
    const exporter = createExporter('json', () => true);
    exporter.end();
    expect(() => exporter.write([one])).toThrow('export written to after end()');
    expect(() => exporter.end()).toThrow('export ended twice');
  });
});
