/**
 * Node's Buffer has had these since its start (protobufjs uses them too); `write` and
 * `toString` go through argument checks and encoding lookups that cost more than the copy
 * for strings of a log line's size.
 */
export interface FastBuffer extends Buffer {
  utf8Write(text: string, offset: number, length: number): number;
  utf8Slice(start: number, end: number): string;
}
