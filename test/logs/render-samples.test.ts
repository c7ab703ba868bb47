/* eslint-disable no-control-regex -- these tests are about control characters */
/** Every real sample line, parsed by the line parser, rendered both ways. */
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseLine, toPlain} from '../../src/logs/parse/index.js';
import {renderEntry, type RenderOptions} from '../../src/logs/render.js';
import {entry} from './entries.js';

const SAMPLES = path.join(import.meta.dirname, '../../fixtures/samples');
const PLAIN: RenderOptions = {color: false, prefix: true, prefixWidth: 13, timestamps: false, raw: false};

function rendered(file: string, lineIndex: number, options: RenderOptions = PLAIN): string {
  const line = readFileSync(path.join(SAMPLES, file), 'utf8').split('\n')[lineIndex] ?? '';
  const parsed = parseLine(toPlain(line));
  return renderEntry(entry({componentId: 'ttp-processor', raw: line, message: parsed.message, level: parsed.level, fields: parsed.fields}), options);
}

describe('rendering the samples', () => {
  it('compact-without-caller: renders structured samples compactly, as the issue shows them (regression: caller=server/server.go:115 too)', () => {
    expect(rendered('zap-production.log', 0)).toBe('ttp-processor | INFO  connecting to raw ledger source source_address=localhost:50052');
    // Left out of the compact line only: --raw prints it, and it stays a field.
    expect(rendered('zap-production.log', 0, {...PLAIN, raw: true})).toContain('"caller":"server/server.go:115"');
    expect(parseLine(toPlain(readFileSync(path.join(SAMPLES, 'zap-production.log'), 'utf8').split('\n')[0] ?? '')).fields).toMatchObject({caller: 'server/server.go:115'});
    expect(rendered('zerolog.log', 2)).toBe('ttp-processor | ERROR flush failed component=arrow-consumer-demo error="write tcp 127.0.0.1:50061: broken pipe"');
    expect(rendered('pino-logfmt-misc.log', 1)).toBe('ttp-processor | WARN  retrying connection pid=4242 hostname=dev attempt=2');
  });

  it('keeps plain and Go log lines as printed', () => {
    expect(rendered('go-stdlog.log', 0)).toBe('ttp-processor | 2025/12/03 12:21:40 Raw Ledger Source Server listening at [::]:50052');
    expect(rendered('flowctl-sdk-printf.log', 0)).toBe('ttp-processor | Processor contract-events started on :50054');
  });

  it('prints every sample line with no stray control characters, with and without colour', () => {
    for (const file of readdirSync(SAMPLES).filter((name) => name.endsWith('.log'))) {
      const count = readFileSync(path.join(SAMPLES, file), 'utf8').split('\n').length;
      for (let i = 0; i < count; i++) {
        for (const raw of [false, true]) {
          expect(rendered(file, i, {...PLAIN, raw})).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
          const colored = rendered(file, i, {...PLAIN, raw, color: true}).replace(/\x1b\[[0-9;:]*m/g, '');
          expect(colored).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
        }
      }
    }
  });
});
