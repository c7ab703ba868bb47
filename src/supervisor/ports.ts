/**
 * "Is this port free?" before spawning a component that declares `ports` or `health_port`, so
 * the user hears `port 8081 is already in use (needed by stellar-live-source: health_port)`
 * instead of whatever the component prints (or does not print) when its bind fails.
 *
 * The only reliable test is to try to listen. Without a host we try 0.0.0.0, then 127.0.0.1:
 * on Linux a wildcard bind fails when anything (127.0.0.1, 0.0.0.0 or a dual-stack `[::]`
 * socket, which is what Go's `:8081` and Node's `listen(8081)` open) holds the port; the
 * loopback attempt catches platforms where the wildcard bind succeeds next to a specific one
 * (macOS/BSD allow that). The check races with other programs, of course: it is advice given
 * just before the spawn, not a reservation.
 */
import {createServer} from 'node:net';
import type {ResolvedComponent} from '../config/model.js';

export interface PortCheck {
  port: number;
  inUse: boolean;
  /** Set when the bind failed for another reason than "in use" ("permission denied"). */
  problem?: string;
}

/** A port a component needs, and which setting asked for it ("health_port", "ports[0] grpc"). */
export interface NeededPort {
  port: number;
  purpose: string;
}

/** Try to listen on each port (one after the other, so duplicates do not trip over each other). */
export async function checkPortsFree(ports: number[], host?: string): Promise<PortCheck[]> {
  const hosts = host === undefined ? ['0.0.0.0', '127.0.0.1'] : [host];
  const results: PortCheck[] = [];
  for (const port of ports) {
    results.push(await checkPort(port, hosts));
  }
  return results;
}

async function checkPort(port: number, hosts: string[]): Promise<PortCheck> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    return {port, inUse: false, problem: `${port} is not a port number (1-65535)`};
  }
  for (const host of hosts) {
    const code = await tryListen(port, host);
    if (code === undefined) continue;
    if (code === 'EADDRINUSE') return {port, inUse: true};
    return {port, inUse: false, problem: describeBindError(code, host)};
  }
  return {port, inUse: false};
}

/** Resolves with the error code of a failed bind, or undefined when the bind worked. */
function tryListen(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    // exclusive: never share a handle with cluster workers, which would hide a conflict.
    server.listen({port, host, exclusive: true}, () => server.close(() => resolve(undefined)));
  });
}

function describeBindError(code: string, host: string): string {
  switch (code) {
    case 'EACCES':
      return 'permission denied (ports below 1024 need privileges)';
    case 'EADDRNOTAVAIL':
      return `address ${host} is not available on this machine`;
    default:
      return `cannot listen on ${host}: ${code}`;
  }
}

/** The ports a component will listen on: `health_port`, then each `ports` entry's host port. */
export function portsNeededBy(component: Pick<ResolvedComponent, 'healthPort' | 'ports'>): NeededPort[] {
  const needed: NeededPort[] = [];
  if (component.healthPort !== undefined) needed.push({port: component.healthPort, purpose: 'health_port'});
  component.ports.forEach((spec, index) => {
    const port = spec.hostPort ?? spec.containerPort;
    if (port === undefined) return;
    if (spec.protocol !== undefined && spec.protocol.toUpperCase() === 'UDP') return; // a TCP bind proves nothing
    const purpose = `ports[${index}]${spec.name === undefined ? '' : ` ${spec.name}`}`;
    if (!needed.some((n) => n.port === port)) needed.push({port, purpose});
  });
  return needed;
}

/**
 * Check everything a component needs and say, per problem, what and why:
 * `port 8081 is already in use (needed by stellar-live-source: health_port)`.
 * An empty list means go ahead.
 */
export async function findPortConflicts(
  componentId: string,
  needed: NeededPort[],
  host?: string,
): Promise<string[]> {
  const checks = await checkPortsFree(
    needed.map((n) => n.port),
    host,
  );
  const problems: string[] = [];
  checks.forEach((check, index) => {
    const purpose = needed[index]?.purpose ?? 'port';
    if (check.inUse) problems.push(`port ${check.port} is already in use (needed by ${componentId}: ${purpose})`);
    else if (check.problem !== undefined) {
      problems.push(`port ${check.port} cannot be used: ${check.problem} (needed by ${componentId}: ${purpose})`);
    }
  });
  return problems;
}
