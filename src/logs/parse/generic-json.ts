/**
 * Any other JSON object a line: level from `level`/`lvl`/`severity`, message from
 * `msg`/`message`, time from `ts`/`time`/`timestamp`/`@timestamp` (first present wins).
 */
import {interpretObject, type JsonFormat, type JsonKeys, type JsonObject} from './json-object.js';

const KEYS: JsonKeys = {
  level: ['level', 'lvl', 'severity'],
  message: ['msg', 'message'],
  time: ['ts', 'time', 'timestamp', '@timestamp'],
};

export const genericJson: JsonFormat = {
  format: 'json',
  matches: () => true,
  interpret: (object: JsonObject) => interpretObject(object, KEYS, 'json'),
};
