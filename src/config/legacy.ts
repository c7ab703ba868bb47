/**
 * Warnings for what real flowctl files carry but flowctl itself ignored (so they must keep
 * loading), and for keys the process runtime accepts but does not act on: nothing the user
 * wrote is dropped without a word.
 */
import type {ComponentEntry} from './components.js';
import type {Diagnostic} from './diagnostic.js';
import {warningDiagnostic} from './diagnose.js';
import {formatPath, locatePath, type DocPath, type ParsedYaml} from './locate.js';
import {dockerHostInCheck, legacyEndpoint, type LegacyEndpoint} from './health.js';
import {legacyTextList} from './normalise-component.js';
import type {Spelling} from './schema.js';
import {unreachable} from '../util/unreachable.js';

const CONTAINER_DRIVERS = ['container', 'docker', 'kubernetes', 'k8s', 'nomad'];
const RUNTIME_IGNORED = ['volumes', 'secrets', 'resources'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function legacyWarnings(parsed: ParsedYaml, data: unknown, spelling: Spelling, entries: readonly ComponentEntry[]): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const warn = (code: string, message: string, at: DocPath, hint: string | undefined, part: 'key' | 'value' = 'key') =>
    warnings.push(warningDiagnostic(code, message, {path: formatPath(at), location: locatePath(parsed, at, part), hint}));
  if (!isRecord(data)) return warnings;
  if (spelling === 'v1') {
    if (typeof data.apiVersion === 'string' && data.apiVersion !== 'flowctl/v1') {
      warn('api-version', `apiVersion \`${data.apiVersion}\` is read as flowctl/v1`, ['apiVersion'], 'write `apiVersion: flowctl/v1`', 'value');
    }
    if (isRecord(data.metadata) && data.metadata.description !== undefined) {
      const spec = isRecord(data.spec) ? data.spec : {};
      const use = typeof data.metadata.description !== 'string' ? 'it is ignored: it is not text' : spec.description !== undefined ? 'it is ignored because `spec.description` is set' : 'it is used as the description';
      warn('legacy-key', `\`metadata.description\` is not part of the flowctl/v1 model (flowctl ignored it); ${use}`, ['metadata', 'description'], 'move it to spec.description');
    }
    if (isRecord(data.spec) && data.spec.consumers !== undefined) {
      warn('legacy-key', '`spec.consumers` is not part of the flowctl/v1 model (flowctl ignored it); nothing under it is run', ['spec', 'consumers'], 'to run those components, move them under `sinks`');
    }
  }
  const driverAt: DocPath = spelling === 'v1' ? ['spec', 'driver'] : ['pipeline', 'driver'];
  const body = spelling === 'v1' ? data.spec : data.pipeline;
  const driver = isRecord(body) ? body.driver : undefined;
  if (typeof driver === 'string' && CONTAINER_DRIVERS.includes(driver)) {
    warn('driver-ignored', `driver \`${driver}\` is informational: flowctl runs every component as a local process`, driverAt, undefined, 'value');
  }
  const loggingAt: DocPath = spelling === 'v1' ? ['spec', 'logging'] : ['pipeline', 'logging'];
  const logging = isRecord(body) && isRecord(body.logging) ? body.logging : {};
  if (logging.enabled === false) {
    warn('runtime-ignored', '`logging.enabled: false` is not acted on: flowctl still writes logs/<id>.log and the history', [...loggingAt, 'enabled'], 'to keep no history, write `store: none`; the log files are always written', 'key');
  }
  if (logging.export !== undefined) {
    warn('runtime-ignored', '`logging.export` is not used by flowctl\'s process runtime: nothing is exported while it runs', [...loggingAt, 'export'], 'export with `flowctl logs --export <format>`', 'key');
  }
  const ids = new Set(entries.flatMap((entry) => (entry.id === undefined ? [] : [entry.id])));
  for (const entry of entries) warnings.push(...componentWarnings(parsed, entry, ids));
  return warnings;
}

function endpointUse(endpoint: LegacyEndpoint): string {
  switch (endpoint.use) {
    case 'check': {
      const rewrite = endpoint.rewrittenHost === undefined ? '' : ` (docker host \`${endpoint.rewrittenHost}\` → 127.0.0.1)`;
      return `it is used as this component's http health check ${endpoint.url}${rewrite}`;
    }
    case 'overridden':
      return 'it is ignored because `health_check` is set';
    case 'ignored':
      return `it is ignored: ${endpoint.reason}`;
    default:
      return unreachable(endpoint);
  }
}

function componentWarnings(parsed: ParsedYaml, entry: ComponentEntry, ids: ReadonlySet<string>): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const warn = (code: string, message: string, key: string, hint: string | undefined) => {
    const at = [...entry.path, key];
    warnings.push(warningDiagnostic(code, message, {path: formatPath(at), location: locatePath(parsed, at, 'key'), hint}));
  };
  const raw = entry.raw;
  for (const [camel, snake] of [['inputEventTypes', 'input_event_types'], ['outputEventTypes', 'output_event_types']] as const) {
    if (raw[camel] === undefined) continue;
    const used =
      raw[snake] !== undefined ? `\`${snake}\` is also set and wins` : legacyTextList(raw[camel]) === undefined ? 'it is ignored: it is not a list of text' : `it is read as \`${snake}\``;
    warn('legacy-key', `\`${camel}\` is the old spelling (flowctl ignored it); ${used}`, camel, `rename it to \`${snake}\``);
  }
  const dockerHost = dockerHostInCheck(raw, ids);
  if (dockerHost !== undefined) {
    const at = [...entry.path, ...dockerHost.at];
    warnings.push(
      warningDiagnostic('docker-host', `\`${dockerHost.host}\` is a docker hostname (a component id); as a process the component listens on this machine, so the check uses 127.0.0.1`, {
        path: formatPath(at),
        location: locatePath(parsed, at, 'value'),
        hint: `write 127.0.0.1 (or localhost) instead of \`${dockerHost.host}\``,
      }),
    );
  }
  const endpoint = legacyEndpoint(raw, ids);
  if (endpoint !== undefined) warn('legacy-key', `\`health_endpoint\` is a legacy key (flowctl ignored it); ${endpointUse(endpoint)}`, 'health_endpoint', 'write `health_check: <url>` instead');
  if (typeof raw.replicas === 'number' && raw.replicas > 1) {
    warn('runtime-ignored', `\`replicas: ${raw.replicas}\` is not used by the process runtime: one process runs`, 'replicas', undefined);
  }
  for (const key of RUNTIME_IGNORED) {
    const value = raw[key];
    const empty = value === undefined || (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);
    if (!empty) warn('runtime-ignored', `\`${key}\` is carried but not used by the process runtime`, key, undefined);
  }
  return warnings;
}
