/** Exhaustiveness guard for switches over tagged unions: a new variant becomes a compile error. */
export function unreachable(value: never): never {
  throw new Error(`Internal error: unexpected value ${JSON.stringify(value)}`);
}
