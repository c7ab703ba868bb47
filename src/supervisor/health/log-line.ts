/**
 * The log-line health check: a regex over the component's own output (stdout and stderr). The
 * capture path calls `observe` with every line; once one matched, the check passes for the rest
 * of the run (it is a readiness signal, "listening at …", not a liveness one). ANSI escapes are
 * removed before matching, so a coloured "listening at" still matches `listening at`.
 */
import {err, ok, type Result} from '../../util/result.js';
import type {ProbeResult} from './checks.js';

export interface LogLineCheck {
  /** Feed one output line (raw text, ANSI included). Cheap once matched. */
  observe(lineText: string): void;
  readonly matched: boolean;
  /** The line that matched, without ANSI escapes. */
  readonly matchedLine: string | undefined;
  /** Probe-shaped answer: ok once a line matched. */
  probe(): ProbeResult;
  /** Called once, when the first line matches (e.g. to probe at once instead of at the next interval). */
  onMatch(listener: () => void): () => void;
  /** Forget the match: a new run must print the line again. */
  reset(): void;
}

// CSI sequences (colours, cursor moves) and OSC sequences (titles, hyperlinks).
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text;
}

/** Compile the check; a pattern that is not a valid regex is a clear error, not a throw. */
export function createLogLineCheck(pattern: string): Result<LogLineCheck, string> {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return err(`the log health check pattern /${pattern}/ is not a valid regular expression: ${detail}`);
  }
  let matchedLine: string | undefined;
  const listeners = new Set<() => void>();
  const check: LogLineCheck = {
    observe(lineText) {
      if (matchedLine !== undefined) return;
      const plain = stripAnsi(lineText);
      if (!regex.test(plain)) return;
      matchedLine = plain;
      for (const listener of [...listeners]) listener();
    },
    get matched() {
      return matchedLine !== undefined;
    },
    get matchedLine() {
      return matchedLine;
    },
    probe() {
      return matchedLine !== undefined ? ok(undefined) : err(`no output line matched /${pattern}/ yet`);
    },
    onMatch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reset() {
      matchedLine = undefined;
    },
  };
  return ok(check);
}
