/**
 * The JSON fast path (`json-scan.ts`) against the `JSON.parse` path it stands in for: on
 * every line it accepts it must produce exactly what the reference produces, and it must
 * accept the common flat shapes (otherwise it buys nothing).
 */
import {readdirSync, readFileSync} from 'node:fs';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {genericJson} from '../../../src/logs/parse/generic-json.js';
import {parseJsonObject, type JsonFormat} from '../../../src/logs/parse/json-object.js';
import {scanJsonLine, type JsonTarget} from '../../../src/logs/parse/json-scan.js';
import {interpretJsonObject} from '../../../src/logs/parse/parse-line.js';
import {pino} from '../../../src/logs/parse/pino.js';
import type {ParsedLine} from '../../../src/logs/parse/types.js';
import {zapJson} from '../../../src/logs/parse/zap-json.js';
import {zerologJson} from '../../../src/logs/parse/zerolog-json.js';
import {SAMPLES} from './helpers.js';

const DIALECTS: Record<Exclude<JsonTarget, 'auto'>, JsonFormat> = {
  'zap-json': zapJson,
  'zerolog-json': zerologJson,
  pino,
  json: genericJson,
};
const TARGETS: JsonTarget[] = ['auto', 'zap-json', 'zerolog-json', 'pino', 'json'];

/** What the `JSON.parse` path makes of a line (undefined: not a JSON object, or a pinned dialect that does not match). */
function reference(plain: string, target: JsonTarget): ParsedLine | undefined {
  const object = parseJsonObject(plain);
  if (object === undefined) return undefined;
  if (target === 'auto') return interpretJsonObject(object);
  const dialect = DIALECTS[target];
  return dialect.matches(object) ? dialect.interpret(object) : undefined;
}

/** The fast path may decline; when it answers, it answers exactly as the reference, key order included. */
function expectSame(plain: string, target: JsonTarget): ParsedLine | undefined {
  const fast = scanJsonLine(plain, target);
  if (fast === undefined) return undefined;
  const slow = reference(plain, target);
  expect(fast, `${target}: ${plain}`).toStrictEqual(slow);
  expect(Object.keys(fast.fields), `${target}: ${plain}`).toEqual(Object.keys(slow?.fields ?? {}));
  return fast;
}

describe('scanJsonLine', () => {
  it('reads a zap production line without JSON.parse, as JSON.parse would', () => {
    const line = '{"level":"info","ts":1764782500.100001,"caller":"bench/gen.c:118","msg":"@a0:1@ processed","component":"a0","n":42,"end":"$1$"}';
    const fast = expectSame(line, 'auto');
    expect(fast).toMatchObject({level: 'info', format: 'zap-json', message: '@a0:1@ processed', timestamp: 1764782500100});
    expect(fast?.fields).toEqual({caller: 'bench/gen.c:118', component: 'a0', n: '42', end: '$1$'});
  });

  it('agrees with the JSON.parse path on every JSON line of the samples, for every target', () => {
    let accepted = 0;
    let json = 0;
    for (const name of readdirSync(SAMPLES).filter((f) => f.endsWith('.log'))) {
      for (const line of readFileSync(SAMPLES + name, 'utf8').split('\n')) {
        if (!line.startsWith('{')) continue;
        json++;
        for (const target of TARGETS) if (expectSame(line, target) !== undefined && target === 'auto') accepted++;
      }
    }
    expect(json).toBeGreaterThan(10);
    // Most sample JSON lines are flat: the fast path must take them.
    expect(accepted / json).toBeGreaterThan(0.5);
  });

  it('declines what it cannot be sure of: nested values, invalid JSON, escaped keys, __proto__, no message', () => {
    for (const line of [
      '{"level":"info","msg":"x","nested":{"a":1}}',
      '{"level":"info","msg":"x","list":[1]}',
      '{"level":"info","msg":"x",}',
      '{"level":"info","msg":"x"} trailing',
      '{"level":"info","msg":"tab\tinside"}',
      '{"level":"info","msg":"bad \\x escape"}',
      '{"lev\\u0065l":"info","msg":"x"}',
      '{"__proto__":"x","msg":"y"}',
      '{"level":"info","ts":1}',
      '{"level":"info","msg":"x","n":01}',
      '{"level":"info","msg":"x","n":1.}',
      '{"level":"info","msg":"x","n":-}',
      '{"level":"info","msg":"x","b":tru}',
      '{"level":"info","msg":"unterminated}',
      '{}',
      '{',
    ]) {
      expect(scanJsonLine(line, 'auto'), line).toBeUndefined();
    }
  });

  it('keeps JSON.parse semantics for escapes, numbers, literals, duplicates and whitespace', () => {
    for (const line of [
      '{"level":"warn","msg":"a \\"quoted\\" \\u00e9 \\n line","k":"\\/\\\\"}',
      '{ "level" : "error" , "ts" : 1.7647825e9 , "msg" : "spaced" , "x" : -0 }',
      '{"level":"info","msg":"x","big":12345678901234567890,"f":1.50,"e":1E3,"neg":-12,"zero":0}',
      '{"level":"info","msg":"x","t":true,"f":false,"n":null}',
      '{"level":"info","msg":"first","k":"1","msg":"second","k":"2"}',
      '{"level":30,"time":1764782500123,"msg":"pino","pid":1}',
      '{"level":"info","time":"2025-12-03T12:21:40-05:00","message":"zerolog"}',
      '{"severity":"ERROR","@timestamp":"2025-12-03T12:21:40Z","message":"generic","msg2":"x"}',
      '{"lvl":"dbg","timestamp":1764782500,"msg":"generic","message":"stays a field"}',
      '{"level":null,"ts":"nope","msg":true}',
      '{"level":"info","ts":1764782500,"msg":12.5}',
      '{"2":"b","1":"a","level":"info","msg":"integer keys first"}',
    ]) {
      for (const target of TARGETS) expectSame(line, target);
      expect(scanJsonLine(line, 'auto'), line).toBeDefined();
    }
  });

  it('matches the JSON.parse path on generated flat objects (property)', () => {
    const key = fc.constantFrom('level', 'lvl', 'severity', 'msg', 'message', 'ts', 'time', 'timestamp', '@timestamp', 'caller', 'k', '1', 'a b');
    const text = fc.string({unit: fc.constantFrom('a', ' ', '"', '\\', '\n', '\t', 'é', '\u0001', 'info', 'WARN', '2025-12-03T12:21:40Z')});
    const value = fc.oneof(
      text.map((s) => JSON.stringify(s)),
      fc.double({noNaN: true, noDefaultInfinity: true}).map((n) => JSON.stringify(n)),
      fc.integer().map(String),
      fc.constantFrom('true', 'false', 'null', '30', '1764782500.5', '"1764782500"', '1e400', '-0'),
    );
    const space = fc.constantFrom('', ' ', '\t');
    const line = fc.array(fc.tuple(key, value, space), {maxLength: 8}).map(
      (members) => `{${members.map(([k, v, s]) => `${s}"${k}"${s}:${s}${v}${s}`).join(',')}}`,
    );
    fc.assert(
      fc.property(line, fc.constantFrom(...TARGETS), (plain, target) => {
        expectSame(plain, target);
      }),
      {numRuns: 3000},
    );
  });
});
