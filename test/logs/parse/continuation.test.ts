/** Continuation rules 6 and 7: JVM throwables and Python tracebacks after a levelled line. */
import {describe, expect, it} from 'vitest';
import {isExceptionStart, isPyExceptionLine} from '../../../src/logs/parse/continuation.js';
import {harness, lines} from './helpers.js';

const LOGBACK_ERROR = [
  '2026-11-29 19:37:27.731 ERROR [main] c.e.billing.InvoiceService - Failed to charge invoice 90',
  'java.lang.IllegalStateException: card declined',
  '\tat com.example.billing.InvoiceService.charge(InvoiceService.java:42)',
  '\tat com.example.billing.Main.main(Main.java:10)',
  'Caused by: java.net.SocketTimeoutException: Read timed out',
  '\t... 3 more',
];
const LOGBACK_INFO = '2026-11-29 19:37:27.802 INFO  [main] c.e.billing.InvoiceService - Retrying invoice 90';

const PYTHON_ERROR = [
  '2026-11-29 19:37:27,731 ERROR billing: failed to charge invoice 90',
  'Traceback (most recent call last):',
  '  File "/app/billing.py", line 42, in charge',
  '    gateway.charge(invoice)',
  '  File "/app/gateway.py", line 7, in charge',
  '    raise CardDeclined(reason)',
  'gateway.errors.CardDeclined: card declined',
];
const PYTHON_CHAIN = [
  '',
  'During handling of the above exception, another exception occurred:',
  '',
  'Traceback (most recent call last):',
  '  File "/app/billing.py", line 44, in charge',
  '    raise BillingError(invoice) from None',
  'BillingError: invoice 90',
];

function raws(texts: string[], receivedAt = 0): string[] {
  const {builder, entries} = harness();
  builder.push('stderr', lines(...texts), receivedAt);
  builder.flush();
  return entries().map((entry) => entry.raw);
}

describe('JVM throwables', () => {
  it('java-exception-line-splits-entry: a logback ERROR line, its column-0 exception, frames and Caused by are one error entry', () => {
    const {builder, entries} = harness();
    builder.push('stderr', lines(...LOGBACK_ERROR, LOGBACK_INFO), 0);
    builder.flush();
    expect(entries().map(({level, message, raw}) => ({level, message, raw}))).toEqual([
      {level: 'error', message: '[main] c.e.billing.InvoiceService - Failed to charge invoice 90', raw: LOGBACK_ERROR.join('\n')},
      {level: 'info', message: '[main] c.e.billing.InvoiceService - Retrying invoice 90', raw: LOGBACK_INFO},
    ]);
  });

  it('java-exception-line-splits-entry: a warn head takes a nested-class exception with no message', () => {
    const trace = ['19:37:27.731 [worker-1] WARN  c.e.Sync - retry', 'com.example.Sync$RetryException', '\tat com.example.Sync.run(Sync.java:3)'];
    expect(raws(trace)).toEqual([trace.join('\n')]);
  });

  it('does not join an exception line to an info or unlevelled line', () => {
    const trace = ['java.lang.IllegalStateException: card declined', '\tat a.B.c(B.java:1)'];
    expect(raws([LOGBACK_INFO, ...trace])).toEqual([LOGBACK_INFO, trace.join('\n')]);
    expect(raws(['processing invoice 90', ...trace])).toEqual(['processing invoice 90', trace.join('\n')]);
  });

  it('does not join a second exception to an entry that already has one', () => {
    const second = ['java.lang.IllegalArgumentException: other', '\tat a.B.d(B.java:2)'];
    expect(raws([...LOGBACK_ERROR, ...second])).toEqual([LOGBACK_ERROR.join('\n'), second.join('\n')]);
  });

  it('never swallows the next levelled or structured line after an error', () => {
    const zapJson = '{"level":"info","ts":1764786151.778,"caller":"x/y.go:1","msg":"next"}';
    const logfmt = 'level=info msg="next"';
    const head = LOGBACK_ERROR[0] as string;
    for (const next of [zapJson, logfmt, LOGBACK_INFO, 'ERROR: next', '[WARN] next', 'c.e.billing.Main - next']) {
      expect(raws([head, next])).toEqual([head, next]);
      expect(raws([...LOGBACK_ERROR, next])).toEqual([LOGBACK_ERROR.join('\n'), next]);
    }
  });

  it('joins an exception that arrives within the window in a later push, not one that arrives after it', () => {
    const head = LOGBACK_ERROR[0] as string;
    const rest = LOGBACK_ERROR.slice(1);

    const inTime = harness();
    inTime.builder.push('stderr', lines(head), 0);
    inTime.timers.advance(50);
    inTime.builder.push('stderr', lines(...rest), 50);
    expect(inTime.entries()).toEqual([]);
    inTime.timers.advance(100);
    expect(inTime.entries().map((entry) => entry.raw)).toEqual([LOGBACK_ERROR.join('\n')]);

    const late = harness();
    late.builder.push('stderr', lines(head), 0);
    late.timers.advance(100);
    expect(late.entries().map((entry) => entry.raw)).toEqual([head]);
    late.builder.push('stderr', lines(...rest), 150);
    late.builder.flush();
    expect(late.entries().map((entry) => entry.raw)).toEqual([head, rest.join('\n')]);

    // The timer has not fired (a busy loop), but the receive times are a window apart.
    const busy = harness();
    busy.builder.push('stderr', lines(head), 0);
    busy.builder.push('stderr', lines(...rest), 101);
    busy.builder.flush();
    expect(busy.entries().map((entry) => entry.raw)).toEqual([head, rest.join('\n')]);
  });
});

describe('Python tracebacks', () => {
  it('python-traceback-splits-entry: logger.exception output is one error entry, then the next line starts its own', () => {
    const {builder, entries} = harness();
    builder.push('stderr', lines(...PYTHON_ERROR, '2026-11-29 19:37:28,002 INFO billing: retrying'), 0);
    builder.flush();
    expect(entries().map(({level, raw}) => ({level, raw}))).toEqual([
      {level: 'error', raw: PYTHON_ERROR.join('\n')},
      {level: 'info', raw: '2026-11-29 19:37:28,002 INFO billing: retrying'},
    ]);
  });

  it('python-traceback-splits-entry: an uncaught traceback keeps its exception line, and a chained one its second traceback', () => {
    const uncaught = PYTHON_ERROR.slice(1);
    expect(raws([...uncaught, 'exit status 1'])).toEqual([uncaught.join('\n'), 'exit status 1']);
    expect(raws([...PYTHON_ERROR, ...PYTHON_CHAIN, 'next'])).toEqual([[...PYTHON_ERROR, ...PYTHON_CHAIN].join('\n'), 'next']);
  });

  it('keeps a blank line after a finished traceback as its own entry when no chain follows', () => {
    expect(raws([...PYTHON_ERROR, '', 'next'])).toEqual([PYTHON_ERROR.join('\n'), '', 'next']);
  });

  it('does not join a levelled line that follows traceback frames', () => {
    const frames = PYTHON_ERROR.slice(0, -1);
    for (const next of ['WARNING:root:disk almost full', 'Error: boom', '2026-11-29 19:37:28,002 INFO billing: retrying']) {
      expect(raws([...frames, next])).toEqual([frames.join('\n'), next]);
    }
  });

  it('does not join a traceback to an info line', () => {
    const uncaught = PYTHON_ERROR.slice(1);
    expect(raws(['INFO:root:starting', ...uncaught])).toEqual(['INFO:root:starting', uncaught.join('\n')]);
  });
});

describe('exception line shapes', () => {
  it('recognises JVM throwables by a qualified name ending in Exception, Error or Throwable', () => {
    for (const line of [
      'java.lang.IllegalStateException: card declined',
      'java.lang.Throwable',
      'java.lang.Error: x',
      'java.lang.OutOfMemoryError: Java heap space',
      'com.example.Outer$InnerException: y',
      'kotlin.NotImplementedError: An operation is not implemented.',
      'Traceback (most recent call last):',
    ]) {
      expect(isExceptionStart(line), line).toBe(true);
    }
    for (const line of [
      'IllegalStateException: no package',
      'java.lang.String',
      'c.e.billing.Main - next',
      'ERROR: x',
      'config.yaml',
      'com.example.ErrorHandler: started',
      'java.lang.IllegalStateException - trailing text without a colon',
    ]) {
      expect(isExceptionStart(line), line).toBe(false);
    }
  });

  it('recognises a Python exception line but not a levelled one', () => {
    for (const line of ['ValueError: bad', 'KeyboardInterrupt', 'OSError: [Errno 2] No such file', 'psycopg2.errors.UniqueViolation: dup']) {
      expect(isPyExceptionLine(line), line).toBe(true);
    }
    for (const line of ['ERROR: x', 'WARNING:root:x', 'Error: boom', 'Warning: slow', '2026-11-29 INFO x', '{"level":"info"}', 'level=info msg=x']) {
      expect(isPyExceptionLine(line), line).toBe(false);
    }
  });
});
