/**
 * Test support for the UI: a real hub and ring, a scripted `PipelineControl` (the real
 * supervisor is exercised by the e2e tests), and ink-testing-library plumbing that follows
 * its timing rules (await a macrotask after render and after every key; one key per write).
 */
import {render} from 'ink-testing-library';
import {createElement} from 'react';
import {Hub} from '../../src/logs/hub.js';
import {Ring} from '../../src/logs/ring.js';
import type {LogEntry} from '../../src/logs/entry.js';
import type {ComponentStatus, ComponentStateName, PipelineControl} from '../../src/supervisor/status.js';
import {err, ok, type Result} from '../../src/util/result.js';
import {App} from '../../src/tui/components/App.js';
import {TuiController, type ControllerOptions} from '../../src/tui/controller.js';
import {createLocalTuiSource} from '../../src/tui/local-source.js';
import type {TuiSource} from '../../src/tui/source.js';

export class ScriptedControl implements PipelineControl {
  readonly pipelineName = 'demo';
  readonly calls: string[] = [];
  readonly #statuses: ComponentStatus[];
  readonly #listeners = new Set<() => void>();
  shutdownGate: Promise<void> = Promise.resolve();

  constructor(ids: readonly string[]) {
    this.#statuses = ids.map((id, index) => ({
      id,
      kind: index === 0 ? 'source' : index === ids.length - 1 ? 'sink' : 'processor',
      state: 'running',
      pid: 1000 + index,
      startedAt: Date.now() - 5000,
      restarts: 0,
      health: 'none',
      exitCode: undefined,
      signal: undefined,
      reason: undefined,
      lines: 0,
      warnings: 0,
      errors: 0,
      heartbeat: undefined,
    }));
  }

  status(): ComponentStatus[] {
    return this.#statuses.map((s) => ({...s}));
  }

  onStatusChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  set(id: string, state: ComponentStateName, extra: Partial<ComponentStatus> = {}): void {
    const status = this.#statuses.find((s) => s.id === id);
    if (status === undefined) throw new Error(`no component ${id}`);
    Object.assign(status, {state, ...extra});
    for (const listener of this.#listeners) listener();
  }

  async restart(id: string): Promise<Result<void, string>> {
    this.calls.push(`restart ${id}`);
    if (!this.#statuses.some((s) => s.id === id)) return err(`no component ${id}`);
    const status = this.#statuses.find((s) => s.id === id);
    this.set(id, 'running', {restarts: (status?.restarts ?? 0) + 1});
    return ok(undefined);
  }

  async stop(id: string): Promise<Result<void, string>> {
    this.calls.push(`stop ${id}`);
    this.set(id, 'stopped', {pid: undefined});
    return ok(undefined);
  }

  async start(id: string): Promise<Result<void, string>> {
    this.calls.push(`start ${id}`);
    const status = this.#statuses.find((s) => s.id === id);
    if (status?.state === 'running') return err(`${id} is already running`);
    this.set(id, 'running', {pid: 4242});
    return ok(undefined);
  }

  async shutdown(options: {force?: boolean} = {}): Promise<void> {
    this.calls.push(options.force ? 'shutdown force' : 'shutdown');
    for (const status of this.#statuses) this.set(status.id, 'stopping');
    await this.shutdownGate;
    for (const status of this.#statuses) this.set(status.id, 'stopped', {pid: undefined});
  }
}

export interface Fixture {
  hub: Hub;
  ring: Ring;
  control: ScriptedControl;
  source: TuiSource;
}

export function fixture(ids: readonly string[] = ['source', 'processor', 'sink'], ringSize = 10_000): Fixture {
  const ring = new Ring({maxEntries: ringSize});
  const hub = new Hub({ring, runId: 'run-1'});
  const control = new ScriptedControl(ids);
  return {hub, ring, control, source: createLocalTuiSource({hub, control})};
}

let clock = 1_705_744_800_000;

/** Publishes entries (timestamps increasing) and returns them with their seq. */
export function publish(hub: Hub, entries: Partial<LogEntry>[]): LogEntry[] {
  return hub.publish(
    entries.map((e) => {
      clock += 1;
      const raw = e.raw ?? e.message ?? 'line';
      return {
        componentId: 'source',
        componentType: 'source',
        stream: 'stdout',
        timestamp: clock,
        receivedAt: clock,
        level: 'info',
        message: e.message ?? raw,
        fields: {},
        raw,
        restart: 0,
        truncated: false,
        ...e,
      } as Omit<LogEntry, 'seq' | 'runId'>;
    }),
  );
}

/** `count` numbered info lines from `componentId`: "<id> line <n>". */
export function lines(componentId: string, count: number, from = 1, extra: Partial<LogEntry> = {}): Partial<LogEntry>[] {
  return Array.from({length: count}, (_, i) => ({componentId, raw: `${componentId} line ${from + i}`, ...extra}));
}

export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Polls until `check` passes (returns its value) or fails with the last frame. */
export async function waitFor<T>(check: () => T | undefined | false, describe: () => string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last state:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Mounted {
  controller: TuiController;
  frame(): string;
  /** One key per write, then a macrotask (Ink flushes a lone ESC after setImmediate). */
  press(...keys: string[]): Promise<void>;
  waitForFrame(predicate: (frame: string) => boolean): Promise<string>;
  unmount(): void;
}

export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  enter: '\r',
  esc: '\x1b',
  tab: '\t',
  backspace: '\x7f',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  ctrlC: '\x03',
  ctrlF: '\x06',
  wheelUp: '\x1b[<64;10;10M',
  wheelDown: '\x1b[<65;10;10M',
} as const;

/** Renders the App with ink-testing-library (debug mode: full frames, no throttle). */
export async function mount(source: TuiSource, options: Partial<ControllerOptions> = {}): Promise<Mounted> {
  const controller = new TuiController({
    source,
    logDir: options.logDir ?? '/tmp',
    color: options.color ?? false,
    columns: options.columns ?? 100,
    rows: options.rows ?? 30,
    writeTerminal: options.writeTerminal ?? (() => undefined),
    ...options,
  });
  const app = render(createElement(App, {controller}));
  await tick();
  const frame = (): string => app.lastFrame() ?? '';
  return {
    controller,
    frame,
    async press(...keys) {
      for (const key of keys) {
        app.stdin.write(key);
        await tick();
        await tick();
      }
    },
    waitForFrame: (predicate) => waitFor(() => (predicate(frame()) ? frame() : undefined), frame),
    unmount() {
      app.unmount();
      controller.dispose();
    },
  };
}
