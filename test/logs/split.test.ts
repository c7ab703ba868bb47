import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {readFileSync} from 'node:fs';
import {LineSplitter} from '../../src/logs/split.js';
import {overwriteCarriageReturns} from '../../src/logs/terminal-line.js';
import type {SplitLine} from '../../src/logs/api.js';

/** Runs a splitter over the given chunks, then flushes; returns every line and the batches. */
function split(chunks: (Buffer | string)[], maxLineBytes = 1024): {lines: SplitLine[]; batches: number} {
  const lines: SplitLine[] = [];
  let batches = 0;
  const splitter = new LineSplitter({
    maxLineBytes,
    onLines: (batch) => {
      batches++;
      lines.push(...batch);
    },
  });
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  splitter.flush();
  return {lines, batches};
}

const texts = (chunks: (Buffer | string)[], max?: number): string[] => split(chunks, max).lines.map((l) => l.text);
const line = (text: string, truncated = false): SplitLine => ({text, truncated});

describe('LineSplitter: exact cases', () => {
  it('splits on LF and CRLF, keeping empty lines', () => {
    expect(split(['a\nb\r\n\n\r\nc\n']).lines).toEqual([line('a'), line('b'), line(''), line(''), line('c')]);
  });

  it('removes only one CR before LF', () => {
    expect(texts(['abc\r\r\n'])).toEqual(['abc']);
  });

  it('applies lone CR as a terminal would', () => {
    expect(texts(['abcdef\rXY\n'])).toEqual(['XYcdef']);
    expect(texts(['10%\r50%\r100%\n'])).toEqual(['100%']);
    expect(texts(['abc\r\n'])).toEqual(['abc']);
    expect(texts(['\rabc\n'])).toEqual(['abc']);
  });

  it('regression cr-ansi-columns: coloured progress frames come out as a terminal shows them (99%%, not 99%m)', () => {
    expect(texts(['\x1b[32m100%\x1b[0m\r\x1b[32m99%\x1b[0m\n'])).toEqual(['\x1b[32m99%%\x1b[0m']);
  });

  it('shows only the last frame of the real progress-bar sample', () => {
    const sample = readFileSync(new URL('../../fixtures/samples/carriage-return-progress.log', import.meta.url));
    expect(texts([sample])).toEqual(['progress 100%']);
  });

  it('overwrites by code point, so emoji are not split into surrogates', () => {
    expect(overwriteCarriageReturns('😀😀😀\rX')).toBe('X😀😀');
  });

  it('holds a partial line until the next chunk completes it', () => {
    const got: SplitLine[][] = [];
    const splitter = new LineSplitter({maxLineBytes: 100, onLines: (b) => got.push(b)});
    splitter.push(Buffer.from('hel'));
    expect(got).toEqual([]);
    expect(splitter.pendingBytes).toBe(3);
    splitter.push(Buffer.from('lo\nwor'));
    expect(got).toEqual([[line('hello')]]);
    expect(splitter.pendingBytes).toBe(3);
  });

  it('emits the partial line on flush and starts a new line afterwards', () => {
    const got: SplitLine[][] = [];
    const splitter = new LineSplitter({maxLineBytes: 100, onLines: (b) => got.push(b)});
    splitter.push(Buffer.from('Password: '));
    splitter.flush();
    expect(got).toEqual([[line('Password: ')]]);
    expect(splitter.pendingBytes).toBe(0);
    splitter.flush();
    expect(got).toHaveLength(1);
    splitter.push(Buffer.from('next\n'));
    expect(got[1]).toEqual([line('next')]);
  });

  it('regression idle-flush-blank-line: the newline right after a flushed line ends it, adding no empty line', () => {
    const run = (chunks: string[]): string[] => {
      const got: string[] = [];
      const splitter = new LineSplitter({maxLineBytes: 100, onLines: (b) => got.push(...b.map((l) => l.text))});
      splitter.push(Buffer.from('Password: '));
      splitter.flush();
      for (const chunk of chunks) splitter.push(Buffer.from(chunk));
      splitter.flush();
      return got;
    };
    expect(run(['\ndone\n'])).toEqual(['Password: ', 'done']);
    expect(run(['\r\ndone\n'])).toEqual(['Password: ', 'done']);
    expect(run(['\r', '\ndone\n'])).toEqual(['Password: ', 'done']);
    // Only the one newline: a blank line printed after it is the program's own.
    expect(run(['\n\ndone\n'])).toEqual(['Password: ', '', 'done']);
    // A CR that is not part of a CRLF starts the next line, as it would unflushed.
    expect(run(['\r', 'x\n'])).toEqual(['Password: ', 'x']);
    // A lone CR and nothing after it within the idle time: no content, no line.
    expect(run(['\r'])).toEqual(['Password: ']);
    // Other bytes first: the newline ends them, as always.
    expect(run(['more\n', '\n'])).toEqual(['Password: ', 'more', '']);
  });

  it('calls onLines once per push with the whole batch, and not at all without a complete line', () => {
    const result = split(['a\nb\nc\nd', 'e', 'f\n']);
    expect(result.lines.map((l) => l.text)).toEqual(['a', 'b', 'c', 'def']);
    expect(result.batches).toBe(2);
  });

  it('handles CRLF split across chunks', () => {
    expect(texts(['abc\r', '\ndef\r', '\n'])).toEqual(['abc', 'def']);
  });

  it('decodes a multi-byte character split across chunks', () => {
    const euro = Buffer.from('€'); // e2 82 ac
    expect(texts([Buffer.concat([Buffer.from('x'), euro.subarray(0, 1)]), euro.subarray(1, 2), Buffer.concat([euro.subarray(2), Buffer.from('\n')])])).toEqual(['x€']);
  });

  it('turns invalid UTF-8 into U+FFFD without disturbing neighbouring lines', () => {
    const bytes = Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a, 0xc3, 0x0a, 0x63, 0x0a]);
    expect(split([bytes]).lines).toEqual([line('a\uFFFD\uFFFDb'), line('\uFFFD'), line('c')]);
  });

  it('keeps a line of exactly maxLineBytes whole, even with CRLF', () => {
    expect(split(['abcd\r\n', 'efgh\n'], 4).lines).toEqual([line('abcd'), line('efgh')]);
    expect(split(['abcd\r', '\n'], 4).lines).toEqual([line('abcd')]);
    expect(split(['abcd\r'], 4).lines).toEqual([line('abcd')]);
  });

  it('truncates an over-long line, marks it, and discards the rest up to the next LF', () => {
    expect(split(['abcdefgh\nok\n'], 4).lines).toEqual([line('abcd', true), line('ok')]);
    expect(split(['abcde\n'], 4).lines).toEqual([line('abcd', true)]);
    expect(split(['abcd\rx\n'], 4).lines).toEqual([line('abcd', true)]);
  });

  it('truncates at a 4-byte emoji boundary', () => {
    // "ab" + 😀 (f0 9f 98 80): a 4-byte limit falls inside the emoji, so the cut is after "ab".
    expect(split(['ab😀cd\n'], 4).lines).toEqual([line('ab', true)]);
    expect(split(['ab😀cd\n'], 6).lines).toEqual([line('ab😀', true)]);
    expect(split(['ab😀cd\n'], 5).lines).toEqual([line('ab', true)]);
    expect(split(['😀x\n'], 3).lines).toEqual([line('', true)]);
  });

  it('truncates at a UTF-8 boundary when the line spans chunks', () => {
    const bytes = Buffer.from('ab😀cd\n');
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    expect(split(chunks, 5).lines).toEqual([line('ab', true)]);
  });

  it('emits an over-long line as soon as it is known to be too long, before its LF', () => {
    const got: SplitLine[] = [];
    const splitter = new LineSplitter({maxLineBytes: 4, onLines: (b) => got.push(...b)});
    splitter.push(Buffer.from('abc'));
    splitter.push(Buffer.from('defg'));
    expect(got).toEqual([line('abcd', true)]);
    expect(splitter.pendingBytes).toBe(0);
    splitter.push(Buffer.from('more of the same line'));
    splitter.push(Buffer.from('still\nnext\n'));
    expect(got).toEqual([line('abcd', true), line('next')]);
  });

  it('keeps memory bounded by maxLineBytes for a line of hundreds of megabytes', () => {
    const max = 1024;
    const lines: SplitLine[] = [];
    const splitter = new LineSplitter({maxLineBytes: max, onLines: (b) => lines.push(...b)});
    const block = Buffer.alloc(1024 * 1024, 0x78);
    let maxPending = 0;
    splitter.push(Buffer.from('x'));
    for (let i = 0; i < 256; i++) {
      splitter.push(block);
      maxPending = Math.max(maxPending, splitter.pendingBytes);
    }
    splitter.push(Buffer.from('\nafter\n'));
    expect(maxPending).toBeLessThanOrEqual(max + 1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual(line('x'.repeat(max), true));
    expect(lines[1]).toEqual(line('after'));
  });

  it('stops discarding at flush, so later bytes form a new line', () => {
    const got: SplitLine[] = [];
    const splitter = new LineSplitter({maxLineBytes: 2, onLines: (b) => got.push(...b)});
    splitter.push(Buffer.from('abcdef'));
    splitter.flush();
    splitter.push(Buffer.from('gh\n'));
    expect(got).toEqual([line('ab', true), line('gh')]);
  });

  it('refuses a maxLineBytes that is not a positive integer', () => {
    expect(() => new LineSplitter({maxLineBytes: 0, onLines: () => {}})).toThrow(/maxLineBytes must be a positive integer, got 0/);
    expect(() => new LineSplitter({maxLineBytes: 1.5, onLines: () => {}})).toThrow(RangeError);
  });
});

/** An independent, obviously-correct model: split the whole buffer at once. */
function reference(bytes: Uint8Array, max: number): SplitLine[] {
  const out: SplitLine[] = [];
  const buf = Buffer.from(bytes);
  let start = 0;
  const ends: number[] = [];
  for (let i = 0; i < buf.length; i++) if (buf[i] === 0x0a) ends.push(i);
  if (start < buf.length && (ends.length === 0 || ends[ends.length - 1] !== buf.length - 1)) ends.push(buf.length);
  for (const end of ends) {
    let contentEnd = end;
    if (contentEnd > start && buf[contentEnd - 1] === 0x0d) contentEnd--;
    if (contentEnd - start > max) {
      let cut = start + max;
      let back = cut;
      while (back >= start && back >= cut - 3 && ((buf[back] ?? 0) & 0xc0) === 0x80) back--;
      if (back >= start && back >= cut - 3) cut = back;
      out.push({text: terminal(buf.toString('utf8', start, cut)), truncated: true});
    } else {
      out.push({text: terminal(buf.toString('utf8', start, contentEnd)), truncated: false});
    }
    start = end + 1;
  }
  return out;
}

/** Escapes take no column (terminal-line.test.ts models them); here, plain text only. */
function terminal(text: string): string {
  if (text.includes('\x1b')) return overwriteCarriageReturns(text);
  const columns: string[] = [];
  for (const segment of text.split('\r')) [...segment].forEach((ch, i) => (columns[i] = ch));
  return columns.join('');
}

/** Bytes biased towards the interesting ones: LF, CR, UTF-8 lead/continuation bytes, invalid bytes. */
const interestingByte = fc.oneof(
  {weight: 3, arbitrary: fc.integer({min: 0x20, max: 0x7e})},
  {weight: 2, arbitrary: fc.constantFrom(0x0a, 0x0d)},
  {weight: 1, arbitrary: fc.constantFrom(0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff)},
);
const lineText = fc.oneof(fc.string({unit: 'grapheme', maxLength: 12}), fc.string({maxLength: 12}));
const streamBytes = fc.oneof(
  fc.uint8Array({maxLength: 200}),
  fc.array(interestingByte, {maxLength: 200}).map((a) => Uint8Array.from(a)),
  fc
    .array(fc.tuple(lineText, fc.constantFrom('\n', '\r\n', '\r', '')), {maxLength: 30})
    .map((parts) => new Uint8Array(Buffer.from(parts.map(([t, e]) => t + e).join('')))),
);

/** Cuts `bytes` at the given (sorted, deduplicated) offsets. */
function chunkAt(bytes: Uint8Array, cuts: number[]): Buffer[] {
  const offsets = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const at of [...offsets, bytes.length]) {
    chunks.push(Buffer.from(bytes.subarray(prev, at)));
    prev = at;
  }
  return chunks;
}

describe('LineSplitter: properties', () => {
  it('gives the same lines however the bytes are chunked', () => {
    fc.assert(
      fc.property(streamBytes, fc.array(fc.nat(), {maxLength: 40}), fc.integer({min: 1, max: 24}), (bytes, cuts, max) => {
        const whole = split([Buffer.from(bytes)], max).lines;
        const chunked = split(chunkAt(bytes, cuts), max).lines;
        expect(chunked).toEqual(whole);
      }),
      {numRuns: 2000},
    );
  });

  it('matches the whole-buffer reference model', () => {
    fc.assert(
      fc.property(streamBytes, fc.array(fc.nat(), {maxLength: 40}), fc.integer({min: 1, max: 24}), (bytes, cuts, max) => {
        expect(split(chunkAt(bytes, cuts), max).lines).toEqual(reference(bytes, max));
      }),
      {numRuns: 2000},
    );
  });

  it('after an idle flush, the lines still do not depend on how the later bytes are chunked', () => {
    fc.assert(
      fc.property(streamBytes, streamBytes, fc.array(fc.nat(), {maxLength: 40}), fc.integer({min: 1, max: 24}), (before, after, cuts, max) => {
        const run = (chunks: Buffer[]): SplitLine[] => {
          const lines: SplitLine[] = [];
          const splitter = new LineSplitter({maxLineBytes: max, onLines: (batch) => lines.push(...batch)});
          splitter.push(Buffer.from(before));
          splitter.flush();
          for (const chunk of chunks) splitter.push(chunk);
          splitter.flush();
          return lines;
        };
        expect(run(chunkAt(after, cuts))).toEqual(run([Buffer.from(after)]));
      }),
      {numRuns: 2000},
    );
  });

  it('never holds more than maxLineBytes + 1 bytes', () => {
    fc.assert(
      fc.property(streamBytes, fc.array(fc.nat(), {maxLength: 40}), fc.integer({min: 1, max: 24}), (bytes, cuts, max) => {
        const splitter = new LineSplitter({maxLineBytes: max, onLines: () => {}});
        for (const chunk of chunkAt(bytes, cuts)) {
          splitter.push(chunk);
          expect(splitter.pendingBytes).toBeLessThanOrEqual(max + 1);
        }
      }),
      {numRuns: 1000},
    );
  });
});
