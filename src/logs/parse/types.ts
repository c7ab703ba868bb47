/** Shared shapes of the line parsers. */
import type {Level} from '../entry.js';
import type {LogFormat} from '../../config/model.js';

/** A parser that actually ran: `auto` resolves to one of these per line. */
export type ConcreteFormat = Exclude<LogFormat, 'auto'>;

/** What one line says about itself. */
export interface ParsedLine {
  level: Level;
  /** Epoch milliseconds, when the line carries a time. */
  timestamp: number | undefined;
  /** Human text, ANSI-free: the `msg` of structured lines, the line (minus a parsed time/level prefix) otherwise. */
  message: string;
  /** Structured fields; non-string values are rendered as JSON text. */
  fields: Record<string, string>;
  format: ConcreteFormat;
}
