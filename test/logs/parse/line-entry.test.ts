/**
 * Which entries the builder marks as "one line parsed on its own" (packing and the history
 * then keep only their raw), and that parsing the raw again gives back exactly their
 * message and fields: for every sample line, with `auto` and with every pinned format.
 */
import {readdirSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {LOG_FORMATS} from '../../../src/config/model.js';
import type {LogEntry} from '../../../src/logs/entry.js';
import {LineEntry, parsesBackAsAuto, reparse} from '../../../src/logs/parse/line-entry.js';
import {REPARSE_FORMATS} from '../../../src/logs/store/block-pack.js';
import {harness, lineEntries, lines, SAMPLES, sampleLines} from './helpers.js';

const parsedWith = (entry: object): string | undefined => LineEntry.parsedWith(entry as LogEntry);

describe('LineEntry', () => {
  it('marks a one-line entry with the component format, and only that', () => {
    const h = harness({format: 'zap-json'});
    h.builder.push('stderr', lines('{"level":"warn","ts":1764782500.5,"msg":"slow","peer":"a"}'), 1000);
    h.builder.flush();
    const [entry] = h.entries();
    expect(entry?.message).toBe('slow');
    expect(parsedWith(entry ?? {})).toBe('zap-json');
  });

  it('does not mark an entry that joined continuation lines or a pretty-printed JSON block', () => {
    const h = harness();
    h.builder.push('stderr', lines('Error: boom', '    at main (/app/index.js:3:9)', '    at run (/app/index.js:9:1)'), 1000);
    h.builder.push('stdout', lines('{', '  "level": "info",', '  "msg": "block"', '}'), 1000);
    h.builder.flush();
    const entries = h.entries();
    expect(entries.map((e) => e.raw.split('\n').length).sort()).toEqual([3, 4]);
    expect(entries.map(parsedWith)).toEqual([undefined, undefined]);
  });

  it('marks a Go log line that could have taken continuations but did not', () => {
    const h = harness();
    h.builder.push('stderr', lines('2025/12/03 17:21:40 connected to 127.0.0.1:50052'), 1000);
    h.builder.flush();
    expect(h.entries().map(parsedWith)).toEqual(['auto']);
  });

  it('cannot be seen, copied or serialised: a spread or JSON copy is an ordinary, unmarked entry', () => {
    const h = harness();
    h.builder.push('stdout', lines('level=info msg="ready" port=8080'), 1000);
    h.builder.flush();
    const [entry] = h.entries();
    expect(parsedWith(entry ?? {})).toBe('auto');
    expect(parsedWith({...entry})).toBeUndefined();
    expect(JSON.stringify(entry)).not.toContain('auto');
    expect(Object.keys(entry ?? {})).not.toContain('parsedWith');
    expect(parsedWith({seq: 1, raw: 'x'})).toBeUndefined();
  });

  it('names the same formats, in the same order, as the stored table (positions are stored)', () => {
    expect(REPARSE_FORMATS).toEqual([...LOG_FORMATS]);
  });

  const sampleFiles = readdirSync(SAMPLES).filter((name) => name.endsWith('.log'));
  describe.each(sampleFiles)('%s', (name) => {
    it.each([...LOG_FORMATS])('parses back to the same message and fields with format %s', (format) => {
      const h = harness({format});
      h.builder.push('stdout', sampleLines(name), 1000);
      h.builder.flush();
      const marked = h.entries().filter((entry) => parsedWith(entry) !== undefined);
      for (const entry of marked) {
        expect(parsedWith(entry)).toBe(format);
        const again = reparse(entry.raw, format);
        expect({message: again.message, fields: again.fields}).toEqual({message: entry.message, fields: entry.fields});
      }
      // Every sample has lines that stand alone, whatever the format: the test saw some.
      expect(marked.length).toBeGreaterThan(0);
    });
  });
});

describe('parsesBackAsAuto', () => {
  const [made] = lineEntries('auto', ['{"level":"warn","msg":"slow","peer":"10.0.0.1","n":"2"}'], 'run-1');
  const copy = {...(made as LogEntry), seq: 1};

  it('holds for an unmarked copy of what `auto` makes of the raw line', () => {
    expect(parsesBackAsAuto(copy)).toBe(true);
  });

  it('fails when the message, a field, the field order or the kind of entry differs', () => {
    expect(parsesBackAsAuto({...copy, message: 'other'})).toBe(false);
    expect(parsesBackAsAuto({...copy, fields: {...copy.fields, peer: '10.0.0.2'}})).toBe(false);
    expect(parsesBackAsAuto({...copy, fields: {n: '2', peer: '10.0.0.1'}})).toBe(false);
    expect(parsesBackAsAuto({...copy, stream: 'control'})).toBe(false);
    expect(parsesBackAsAuto({...copy, raw: `${copy.raw}\nmore`})).toBe(false);
  });
});
