/** PEM sources of the TLS settings; no gRPC here, so the CLI can check a flag before loading it. */
import {readFileSync} from 'node:fs';
import {err, ok, type Result} from '../util/result.js';

/** Where a CA may come from: a PEM file path, or the PEM itself (a Buffer, or text starting with -----BEGIN). */
export function readPem(source: string | Buffer, what: string): Result<Buffer, string> {
  if (Buffer.isBuffer(source)) return ok(source);
  if (source.trimStart().startsWith('-----BEGIN')) return ok(Buffer.from(source));
  try {
    return ok(readFileSync(source));
  } catch (error) {
    return err(`${what}: cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (give a PEM certificate file)`);
  }
}
