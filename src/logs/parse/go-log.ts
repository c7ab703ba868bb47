/**
 * Go's standard `log`: `2025/12/03 12:21:40 message` (LstdFlags, local time), optionally
 * with microseconds and a `file.go:23: ` caller (Lshortfile/Llongfile). No level of its own:
 * the message's leading word or a `Warning:`/`Error:` inside it is the only hint.
 */
import type {ParsedLine} from './types.js';
import {hintedLevel, leadingLevel} from './level-tokens.js';
import {parseGoLogPrefix} from './time.js';

/** `dir/file.go:23: ` at `from`: the caller and where the message starts. */
function callerAt(plain: string, from: number): {caller: string; rest: number} | undefined {
  const colonSpace = plain.indexOf(': ', from);
  if (colonSpace < 0) return undefined;
  const candidate = plain.slice(from, colonSpace);
  const go = candidate.lastIndexOf('.go:');
  if (go < 0 || candidate.includes(' ')) return undefined;
  for (let i = go + 4; i < candidate.length; i += 1) {
    const code = candidate.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
  }
  return {caller: candidate, rest: colonSpace + 2};
}

export function parseGoLog(plain: string): ParsedLine | undefined {
  const time = parseGoLogPrefix(plain);
  if (time === undefined || plain.charCodeAt(time.end) !== 32) return undefined;
  let from = time.end + 1;
  const fields: Record<string, string> = {};
  const caller = callerAt(plain, from);
  if (caller !== undefined) {
    fields.caller = caller.caller;
    from = caller.rest;
  }
  const lead = leadingLevel(plain, from);
  return {
    level: lead?.level ?? hintedLevel(plain, from) ?? 'unknown',
    timestamp: time.ms,
    message: plain.slice(lead?.messageStart ?? from),
    fields,
    format: 'go-log',
  };
}
