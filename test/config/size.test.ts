import {describe, expect, it} from 'vitest';
import {formatSize, parseSize} from '../../src/config/size.js';

describe('parseSize', () => {
  it.each([
    ['512KiB', 512 * 1024],
    ['10MB', 10_000_000],
    ['1MiB', 1024 * 1024],
    ['1.5 GiB', 1.5 * 1024 ** 3],
    ['64mb', 64_000_000],
    ['100', 100],
    ['7B', 7],
    [4096, 4096],
  ] as const)('%s → %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', 'MB', '10 megabytes', '-1MB', '10XB', '1,5MB'])('refuses %j', (text) => {
    expect(parseSize(text)).toBeUndefined();
  });

  it('refuses negative and non-finite numbers', () => {
    expect(parseSize(-1)).toBeUndefined();
    expect(parseSize(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('formats sizes for messages', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1024 * 1024)).toBe('1 MiB');
    expect(formatSize(50_000_000)).toBe('47.7 MiB');
  });
});
