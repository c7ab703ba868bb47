/**
 * Who may talk to the control plane. On loopback anyone on this machine may (as flowctl:
 * existing components send no credentials); off loopback a per-run token is required,
 * sent as `authorization: Bearer <token>` metadata. A server bound off loopback still
 * takes calls from this machine without it (isLoopbackPeer): the pipeline's own Go/Node
 * components register with no token, and a loopback-only server asks none of them either.
 */
import {randomBytes, timingSafeEqual} from 'node:crypto';
import {isIP} from 'node:net';
import type * as grpc from '@grpc/grpc-js';

export const AUTH_METADATA_KEY = 'authorization';

/** 32 random bytes, URL-safe. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** `127.0.0.0/8`, `::1`, `localhost`: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (bare.startsWith('::ffff:')) return isLoopbackHost(bare.slice(7));
  return false;
}

/**
 * A call's peer (grpc-js `getPeer()`: `127.0.0.1:5000`, `::1:5000` — IPv6 unbracketed —,
 * `[::1]:5000`, `::ffff:127.0.0.1:5000`) is this machine. Anything unrecognised is not.
 */
export function isLoopbackPeer(peer: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(peer);
  const host = bracketed ? bracketed[1]! : peer.replace(/:\d+$/, '');
  return host !== '' && isLoopbackHost(host);
}

/** Checks a call's metadata against the expected token (constant time). `undefined` token = open. */
export function isAuthorized(metadata: grpc.Metadata, token: string | undefined): boolean {
  if (token === undefined) return true;
  const values = metadata.get(AUTH_METADATA_KEY);
  const first = values[0];
  if (typeof first !== 'string') return false;
  const presented = Buffer.from(first.replace(/^Bearer\s+/i, ''));
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** Metadata carrying a token, for clients. */
export function bearer(metadata: grpc.Metadata, token: string | undefined): grpc.Metadata {
  if (token !== undefined && token !== '') metadata.set(AUTH_METADATA_KEY, `Bearer ${token}`);
  return metadata;
}
