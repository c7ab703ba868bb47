/**
 * Ports a component will listen on, as flowctl's validator saw them (env `PORT` and
 * `HEALTH_PORT`, e.g. `":50051"`) plus `health_port` and `ports[]`, so two components that
 * would fight over one port are caught before either starts.
 */
import type {ComponentEntry} from './components.js';
import type {DocPath} from './locate.js';

export interface PortClaim {
  port: number;
  componentId: string;
  /** How the user said it, e.g. `health_port` or `env.PORT`. */
  via: string;
  at: DocPath;
}

const ENV_PORT_KEYS = ['PORT', 'HEALTH_PORT'];

/** `":50051"`, `"50051"`, `"0.0.0.0:50051"`, `50051` → 50051; anything else → undefined. */
export function portFromText(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  const match = text === undefined ? null : /^(?:.*:)?(\d{1,5})$/.exec(text);
  const port = Number(match?.[1]);
  return match && port >= 1 && port <= 65535 ? port : undefined;
}

export function portClaims(entry: ComponentEntry): PortClaim[] {
  const id = entry.id;
  if (id === undefined) return [];
  const claims: PortClaim[] = [];
  const claim = (value: unknown, via: string, at: DocPath) => {
    const port = portFromText(value);
    if (port !== undefined && !claims.some((existing) => existing.port === port)) claims.push({port, componentId: id, via, at});
  };
  const {health_port: healthPort, ports, env, config} = entry.raw;
  if (typeof healthPort === 'number') claim(healthPort, 'health_port', [...entry.path, 'health_port']);
  if (Array.isArray(ports)) {
    ports.forEach((port: unknown, index) => {
      if (typeof port !== 'object' || port === null) return;
      const {hostPort, containerPort} = port as Record<string, unknown>;
      const key = hostPort !== undefined ? 'hostPort' : 'containerPort';
      claim(hostPort ?? containerPort, `ports[${index}].${key}`, [...entry.path, 'ports', index, key]);
    });
  }
  for (const [source, map] of [['env', env], ['config', config]] as const) {
    if (typeof map !== 'object' || map === null || Array.isArray(map)) continue;
    for (const [key, value] of Object.entries(map)) {
      // config keys become UPPER_CASED env vars, so `config: {port: 50051}` is PORT too.
      if (ENV_PORT_KEYS.includes(key.toUpperCase()) && (source === 'config' || key === key.toUpperCase())) {
        claim(value, `${source}.${key}`, [...entry.path, source, key]);
      }
    }
  }
  return claims;
}

/** Each claim on a port already claimed by another component, paired with the first claim. */
export function portConflicts(entries: readonly ComponentEntry[]): {claim: PortClaim; first: PortClaim}[] {
  const firstByPort = new Map<number, PortClaim>();
  const conflicts: {claim: PortClaim; first: PortClaim}[] = [];
  for (const entry of entries) {
    for (const claim of portClaims(entry)) {
      const first = firstByPort.get(claim.port);
      if (first === undefined) firstByPort.set(claim.port, claim);
      else if (first.componentId !== claim.componentId) conflicts.push({claim, first});
    }
  }
  return conflicts;
}

/** flowctl's HEALTH_PORT for a component that sets none: 18080 + its position + 1. */
export const FIRST_DEFAULT_HEALTH_PORT = 18081;

/**
 * The HEALTH_PORT flowctl injects into each component that declares none (`needsDefault`):
 * flowctl's 18081 + position, or the next number no component claims (and no earlier default
 * took). As flowctl computed it, `x` 13th got 18093 while `y` declared `health_port: 18093`,
 * and `y` failed with EADDRINUSE although validate said ✓.
 */
export function defaultHealthPorts(entries: readonly ComponentEntry[], needsDefault: (index: number) => boolean): (number | undefined)[] {
  const taken = new Set(entries.flatMap((entry) => portClaims(entry).map((claim) => claim.port)));
  return entries.map((_, index) => {
    if (!needsDefault(index)) return undefined;
    let port = FIRST_DEFAULT_HEALTH_PORT + index;
    while (taken.has(port)) port += 1;
    taken.add(port);
    return port;
  });
}
