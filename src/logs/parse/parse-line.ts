/**
 * One line → level, time, message, fields. `auto` sniffs per line, cheapest test first:
 * the first character picks the family (`{` JSON; a digit: zap console / Go log / zerolog
 * console / text with a leading time; a letter: logfmt or text), then at most one or two
 * real parses run (a flat JSON object is scanned rather than `JSON.parse`d: `json-scan.ts`).
 * A pinned format that does not fit a line falls back to `text`, because
 * real components mix formats (zap JSON plus Go `log` plus `fmt.Printf`).
 */
import type {LogFormat} from '../../config/model.js';
import type {ParsedLine} from './types.js';
import {unreachable} from '../../util/unreachable.js';
import {genericJson} from './generic-json.js';
import {parseGoLog} from './go-log.js';
import {parseJsonObject, type JsonFormat, type JsonObject} from './json-object.js';
import {scanJsonLine} from './json-scan.js';
import {parseLogfmt, startsLikeLogfmt} from './logfmt.js';
import {pino} from './pino.js';
import {parseText} from './text.js';
import {parseZapConsole} from './zap-console.js';
import {zapJson} from './zap-json.js';
import {parseZerologConsole} from './zerolog-console.js';
import {zerologJson} from './zerolog-json.js';

/**
 * Parses one ANSI-free line. With a pinned `format`, lines it does not fit are parsed as
 * `text` (check `format` on the result). Never throws.
 */
export function parseLine(plain: string, format: LogFormat = 'auto'): ParsedLine {
  switch (format) {
    case 'auto':
      return sniff(plain);
    case 'zap-json':
      return scanJsonLine(plain, format) ?? pinnedJson(plain, zapJson);
    case 'zerolog-json':
      return scanJsonLine(plain, format) ?? pinnedJson(plain, zerologJson);
    case 'pino':
      return scanJsonLine(plain, format) ?? pinnedJson(plain, pino);
    case 'json':
      return scanJsonLine(plain, format) ?? pinnedJson(plain, genericJson);
    case 'zap-console':
      return parseZapConsole(plain) ?? parseText(plain);
    case 'go-log':
      return parseGoLog(plain) ?? parseText(plain);
    case 'zerolog-console':
      return parseZerologConsole(plain) ?? parseText(plain);
    case 'logfmt':
      return parseLogfmt(plain) ?? parseText(plain);
    case 'text':
      return parseText(plain);
    default:
      return unreachable(format);
  }
}

function pinnedJson(plain: string, json: JsonFormat): ParsedLine {
  const object = parseJsonObject(plain);
  return object !== undefined && json.matches(object) ? json.interpret(object) : parseText(plain);
}

/**
 * The most specific JSON dialect for an object: numeric level → pino; string level with
 * numeric `ts` and `msg` → zap; `message` without `msg` → zerolog; anything else generic
 * (which reads all of those keys too, so a wrong guess only changes the `format` label).
 */
function jsonDialect(object: JsonObject): JsonFormat {
  if (typeof object.level === 'number') return pino;
  if (typeof object.ts === 'number' && typeof object.level === 'string' && Object.hasOwn(object, 'msg')) return zapJson;
  if (Object.hasOwn(object, 'message') && !Object.hasOwn(object, 'msg') && Object.hasOwn(object, 'time')) {
    return zerologJson;
  }
  return genericJson;
}

/** A parsed JSON object read by its most specific dialect (what `auto` does for a JSON line). */
export function interpretJsonObject(object: JsonObject): ParsedLine {
  return jsonDialect(object).interpret(object);
}

function sniff(plain: string): ParsedLine {
  const first = plain.charCodeAt(0);
  if (first === 123 /* { */) {
    const scanned = scanJsonLine(plain, 'auto');
    if (scanned !== undefined) return scanned;
    const object = parseJsonObject(plain);
    return object === undefined ? parseText(plain) : jsonDialect(object).interpret(object);
  }
  if (first >= 48 && first <= 57) {
    if (plain.indexOf('\t') > 0) {
      const zap = parseZapConsole(plain);
      if (zap !== undefined) return zap;
    }
    if (plain.charCodeAt(4) === 47 /* / */) {
      const goLog = parseGoLog(plain);
      if (goLog !== undefined) return goLog;
    }
    return parseZerologConsole(plain) ?? parseText(plain);
  }
  if (startsLikeLogfmt(plain)) return parseLogfmt(plain) ?? parseText(plain);
  return parseText(plain);
}
