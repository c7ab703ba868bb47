/**
 * Entries whose message and fields are what `parseLine` makes of their `raw`, and say so.
 *
 * Why: most entries are one line parsed on its own, so their message and fields hold again
 * what `raw` holds (a zap JSON line's `msg` and every field are slices of it). The ring's
 * packing and the history store then need to keep only `raw` (and the numbers) and can
 * parse it again when a reader wants the rest. Writing every field too was most of their
 * encoding work: measured on workload A, alternating, −16 % wall time with the history on,
 * −13 % without, and a history about two thirds the size (407 → 263 MB for 1 M lines).
 *
 * The mark is a private field of the entry's class: it cannot be forged, copied by a spread,
 * or seen by anything that enumerates or serialises an entry (exports, the wire, tests'
 * deep equality), and reading it is one inline-cached brand check. An entry that anyone
 * builds otherwise (a joined multi-line event, a lifecycle note, a remote component's
 * push, a copy) is simply not marked, and is stored whole.
 */
import type {LogFormat} from '../../config/model.js';
import type {ComponentType, Level, LogEntry} from '../entry.js';
import {parseLine} from './parse-line.js';
import {toPlain} from './plain.js';

/**
 * An entry as the entry builder makes it: `seq` and `runId` present but undefined until the
 * hub publishes it (it fills them in place, see `Hub.publish`). One class: every entry the
 * builder makes shares one hidden class (the hub's copies of other entries have another).
 */
export class LineEntry {
  seq: number | undefined = undefined;
  readonly componentId: string;
  readonly componentType: ComponentType;
  readonly stream: 'stdout' | 'stderr';
  readonly timestamp: number;
  readonly receivedAt: number;
  readonly level: Level;
  readonly message: string;
  readonly fields: Record<string, string>;
  readonly raw: string;
  runId: string | undefined = undefined;
  readonly restart: number;
  readonly truncated: boolean;
  /** `parseLine(toPlain(raw), parsedWith)` gives this entry's message and fields; undefined when not. */
  readonly #parsedWith: LogFormat | undefined;

  constructor(
    componentId: string,
    componentType: ComponentType,
    stream: 'stdout' | 'stderr',
    timestamp: number,
    receivedAt: number,
    level: Level,
    message: string,
    fields: Record<string, string>,
    raw: string,
    restart: number,
    truncated: boolean,
    parsedWith: LogFormat | undefined,
  ) {
    this.componentId = componentId;
    this.componentType = componentType;
    this.stream = stream;
    this.timestamp = timestamp;
    this.receivedAt = receivedAt;
    this.level = level;
    this.message = message;
    this.fields = fields;
    this.raw = raw;
    this.restart = restart;
    this.truncated = truncated;
    this.#parsedWith = parsedWith;
  }

  /** The `logging.format` whose parse of `entry.raw` gives its message and fields, if it is marked so. */
  static parsedWith(entry: LogEntry): LogFormat | undefined {
    return #parsedWith in entry ? (entry as unknown as LineEntry).#parsedWith : undefined;
  }
}

/** Message and fields of a marked entry, again from its `raw` (what the line parsers gave it). */
export function reparse(raw: string, format: LogFormat): {message: string; fields: Record<string, string>} {
  return parseLine(toPlain(raw), format);
}

/**
 * Whether an entry that does not say how it was parsed (one that came over the wire to
 * `attach`, say) is exactly what `auto` makes of its raw line: then it can be packed as its
 * raw alone too. Tried once, when the entry is packed.
 */
export function parsesBackAsAuto(entry: LogEntry): boolean {
  if (entry.stream === 'control' || entry.raw.includes('\n')) return false;
  const again = reparse(entry.raw, 'auto');
  if (again.message !== entry.message) return false;
  const keys = Object.keys(entry.fields);
  const keysAgain = Object.keys(again.fields);
  if (keys.length !== keysAgain.length) return false;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    if (key !== keysAgain[k] || entry.fields[key] !== again.fields[key]) return false;
  }
  return true;
}
