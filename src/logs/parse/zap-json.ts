/**
 * zap production JSON (`zap.NewProduction()`): `{"level":"info","ts":1764782500.12,
 * "caller":"dir/file.go:12","msg":"…",…fields,"stacktrace":"…"}`. `ts` is epoch seconds
 * (float); `caller`, `logger` and `stacktrace` stay as fields so they can be filtered on.
 */
import {interpretObject, type JsonFormat, type JsonKeys, type JsonObject} from './json-object.js';

const KEYS: JsonKeys = {level: ['level'], message: ['msg'], time: ['ts']};

export const zapJson: JsonFormat = {
  format: 'zap-json',
  matches: (object: JsonObject) => typeof object.level === 'string' && (Object.hasOwn(object, 'msg') || Object.hasOwn(object, 'ts')),
  interpret: (object: JsonObject) => interpretObject(object, KEYS, 'zap-json'),
};
