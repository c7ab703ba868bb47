/** One line at a time: every parser, the auto sniffing, level words, and pinned-format fallback. */
import {describe, expect, it} from 'vitest';
import type {LogFormat} from '../../../src/config/model.js';
import {parseLine, toPlain, type ParsedLine} from '../../../src/logs/parse/index.js';

const local = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number =>
  new Date(y, mo - 1, d, h, mi, s, ms).getTime();

type Case = [line: string, expected: Partial<ParsedLine>];

function check(cases: Case[], format: LogFormat = 'auto'): void {
  it.each(cases)('%s', (line, expected) => {
    expect(parseLine(line, format)).toMatchObject(expected);
  });
}

describe('zap production JSON', () => {
  check([
    ['{"level":"debug","ts":1764782500.5,"caller":"a/b.go:1","msg":"x"}', {level: 'debug', timestamp: 1764782500500, format: 'zap-json', fields: {caller: 'a/b.go:1'}}],
    ['{"level":"dpanic","ts":1764782500,"msg":"x"}', {level: 'error', format: 'zap-json'}],
    ['{"level":"panic","ts":1764782500,"msg":"x"}', {level: 'fatal'}],
    ['{"level":"info","ts":1764782500,"logger":"docker","msg":"x","nested":{"a":[1,2]},"nothing":null,"ok":true}',
      {fields: {logger: 'docker', nested: '{"a":[1,2]}', nothing: 'null', ok: 'true'}}],
  ]);
  it('does not keep level, ts and msg as fields', () => {
    expect(parseLine('{"level":"info","ts":1,"msg":"x","k":"v"}').fields).toEqual({k: 'v'});
  });
});

describe('zap console', () => {
  check([
    ['2025-12-03T12:21:39.874-0500\tDEBUG\tdocker-orchestrator\tdocker/run.go:12\tpulled image\t{"image": "x", "layers": 3}',
      {level: 'debug', timestamp: Date.UTC(2025, 11, 3, 17, 21, 39, 874), message: 'pulled image', format: 'zap-console',
        fields: {logger: 'docker-orchestrator', caller: 'docker/run.go:12', image: 'x', layers: '3'}}],
    ['2025-12-03T12:21:39.874+0530\tWARN\tno caller here', {level: 'warn', message: 'no caller here', fields: {},
      timestamp: Date.UTC(2025, 11, 3, 6, 51, 39, 874)}],
    ['2025-12-03T12:21:39.874Z\tinfo\tcmd/run.go:1\tmessage with\ttab', {message: 'message with\ttab', fields: {caller: 'cmd/run.go:1'}}],
    ['1.7647825001234567e+09\tINFO\tepoch seconds', {timestamp: 1764782500123, message: 'epoch seconds', format: 'zap-console'}],
    ['2025-12-03T12:21:39.874-0500\tNOTALEVEL\tx', {format: 'text', level: 'unknown'}],
  ]);
  it('reads the level through ANSI colours once stripped', () => {
    const raw = '2025-12-03T12:21:39.874-0500\t\u001b[31mERROR\u001b[0m\tx/y.go:1\tboom';
    expect(parseLine(toPlain(raw))).toMatchObject({level: 'error', message: 'boom', format: 'zap-console'});
  });
});

describe('Go log', () => {
  check([
    ['2025/12/03 12:21:40.123456 main.go:42: [ERROR] boom',
      {level: 'error', message: 'boom', timestamp: local(2025, 12, 3, 12, 21, 40, 123), fields: {caller: 'main.go:42'}, format: 'go-log'}],
    ['2025/12/03 12:21:40 Processed 3 items. Error: disk full', {level: 'error', message: 'Processed 3 items. Error: disk full'}],
    ['2025/12/03 12:21:40 rpc error: code = Unavailable', {level: 'unknown'}],
    ['2025/12/03 12:21:40 ', {level: 'unknown', message: '', format: 'go-log'}],
    ['2025/13/03 12:21:40 month 13 is not a date', {format: 'text'}],
  ]);
});

describe('zerolog', () => {
  check([
    ['3:04PM INF kitchen time k=v', {level: 'info', timestamp: undefined, message: 'kitchen time', fields: {k: 'v'}, format: 'zerolog-console'}],
    ['11:59AM DBG x', {level: 'debug', message: 'x'}],
    ['2025-12-03T12:21:40-05:00 TRC main.go:23 > with caller a=1', {level: 'trace', message: 'with caller', fields: {caller: 'main.go:23', a: '1'}}],
    ['2025-12-03T12:21:40-05:00 FTL quoted error="say \\"hi\\"\\n" n=1', {level: 'fatal', message: 'quoted', fields: {error: 'say "hi"\n', n: '1'}}],
    ['2025-12-03T12:21:40-05:00 PNC gone', {level: 'fatal', message: 'gone', fields: {}}],
    ['2025-12-03T12:21:40-05:00 ??? no level', {level: 'unknown', message: 'no level', format: 'zerolog-console'}],
    ['2025-12-03T12:21:40-05:00 INF a=b in the middle x=1', {message: 'a=b in the middle', fields: {x: '1'}}],
    ['2025-12-03T12:21:40-05:00 INF unclosed "quote x="y', {message: 'unclosed "quote x="y', fields: {}}],
    ['{"level":"error","time":1764782500,"message":"unix time","error":"x"}', {level: 'error', timestamp: 1764782500000, format: 'zerolog-json', fields: {error: 'x'}}],
  ]);
  it('parses the coloured console writer once ANSI is stripped', () => {
    const raw = '\u001b[90m2025-12-03T12:21:41-05:00\u001b[0m \u001b[33mWRN\u001b[0m slow batch \u001b[36mduration_ms=\u001b[0m812';
    expect(parseLine(toPlain(raw))).toMatchObject({level: 'warn', message: 'slow batch', fields: {duration_ms: '812'}});
  });
});

describe('pino / bunyan', () => {
  check([
    ['{"level":10,"time":1764782500123,"msg":"t"}', {level: 'trace', format: 'pino'}],
    ['{"level":20,"time":1764782500123,"msg":"d"}', {level: 'debug'}],
    ['{"level":35,"time":1764782500123,"msg":"custom"}', {level: 'warn'}],
    ['{"level":60,"time":1764782500123,"msg":"f"}', {level: 'fatal', timestamp: 1764782500123}],
    ['{"name":"app","hostname":"h","pid":1,"level":30,"msg":"bunyan","time":"2025-12-03T17:21:40.500Z","v":0}',
      {level: 'info', timestamp: Date.UTC(2025, 11, 3, 17, 21, 40, 500), message: 'bunyan', fields: {name: 'app', v: '0'}}],
  ]);
});

describe('generic JSON', () => {
  check([
    ['{"severity":"WARNING","message":"gcp","timestamp":"2025-12-03T17:21:41.201234567Z"}',
      {level: 'warn', message: 'gcp', timestamp: Date.UTC(2025, 11, 3, 17, 21, 41, 201), format: 'json'}],
    ['{"time":"2025-12-03T12:21:40.5-05:00","level":"INFO","msg":"slog"}', {level: 'info', timestamp: Date.UTC(2025, 11, 3, 17, 21, 40, 500), message: 'slog'}],
    ['{"lvl":"crit","@timestamp":"2025-12-03T17:21:40Z","msg":"m"}', {level: 'fatal', timestamp: Date.UTC(2025, 11, 3, 17, 21, 40)}],
    ['{"level":"notice","ts":"1764782500123","msg":"numeric string"}', {level: 'info', timestamp: 1764782500123}],
    ['{"level":"verbose","time":"Wed, 03 Dec 2025 17:21:40 GMT","msg":"rfc1123"}', {level: 'debug', timestamp: Date.UTC(2025, 11, 3, 17, 21, 40)}],
    ['{"level":"info","timestamp":1764782500123456,"msg":"micros"}', {timestamp: 1764782500123}],
    ['{"level":"info","timestamp":1764782500123456789,"msg":"nanos"}', {timestamp: 1764782500123}],
    ['{"event":"no message","n":1}', {level: 'unknown', message: '{"event":"no message","n":1}', fields: {event: 'no message', n: '1'}}],
    ['{"level":"weird","msg":"x"}', {level: 'unknown', format: 'json'}],
    ['{"msg":"both","message":"second"}', {message: 'both', fields: {message: 'second'}}],
    ['{not json at all', {format: 'text', level: 'unknown', message: '{not json at all'}],
    ['{"a":1} trailing', {format: 'text'}],
    // time-field-dropped: a time key whose value is no time stays a field instead of vanishing.
    ['{"level":"info","time":"not a time","msg":"x"}', {timestamp: undefined, fields: {time: 'not a time'}}],
    ['{"level":"info","time":{"$date":1},"msg":"x"}', {timestamp: undefined, fields: {time: '{"$date":1}'}}],
    ['{"level":"info","ts":"yesterday","msg":"x","a":1}', {timestamp: undefined, fields: {ts: 'yesterday', a: '1'}}],
  ]);
});

describe('logfmt', () => {
  check([
    ['level=WARN msg="x y" a=1', {level: 'warn', message: 'x y', fields: {a: '1'}, format: 'logfmt'}],
    ['ts=2025-12-03T17:21:40Z lvl=debug component=db', {level: 'debug', timestamp: Date.UTC(2025, 11, 3, 17, 21, 40), message: ''}],
    ['a=1 and then prose', {format: 'text'}],
    ['x="unclosed y=2', {format: 'text'}],
    ['only=one', {format: 'text'}],
    // logfmt-bare-key: a bare key beside level/msg is a flag (was: the whole line read as text).
    ['level=warn msg="a b" flag key=v', {level: 'warn', message: 'a b', fields: {flag: 'true', key: 'v'}, format: 'logfmt'}],
    ['a=1 b=2 and', {format: 'text'}],
    ['level=info alone', {format: 'text'}],
  ]);
});

describe('plain text', () => {
  check([
    ['[warning]: lower-case bracket', {level: 'warn', message: 'lower-case bracket'}],
    ['[ERROR] boom', {level: 'error', message: 'boom'}],
    ['WRN short token', {level: 'warn', message: 'short token'}],
    ['INFO | piped', {level: 'info', message: 'piped'}],
    ['ERROR - dashed', {level: 'error', message: 'dashed'}],
    ['WARN -5 degrees', {level: 'warn', message: '-5 degrees'}],
    ['DEBUG', {level: 'debug', message: ''}],
    ['INFO[0003] logrus line', {level: 'info', message: 'logrus line'}],
    ['E1203 12:21:40.123456    1234 server.go:12] glog failure', {level: 'error', message: 'glog failure'}],
    ['W1203 12:21:40.123456    1234 server.go:12] glog warning', {level: 'warn'}],
    ['panic: runtime error: index out of range', {level: 'fatal', message: 'panic: runtime error: index out of range'}],
    ['fatal error: all goroutines are asleep - deadlock!', {level: 'fatal'}],
    ['Warning: disk almost full', {level: 'warn', message: 'Warning: disk almost full'}],
    ['error: cannot open', {level: 'error', message: 'error: cannot open'}],
    ['Error sending heartbeat', {level: 'error'}],
    ['Errors found: 0', {level: 'unknown'}],
    ['Information overload', {level: 'unknown'}],
    ['Trace id abc', {level: 'unknown'}],
    ['OK: fine', {level: 'unknown'}],
    ['NO_ERROR reported', {level: 'unknown'}],
    ['status WARNINGS=0', {level: 'unknown'}],
    ['the WARN count rose', {level: 'warn'}],
    ['something level=warn happened', {level: 'warn'}],
    ['something level="error" happened', {level: 'error'}],
    ['call failed: Fatal: disk', {level: 'fatal'}],
    ['2025-12-03 12:21:40,123 INFO module: started', {level: 'info', message: 'module: started', timestamp: local(2025, 12, 3, 12, 21, 40, 123)}],
    ['[2025-01-15 10:30:00] Starting processor...', {level: 'unknown', message: 'Starting processor...', timestamp: local(2025, 1, 15, 10, 30, 0)}],
    ['2025-12-03T17:21:41.201234567Z docker prefix', {timestamp: Date.UTC(2025, 11, 3, 17, 21, 41, 201), message: 'docker prefix'}],
    ['42 is the answer', {level: 'unknown', message: '42 is the answer', timestamp: undefined, format: 'text'}],
    ['', {level: 'unknown', message: '', fields: {}, format: 'text'}],
    ['[not a level] x', {level: 'unknown', message: '[not a level] x'}],
  ]);
});

describe('pinned formats', () => {
  const GO_LOG = '2025/12/03 12:21:40 Warning: FLOWCTL_COMPONENT_ID not set';
  const ZAP = '{"level":"info","ts":1764782500.5,"msg":"x"}';
  const PINO = '{"level":30,"time":1764782500123,"msg":"x"}';
  it.each<[LogFormat, string, Partial<ParsedLine>]>([
    ['zap-json', ZAP, {format: 'zap-json', message: 'x'}],
    ['zap-json', PINO, {format: 'text', message: PINO}],
    ['zap-json', GO_LOG, {format: 'text', level: 'warn', message: GO_LOG}],
    ['pino', PINO, {format: 'pino', level: 'info'}],
    ['pino', ZAP, {format: 'text'}],
    ['zerolog-json', '{"level":"warn","time":"2025-12-03T12:21:41-05:00","message":"m"}', {format: 'zerolog-json', level: 'warn'}],
    ['zerolog-json', ZAP, {format: 'text'}],
    ['json', '{"anything":1}', {format: 'json'}],
    ['json', 'not json', {format: 'text'}],
    ['go-log', GO_LOG, {format: 'go-log', level: 'warn'}],
    ['go-log', '[WARN] plain', {format: 'text', level: 'warn'}],
    ['zap-console', '2025-12-03T12:21:39.874-0500\tINFO\tx', {format: 'zap-console'}],
    ['zap-console', GO_LOG, {format: 'text'}],
    ['zerolog-console', '3:04PM ERR x', {format: 'zerolog-console', level: 'error'}],
    ['zerolog-console', GO_LOG, {format: 'text'}],
    ['logfmt', 'level=info msg=x', {format: 'logfmt'}],
    ['logfmt', GO_LOG, {format: 'text'}],
    ['text', ZAP, {format: 'text', level: 'unknown', message: ZAP}],
  ])('%s on %s', (format, line, expected) => {
    expect(parseLine(line, format)).toMatchObject(expected);
  });

  it('auto is the default', () => {
    expect(parseLine(ZAP)).toEqual(parseLine(ZAP, 'auto'));
  });
});
