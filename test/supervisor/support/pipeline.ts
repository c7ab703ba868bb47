/**
 * Builds `ResolvedPipeline` objects for supervisor tests directly (the loader's job in the
 * product), with the documented defaults, so each test states only what it is about.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Dependency, ResolvedComponent, ResolvedPipeline} from '../../../src/config/model.js';
import {Hub} from '../../../src/logs/hub.js';
import {resolvedComponent} from '../../support/model.js';
import {Ring} from '../../../src/logs/ring.js';
import type {LogEntry} from '../../../src/logs/entry.js';

export const FIXTURES = new URL('../../../fixtures/components/', import.meta.url).pathname;

/** `node -e <script>` as a command. */
export function nodeScript(script: string): string[] {
  return [process.execPath, '-e', script];
}

/** A fixture component: `node fixtures/components/<name>.mjs`. */
export function fixture(name: string): string[] {
  return [process.execPath, join(FIXTURES, `${name}.mjs`)];
}

export function component(id: string, command: string[], overrides: Partial<ResolvedComponent> = {}): ResolvedComponent {
  // HEALTH_PORT=0: fixtures that serve /health pick a free port instead of flowctl's 1808x.
  return resolvedComponent(id, {command, env: {HEALTH_PORT: '0'}, ...overrides});
}

export function dependsOn(...deps: [string, Dependency['condition']][]): Dependency[] {
  return deps.map(([id, condition]) => ({id, condition}));
}

/** Dependencies first, ties in declaration order (what the loader computes). */
function topological(components: ResolvedComponent[]): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < components.length) {
    const next = components.find((c) => !placed.has(c.id) && c.dependsOn.every((d) => placed.has(d.id)));
    if (!next) throw new Error('dependency cycle in test pipeline');
    placed.add(next.id);
    order.push(next.id);
  }
  return order;
}

export function pipeline(dir: string, components: ResolvedComponent[], name = 'test-pipeline'): ResolvedPipeline {
  return {
    name,
    file: join(dir, 'pipeline.yaml'),
    dir,
    namespace: undefined,
    description: undefined,
    labels: {},
    annotations: {},
    driver: undefined,
    logging: {
      enabled: true,
      bufferSize: 200_000,
      bufferBytes: 256 * 1024 * 1024,
      retentionMs: 86_400_000,
      store: 'none',
      dir: join(dir, 'logs'),
      rotation: {maxBytes: 1024 * 1024 * 1024, maxFiles: 5},
      maxLineBytes: 1024 * 1024,
      rateLimit: undefined,
      export: undefined,
    },
    components,
    startOrder: topological(components),
    config: {},
  };
}

export function createHub(): Hub {
  return new Hub({ring: new Ring({maxEntries: 500_000, maxBytes: 512 * 1024 * 1024}), runId: 'test-run'});
}

/** Control entries of one component, as text, in order. */
export function controlNotes(hub: Hub, id: string): string[] {
  return hub.ring
    .query(undefined)
    .filter((e: LogEntry) => e.stream === 'control' && e.componentId === id)
    .map((e) => e.message);
}

export function tempDir(): {dir: string; cleanup: () => void} {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-supervisor-'));
  return {dir, cleanup: () => rmSync(dir, {recursive: true, force: true})};
}

/** Polls `condition` until it holds (no fixed sleeps: the machine is shared and slow). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Is a process alive (a zombie counts as gone: it only waits for its parent to reap it)? */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
