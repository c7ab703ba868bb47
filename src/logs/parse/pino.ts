/**
 * pino and bunyan JSON: numeric `level` (10 trace … 60 fatal), `time` in epoch ms (pino)
 * or an ISO string (bunyan), `msg`. `pid`, `hostname`, `err`, `v` stay as fields.
 */
import {interpretObject, type JsonFormat, type JsonKeys, type JsonObject} from './json-object.js';

const KEYS: JsonKeys = {level: ['level'], message: ['msg'], time: ['time']};

export const pino: JsonFormat = {
  format: 'pino',
  matches: (object: JsonObject) => typeof object.level === 'number',
  interpret: (object: JsonObject) => interpretObject(object, KEYS, 'pino'),
};
