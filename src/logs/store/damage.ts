/**
 * Reading a damaged history (a failing disk, a stray write): where SQLite says the file is
 * damaged, the scan goes on past the block and leaves a marker entry in its place.
 */
import type {LogEntry} from '../entry.js';
import {errorMessage} from '../../util/error-message.js';
import {isDamage} from './schema.js';

/** A read that found the file damaged (`isDamage`): what SQLite said. */
export class Damage {
  constructor(readonly cause: string) {}
}

/** `read()`, or the damage it ran into; any other failure is thrown on. */
export function readOrDamage<T>(read: () => T): T | Damage {
  try {
    return read();
  } catch (error) {
    if (isDamage(error)) return new Damage(errorMessage(error));
    throw error;
  }
}

/**
 * Stands where entries of a damaged history could not be read, like the hub's drop markers
 * (stream `control`, `fields.flowctl` names the kind), so an export or a console shows the
 * gap where it is instead of ending in an error or skipping it silently. `seq`: the first
 * one missing (0 when unknown), so it sorts where the gap is.
 */
export function damageMarker(runId: string, what: string, damage: Damage, timestamp: number, seq: number): LogEntry {
  const message = `${what} could not be read: the log history is damaged (${damage.cause}); the components' log files hold every line, and the next \`flowctl up\` moves the history aside`;
  return {
    seq,
    componentId: '',
    componentType: '',
    stream: 'control',
    timestamp,
    receivedAt: timestamp,
    level: 'error',
    message,
    fields: {flowctl: 'history-damaged'},
    raw: message,
    runId,
    restart: 0,
    truncated: false,
  };
}
