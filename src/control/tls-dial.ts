/**
 * How flowctl's clients (CLI, SDK, interceptor) dial a control plane served with TLS.
 *
 * A pipeline started with `up --tls-cert cert.pem` records the certificate's path in its
 * state file; a client on the same machine trusts exactly that certificate (it is usually
 * self-signed, so no system root would vouch for it). Otherwise the roots are a CA the user
 * names (`--tls-ca`, `FLOWCTL_TLS_CA`, the SDK's `tls.ca`) or the system's.
 */
import {X509Certificate} from 'node:crypto';
import {isIP} from 'node:net';
import {checkServerIdentity, rootCertificates, type PeerCertificate} from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import {err, ok, type Result} from '../util/result.js';
import {readPem} from './pem.js';

/** What to trust, already read (building a client never touches files or fails). */
export interface TlsDial {
  /** PEM roots to trust instead of the system's. */
  ca?: Buffer;
  /**
   * The server's own certificate (PEM, from the state file): a server presenting exactly
   * this certificate is accepted whatever host names it holds; it is trusted as a root too.
   */
  pinned?: Buffer;
}

/** `false`/absent: plain text; `true`: TLS with the system roots. */
export type TlsSetting = TlsDial | boolean | undefined;

/**
 * TLS for a pipeline found through its state file. A CA the user named wins; else the
 * certificate `up` was given (same machine), else the system roots (state files written
 * before the certificate path was recorded).
 */
export function tlsForState(state: {tls: boolean; tlsCert?: string | undefined}, userCa: string | Buffer | undefined): Result<TlsSetting, string> {
  if (!state.tls) return ok(false);
  if (userCa !== undefined && userCa.length > 0) {
    const ca = readPem(userCa, '--tls-ca / FLOWCTL_TLS_CA');
    return ca.ok ? ok({ca: ca.value}) : ca;
  }
  if (state.tlsCert === undefined || state.tlsCert === '') return ok(true);
  const pinned = readPem(state.tlsCert, "the pipeline's TLS certificate (from its state file)");
  return pinned.ok ? ok({pinned: pinned.value}) : err(`${pinned.error}; or name a CA with --tls-ca / FLOWCTL_TLS_CA`);
}

/**
 * Not sent as SNI: RFC 6066 forbids IP literals there, and Node warns (DEP0123) when asked
 * to. grpc-js sends its target host unless overridden; the override only names the
 * connection, while the identity check below still uses the host actually dialed.
 */
const SNI_FOR_IP_TARGETS = 'localhost';

/** Channel credentials and options for `address` (`host:port`). */
export function dialCredentials(address: string, tls: TlsSetting): {credentials: grpc.ChannelCredentials; options: grpc.ChannelOptions} {
  if (tls === undefined || tls === false) return {credentials: grpc.credentials.createInsecure(), options: {}};
  const host = hostOf(address);
  const dial: TlsDial = tls === true ? {} : tls;
  const pinned = new Set(dial.pinned ? fingerprints(dial.pinned) : []);
  // The pinned certificate is a root of its own; the system roots still vouch for a
  // CA-signed one whose file holds no root.
  const roots = dial.ca ?? (dial.pinned ? Buffer.concat([dial.pinned, Buffer.from(`\n${rootCertificates.join('\n')}\n`)]) : null);
  const verify = (_name: string, peer: PeerCertificate): Error | undefined =>
    pinned.has(peer.fingerprint256) ? undefined : checkServerIdentity(host, peer);
  return {
    credentials: grpc.credentials.createSsl(roots, null, null, {checkServerIdentity: verify}),
    options: {'grpc.ssl_target_name_override': isIP(host) === 0 ? host : SNI_FOR_IP_TARGETS},
  };
}

/** `host` of `host:port` / `[v6]:port`. */
function hostOf(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1]!;
  const colon = address.lastIndexOf(':');
  return colon > 0 && address.indexOf(':') === colon ? address.slice(0, colon) : address;
}

/** SHA-256 fingerprints (as `PeerCertificate.fingerprint256` spells them) of each certificate in a PEM. */
function fingerprints(pem: Buffer): string[] {
  const blocks = pem.toString('utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const out: string[] = [];
  for (const block of blocks) {
    try {
      out.push(new X509Certificate(block).fingerprint256);
    } catch {
      // Not a certificate we can parse: it pins nothing (the chain check still applies).
    }
  }
  return out;
}
