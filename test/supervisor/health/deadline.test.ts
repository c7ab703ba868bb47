import {describe, expect, it} from 'vitest';
import {createDeadline, describeNetworkError, timeoutReason} from '../../../src/supervisor/health/deadline.js';

const errno = (code: string) => Object.assign(new Error(`${code} something`), {code});

describe('createDeadline', () => {
  it('aborts after the timeout and says so', async () => {
    const deadline = createDeadline(new AbortController().signal, 20);
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve));
    expect(deadline.reason()).toBe('timed out after 20 ms');
  });

  it('follows the caller signal and says "cancelled"', () => {
    const parent = new AbortController();
    const deadline = createDeadline(parent.signal, 60_000);
    expect(deadline.signal.aborted).toBe(false);
    parent.abort();
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.reason()).toBe('cancelled');
    deadline.dispose();
  });

  it('starts aborted when the caller already aborted', () => {
    const deadline = createDeadline(AbortSignal.abort(), 60_000);
    expect(deadline.signal.aborted).toBe(true);
    deadline.dispose();
  });

  it('dispose() stops both the timer and the link to the caller', async () => {
    const parent = new AbortController();
    const deadline = createDeadline(parent.signal, 10);
    deadline.dispose();
    parent.abort();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(deadline.signal.aborted).toBe(false);
  });
});

describe('describeNetworkError', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused (h:1)'],
    ['ECONNRESET', 'connection reset (h:1)'],
    ['ENOTFOUND', 'host not found (h:1)'],
    ['EAI_AGAIN', 'host not found (h:1)'],
    ['EHOSTUNREACH', 'host unreachable (h:1)'],
    ['ENETUNREACH', 'host unreachable (h:1)'],
    ['ETIMEDOUT', 'connection timed out (h:1)'],
    ['EPROTO', 'EPROTO something (h:1)'],
  ])('%s', (code, text) => {
    expect(describeNetworkError(errno(code), 'h:1')).toBe(text);
  });

  it('copes with something that is not an Error', () => {
    expect(describeNetworkError('weird', 'h:1')).toBe('weird (h:1)');
  });

  it('formats timeouts like the rest of flowctl', () => {
    expect(timeoutReason(2000)).toBe('timed out after 2 s');
    expect(timeoutReason(1500)).toBe('timed out after 1.5 s');
  });
});
