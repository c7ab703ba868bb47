/**
 * A `remote: true` component: flowctl never spawns it. It runs elsewhere and pushes its logs
 * over the control plane (StreamLogs with its id); they reach the hub there, and this runner
 * follows them from the hub to count them in the status row and write them to its log file,
 * as a captured component's are. Its http/tcp health check, if any, is probed as usual.
 *
 * It has one state, `remote`, from the pipeline's start to its end: it never ends by itself,
 * so the pipeline does not wait for it, and restart/stop/start are refused (flowctl cannot
 * act on a process it does not run).
 */
import type {ResolvedComponent} from '../config/model.js';
import type {LogHub, Subscription} from '../logs/api.js';
import type {Level, LogEntry} from '../logs/entry.js';
import {levelRank} from '../logs/entry.js';
import {fileLineOf} from '../logs/files.js';
import {compileFilter} from '../logs/filter.js';
import type {HealthHandle, HealthHooks} from './component.js';
import type {LogFileGate} from './log-file-gate.js';
import type {ComponentStatus, HealthState} from './status.js';

export interface RemoteRunnerDeps {
  component: ResolvedComponent;
  hub: LogHub;
  file: LogFileGate;
  createHealth: ((hooks: HealthHooks) => HealthHandle) | undefined;
  note: (message: string, level: Level) => void;
  onChange: (what: 'state' | 'output') => void;
}

export const REMOTE_NOTE = 'remote: not started by flowctl; waiting for its logs';

/** Why flowctl refuses to restart, stop or start it. */
export const notRunByFlowctl = (id: string): string => `${id} is remote: flowctl does not run it (it pushes its logs over the control plane)`;

export class RemoteRunner {
  readonly state = {name: 'remote'} as const;
  readonly willRestart = false;
  /** Never ends by itself: the pipeline does not wait for it. */
  readonly settled = false;
  readonly #deps: RemoteRunnerDeps;
  #following = false;
  #health: HealthHandle | undefined;
  #healthState: HealthState;
  #subscription: Subscription | undefined;
  #counts = {lines: 0, warnings: 0, errors: 0};

  constructor(deps: RemoteRunnerDeps) {
    this.#deps = deps;
    this.#healthState = deps.component.healthCheck ? 'unknown' : 'none';
  }

  get id(): string {
    return this.#deps.component.id;
  }

  status(): ComponentStatus {
    return {
      id: this.id,
      kind: this.#deps.component.kind,
      state: 'remote',
      pid: undefined,
      startedAt: undefined,
      restarts: 0,
      health: this.#healthState,
      exitCode: undefined,
      signal: undefined,
      reason: this.#counts.lines === 0 ? 'not started by flowctl; waiting for its logs' : 'logs arrive over the control plane',
      ...this.#counts,
      heartbeat: undefined,
    };
  }

  /** Follows its pushed entries and starts its health check; once, at the pipeline's start. */
  start(): void {
    if (this.#following) return;
    const deps = this.#deps;
    this.#following = true;
    this.#note(REMOTE_NOTE, 'info');
    const filter = compileFilter({components: [this.id]});
    if (filter.ok) this.#subscription = deps.hub.subscribe({name: `remote ${this.id}`, filter: filter.value}, (batch) => this.#received(batch));
    this.#health = deps.createHealth?.({onChange: (health, reason) => this.#healthChanged(health, reason)});
    deps.onChange('state');
  }

  /** A problem found before the start (its log file cannot be opened): said, but it still follows its logs. */
  fail(reason: string): void {
    this.#note(reason, 'error');
  }

  /** Dependencies never hold a remote component back: flowctl does not start it. */
  wait(): void {}

  /** The pipeline ends: stop probing and following; written lines are flushed before the file closes. */
  async stop(_options: {force?: boolean} = {}): Promise<void> {
    this.#following = false;
    this.#health?.stop();
    this.#health = undefined;
    const subscription = this.#subscription;
    this.#subscription = undefined;
    if (subscription === undefined) return;
    await subscription.drained();
    subscription.close();
  }

  #received(batch: LogEntry[]): void {
    let text = '';
    let lines = 0;
    for (const entry of batch) {
      // Its own lifecycle notes are flowctl's, not the component's output.
      if (entry.stream === 'control') continue;
      lines++;
      text += `${fileLineOf(entry)}\n`;
      if (entry.level === 'warn') this.#counts.warnings++;
      else if (levelRank(entry.level) >= levelRank('error') && entry.level !== 'unknown') this.#counts.errors++;
    }
    if (lines === 0) return;
    this.#counts.lines += lines;
    this.#deps.file.write(text);
    this.#deps.onChange('output');
  }

  #healthChanged(health: 'healthy' | 'unhealthy', reason: string | undefined): void {
    if (!this.#following) return;
    this.#healthState = health;
    if (health === 'healthy') this.#note('healthy', 'info');
    else this.#note(`unhealthy: ${reason ?? 'health check failed'}`, 'warn');
    this.#deps.onChange('state');
  }

  #note(message: string, level: Level): void {
    this.#deps.note(message, level);
  }
}
