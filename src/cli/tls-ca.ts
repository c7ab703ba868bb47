/**
 * `--tls-ca FILE` of the client commands (logs, status, down, restart, stop, start, attach):
 * the CA to trust for a control plane served with TLS, as `FLOWCTL_TLS_CA` (the flag wins).
 * Read once, before anything is contacted: a missing or unreadable file, or one holding no
 * certificate, is a usage error (exit 2) even when the pipeline turns out to speak plain text.
 */
import type {Command} from 'commander';
import {readPem} from '../control/pem.js';
import {err, ok, type Result} from '../util/result.js';

/** Adds `--tls-ca <file>` to a client command. */
export function withTlsCaOption(command: Command): Command {
  return command.option(
    '--tls-ca <file>',
    'PEM file of the CA (or certificate) to trust when the control plane uses TLS, instead of the certificate its state file names (also FLOWCTL_TLS_CA)',
  );
}

/** The flag's PEM, read; `undefined` without the flag (then `FLOWCTL_TLS_CA` or the state file decide). */
export function readTlsCaFlag(file: string | undefined): Result<Buffer | undefined, string> {
  if (file === undefined) return ok(undefined);
  if (file.trim() === '') return err('--tls-ca: give the PEM file of the CA to trust (e.g. --tls-ca ca.pem)');
  const pem = readPem(file, '--tls-ca');
  if (!pem.ok) return pem;
  if (!pem.value.toString('utf8').includes('-----BEGIN CERTIFICATE-----')) {
    return err(`--tls-ca: ${file} holds no PEM certificate (no -----BEGIN CERTIFICATE----- line): give the CA certificate in PEM form`);
  }
  return ok(pem.value);
}
