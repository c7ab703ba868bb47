import {describe, expect, it} from 'vitest';
import {createLogLineCheck, stripAnsi, type LogLineCheck} from '../../../src/supervisor/health/log-line.js';
import {err, ok} from '../../../src/util/result.js';

function compile(pattern: string): LogLineCheck {
  const result = createLogLineCheck(pattern);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('createLogLineCheck', () => {
  it('fails until a line matches, then passes for good', () => {
    const check = compile('listening at :\\d+');
    expect(check.probe()).toEqual(err('no output line matched /listening at :\\d+/ yet'));
    check.observe('booting');
    check.observe('listening at :abc');
    expect(check.matched).toBe(false);
    check.observe('2024-01-01 INFO server listening at :50052');
    expect(check.matched).toBe(true);
    expect(check.matchedLine).toBe('2024-01-01 INFO server listening at :50052');
    check.observe('shutting down');
    expect(check.probe()).toEqual(ok(undefined));
  });

  it('matches through ANSI colours', () => {
    const check = compile('listening at');
    check.observe('\u001b[32mlistening\u001b[0m at \u001b]8;;http://x\u0007:8080\u001b]8;;\u0007');
    expect(check.matched).toBe(true);
    expect(check.matchedLine).toBe('listening at :8080');
  });

  it('calls onMatch listeners once, and not after unsubscribing', () => {
    const check = compile('ready');
    const calls: string[] = [];
    check.onMatch(() => calls.push('a'));
    const off = check.onMatch(() => calls.push('b'));
    off();
    check.observe('ready');
    check.observe('ready again');
    expect(calls).toEqual(['a']);
  });

  it('reset() makes a new run print the line again', () => {
    const check = compile('ready');
    check.observe('ready');
    check.reset();
    expect(check.matched).toBe(false);
    expect(check.probe().ok).toBe(false);
    check.observe('ready');
    expect(check.matched).toBe(true);
  });

  it('takes patterns as JavaScript regexes without the unicode flag (so \\: is allowed)', () => {
    const check = compile('port\\: \\d+');
    check.observe('port: 8080');
    expect(check.matched).toBe(true);
  });

  it('refuses an invalid pattern with a clear error', () => {
    const result = createLogLineCheck('listening (at');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/^the log health check pattern \/listening \(at\/ is not a valid regular expression: /);
    }
  });
});

describe('stripAnsi', () => {
  it.each([
    ['plain', 'plain'],
    ['\u001b[1;31merror\u001b[0m', 'error'],
    ['\u001b[2K\u001b[1Gprogress', 'progress'],
    ['\u001b]0;title\u0007text', 'text'],
    ['\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\', 'link'],
  ])('%j', (input, expected) => {
    expect(stripAnsi(input)).toBe(expected);
  });
});
