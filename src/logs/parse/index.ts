/** Line parsing and multi-line grouping: raw split lines in, `LogEntry` shapes out. */
export type {ParsedLine, ConcreteFormat} from './types.js';
export {parseLine} from './parse-line.js';
export {toPlain} from './plain.js';
export {createEntryBuilder, type EntryBuilder, type EntryBuilderOptions, type PendingEntry} from './entry-builder.js';
