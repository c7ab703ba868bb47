import {Worker} from 'node:worker_threads';
import {describe, expect, it} from 'vitest';
import {errorMessage} from '../../src/util/error-message.js';

describe('errorMessage', () => {
  it('reads an Error, an error-like object, or anything else', () => {
    expect(errorMessage(new RangeError('out of range'))).toBe('out of range');
    expect(errorMessage({code: 'SQLITE_CORRUPT', message: 'database disk image is malformed'})).toBe('database disk image is malformed');
    expect(errorMessage({code: 'SQLITE_BUSY'})).toBe('SQLITE_BUSY');
    expect(errorMessage({})).toBe('[object Object]');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(undefined)).toBe('undefined');
  });

  it('worker-error-message: a SqliteError thrown in a worker thread arrives as {code} alone, and is told by its code (regression: undefined, then a TypeError in up)', async () => {
    const worker = new Worker(`const Database = require('better-sqlite3'); new Database(':memory:').prepare('SELECT * FROM nowhere');`, {eval: true});
    const error = await new Promise<unknown>((resolve) => worker.once('error', resolve));
    expect((error as {message?: unknown}).message).toBeUndefined();
    expect(errorMessage(error)).toBe('SQLITE_ERROR');
  });
});
