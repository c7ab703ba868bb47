/**
 * zerolog JSON: `{"level":"info",…fields,"time":"2025-12-03T12:21:40-05:00","message":"…"}`.
 * `time` is RFC 3339 by default, an epoch number when `TimeFieldFormat` is unix.
 */
import {interpretObject, type JsonFormat, type JsonKeys, type JsonObject} from './json-object.js';

const KEYS: JsonKeys = {level: ['level'], message: ['message'], time: ['time']};

export const zerologJson: JsonFormat = {
  format: 'zerolog-json',
  matches: (object: JsonObject) =>
    !Object.hasOwn(object, 'msg') && (Object.hasOwn(object, 'message') || typeof object.level === 'string'),
  interpret: (object: JsonObject) => interpretObject(object, KEYS, 'zerolog-json'),
};
