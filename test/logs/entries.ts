/** Test helper: a complete LogEntry with overridable fields; `message` defaults to `raw` without ANSI. */
import {stripVTControlCharacters} from 'node:util';
import type {LogEntry} from '../../src/logs/entry.js';

export function entry(overrides: Partial<LogEntry> = {}): LogEntry {
  const seq = overrides.seq ?? 1;
  const raw = overrides.raw ?? overrides.message ?? `line ${seq}`;
  return {
    seq,
    componentId: 'source',
    componentType: 'source',
    stream: 'stdout',
    timestamp: 1_705_744_800_000 + seq,
    receivedAt: 1_705_744_800_000 + seq,
    level: 'info',
    message: stripVTControlCharacters(raw),
    fields: {},
    raw,
    runId: 'run-1',
    restart: 0,
    truncated: false,
    ...overrides,
  };
}
