/**
 * One raw component (either spelling, already schema-valid and rule-checked) → the
 * `ResolvedComponent` the runtime uses: defaults applied, paths absolute, argv built.
 */
import path from 'node:path';
import {parseDuration} from '../util/duration.js';
import type {ComponentEntry} from './components.js';
import {dependencyRefs} from './components.js';
import {resolveHealthCheck} from './health.js';
import type {ComponentKind, ComponentLogging, Dependency, LogFormat, PortSpec, ResolvedComponent, RestartPolicy} from './model.js';
import type {CompactComponent, Component, ComponentLogging as RawLogging, RestartPolicy as RawRestart} from './schema-types.generated.js';

export const COMPONENT_DEFAULTS = {
  stopSignal: 'SIGTERM' as NodeJS.Signals,
  stopGracePeriodMs: 10_000,
  restart: {policy: 'no', maxRestarts: undefined, backoff: {initialMs: 1000, maxMs: 30_000, multiplier: 2, resetAfterMs: 60_000}} satisfies RestartPolicy,
  multilineWindowMs: 100,
};

export interface ComponentContext {
  /** The pipeline file's folder. */
  dir: string;
  /** Variables read from this component's env_file(s). */
  envFileVars: Record<string, string>;
  componentIds: ReadonlySet<string>;
  kind: ComponentKind;
}

export function normaliseComponent(entry: ComponentEntry, context: ComponentContext): ResolvedComponent {
  const raw = entry.raw as Component | CompactComponent;
  const id = entry.id ?? '';
  const health = resolveHealthCheck(entry.raw, context.componentIds);
  return {
    id,
    kind: context.kind,
    // In the compact form `type` is the kind, not flowctl's free-text type.
    type: isCompact(entry) ? undefined : (raw as Component).type,
    image: raw.image,
    remote: raw.remote === true,
    command: buildCommand(raw.command, raw.args ?? [], context.dir),
    workingDir: path.resolve(context.dir, raw.working_dir ?? '.'),
    env: buildEnv(context.envFileVars, raw.config ?? {}, raw.env ?? {}),
    inputs: raw.inputs ?? [],
    dependsOn: mergeDependencies(entry),
    healthCheck: health.ok ? health.check : undefined,
    healthPort: raw.health_port,
    ports: (raw.ports ?? []).map(
      (port): PortSpec => ({name: port.name, containerPort: port.containerPort, hostPort: port.hostPort, protocol: port.protocol}),
    ),
    restart: buildRestart(raw.restart_policy),
    stopSignal: raw.stop_signal ?? COMPONENT_DEFAULTS.stopSignal,
    stopGracePeriodMs: durationMs(raw.stop_grace_period, COMPONENT_DEFAULTS.stopGracePeriodMs),
    logging: buildLogging(raw.logging),
    replicas: raw.replicas,
    inputEventTypes: raw.input_event_types ?? legacyTextList(raw.inputEventTypes) ?? [],
    outputEventTypes: raw.output_event_types ?? legacyTextList(raw.outputEventTypes) ?? [],
    volumes: raw.volumes ?? [],
    secrets: raw.secrets ?? [],
    resources: raw.resources,
    config: raw.config ?? {},
  };
}

const isCompact = (entry: ComponentEntry): boolean => entry.path[0] === 'pipeline';

/**
 * A list is argv; a string runs through `/bin/sh -c`, with `args` passed as `"$@"` so they
 * reach the command unsplit. A relative program path containing `/` resolves against the
 * pipeline file's folder (a bare name is looked up on PATH at spawn time).
 */
export function buildCommand(command: string | string[] | undefined, args: readonly (string | number | boolean)[], dir: string): string[] {
  const extra = args.map(String);
  if (command === undefined) return [];
  if (typeof command === 'string') {
    return extra.length === 0 ? ['/bin/sh', '-c', command] : ['/bin/sh', '-c', `${command} "$@"`, 'sh', ...extra];
  }
  const [program = '', ...rest] = command;
  const resolved = program.includes('/') && !path.isAbsolute(program) ? path.resolve(dir, program) : program;
  return [resolved, ...rest, ...extra];
}

/** env_file, then `config` (keys UPPER_CASED as flowctl does), then `env`: later wins. */
export function buildEnv(fileVars: Record<string, string>, config: Record<string, unknown>, env: Record<string, string | number | boolean>): Record<string, string> {
  const result: Record<string, string> = {...fileVars};
  for (const [key, value] of Object.entries(config)) {
    result[key.toUpperCase().replace(/[^A-Z0-9_]/g, '_')] = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  }
  for (const [key, value] of Object.entries(env)) result[key] = String(value);
  return result;
}

/** `inputs` imply `started`; an explicit depends_on on the same id sets its condition. */
function mergeDependencies(entry: ComponentEntry): Dependency[] {
  const merged = new Map<string, Dependency>();
  for (const ref of dependencyRefs(entry)) {
    const existing = merged.get(ref.id);
    if (existing === undefined || ref.from === 'depends_on') merged.set(ref.id, {id: ref.id, condition: ref.condition});
  }
  return [...merged.values()];
}

function buildRestart(spec: RawRestart | undefined): RestartPolicy {
  const defaults = COMPONENT_DEFAULTS.restart;
  if (spec === undefined) return {...defaults, backoff: {...defaults.backoff}};
  if (typeof spec === 'string') {
    const [policy, max] = spec.split(':') as [RestartPolicy['policy'], string | undefined];
    return {policy, maxRestarts: max === undefined ? undefined : Number(max), backoff: {...defaults.backoff}};
  }
  const backoff = spec.backoff ?? {};
  return {
    policy: spec.policy,
    maxRestarts: spec.max_restarts,
    backoff: {
      initialMs: durationMs(backoff.initial, defaults.backoff.initialMs),
      maxMs: durationMs(backoff.max, defaults.backoff.maxMs),
      multiplier: backoff.multiplier ?? defaults.backoff.multiplier,
      resetAfterMs: durationMs(backoff.reset_after, defaults.backoff.resetAfterMs),
    },
  };
}

function buildLogging(spec: RawLogging | undefined): ComponentLogging {
  const multiline = spec?.multiline;
  const format: LogFormat = spec?.format ?? 'auto';
  return {
    level: spec?.level,
    format,
    multiline:
      typeof multiline === 'object'
        ? {enabled: multiline.enabled ?? true, windowMs: durationMs(multiline.window, COMPONENT_DEFAULTS.multilineWindowMs)}
        : {enabled: multiline ?? true, windowMs: COMPONENT_DEFAULTS.multilineWindowMs},
  };
}

export function durationMs(value: string | number | undefined, fallback: number): number {
  return value === undefined ? fallback : (parseDuration(value) ?? fallback);
}

/** A legacy camelCase event-type list is read only when it is a list of text (anything is accepted, with a warning). */
export function legacyTextList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}
