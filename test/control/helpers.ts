/** Shared fixtures for control-plane tests: a real Hub/Ring, a small PipelineControl, a pipeline. */
import {Hub} from '../../src/logs/hub.js';
import {resolvedComponent} from '../support/model.js';
import {Ring} from '../../src/logs/ring.js';
import type {LogEntry, Level} from '../../src/logs/entry.js';
import type {ComponentKind, ResolvedComponent, ResolvedPipeline} from '../../src/config/model.js';
import type {ComponentStatus, PipelineControl} from '../../src/supervisor/status.js';
import {err, ok, type Result} from '../../src/util/result.js';
import {startControlServer, type ControlServer, type ControlServerOptions} from '../../src/control/server.js';

export function component(id: string, kind: ComponentKind = 'processor'): ResolvedComponent {
  return resolvedComponent(id, {
    kind,
    workingDir: '/tmp',
    restart: {policy: 'no', maxRestarts: undefined, backoff: {initialMs: 100, maxMs: 1000, multiplier: 2, resetAfterMs: 1000}},
    stopGracePeriodMs: 1000,
    logging: {level: undefined, format: 'auto', multiline: {enabled: false, windowMs: 0}},
  });
}

export function pipeline(name = 'test-pipeline', components = [component('source-a', 'source'), component('proc-b')], dir = '/tmp'): ResolvedPipeline {
  return {
    name,
    file: `${dir}/pipeline.yaml`,
    dir,
    namespace: undefined,
    description: undefined,
    labels: {},
    annotations: {},
    driver: 'process',
    logging: {
      enabled: true,
      bufferSize: 10_000,
      bufferBytes: 64 * 1024 * 1024,
      retentionMs: 86_400_000,
      store: 'sqlite',
      dir: `${dir}/logs`,
      rotation: {maxBytes: 10_000_000, maxFiles: 3},
      maxLineBytes: 1024 * 1024,
      rateLimit: undefined,
      export: undefined,
    },
    components,
    startOrder: components.map((c) => c.id),
    config: {},
  };
}

/** A PipelineControl that records what it was asked and flips states. */
export class FakeControl implements PipelineControl {
  readonly calls: string[] = [];
  readonly #status = new Map<string, ComponentStatus>();
  readonly #listeners = new Set<() => void>();
  shutdownCalls = 0;

  constructor(readonly pipelineName: string, ids: {id: string; kind: ComponentKind}[]) {
    for (const {id, kind} of ids) {
      this.#status.set(id, {
        id, kind, state: 'running', pid: 4242, startedAt: Date.now() - 5000, restarts: 0, health: 'none',
        exitCode: undefined, signal: undefined, reason: undefined, lines: 0, warnings: 0, errors: 0, heartbeat: undefined,
      });
    }
  }

  status(): ComponentStatus[] {
    return [...this.#status.values()].map((s) => ({...s}));
  }

  onStatusChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(id: string, patch: Partial<ComponentStatus>): Result<void, string> {
    const current = this.#status.get(id);
    if (!current) return err(`no component ${id}`);
    this.#status.set(id, {...current, ...patch});
    for (const l of this.#listeners) l();
    return ok(undefined);
  }

  async restart(id: string): Promise<Result<void, string>> {
    this.calls.push(`restart ${id}`);
    const current = this.#status.get(id);
    return this.#set(id, {state: 'running', restarts: (current?.restarts ?? 0) + 1});
  }

  async stop(id: string): Promise<Result<void, string>> {
    this.calls.push(`stop ${id}`);
    if (this.#status.get(id)?.state === 'stopped') return err(`${id} is already stopped`);
    return this.#set(id, {state: 'stopped', pid: undefined});
  }

  async start(id: string): Promise<Result<void, string>> {
    this.calls.push(`start ${id}`);
    return this.#set(id, {state: 'running', pid: 4343});
  }

  async shutdown(options?: {force?: boolean}): Promise<void> {
    this.shutdownCalls += 1;
    this.calls.push(`shutdown${options?.force ? ' force' : ''}`);
  }
}

/** An entry ready to publish. */
export function line(componentId: string, message: string, extra: Partial<LogEntry> = {}): Omit<LogEntry, 'seq' | 'runId'> {
  const now = extra.timestamp ?? Date.now();
  return {
    componentId,
    componentType: 'processor',
    stream: 'stdout',
    timestamp: now,
    receivedAt: now,
    level: 'info' as Level,
    message,
    fields: {},
    raw: message,
    restart: 0,
    truncated: false,
    ...extra,
  };
}

export interface Harness {
  hub: Hub;
  ring: Ring;
  control: FakeControl;
  pipeline: ResolvedPipeline;
  server: ControlServer;
  notices: string[];
}

/** A real server on 127.0.0.1, any free port. */
export async function startHarness(overrides: Partial<ControlServerOptions> & {ring?: Ring; runId?: string} = {}): Promise<Harness> {
  const ring = overrides.ring ?? new Ring({maxEntries: 10_000});
  const hub = new Hub({ring, runId: overrides.runId ?? 'run-test-1'});
  const p = overrides.pipeline ?? pipeline();
  const control = new FakeControl(p.name, p.components.map((c) => ({id: c.id, kind: c.kind})));
  const started = await startControlServer({hub, control, pipeline: p, host: '127.0.0.1', port: 0, ...overrides});
  if (!started.ok) throw new Error(started.error);
  const notices: string[] = [];
  started.value.onNotice((m) => notices.push(m));
  return {hub, ring, control, pipeline: p, server: started.value, notices};
}

/** Polls until `check` returns a value other than undefined/false. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
