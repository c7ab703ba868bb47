/**
 * `remote: true`: a component flowctl does not start. It runs elsewhere (another host, a
 * container) and pushes its logs over the control plane with its id as FLOWCTL_COMPONENT_ID.
 * What only makes sense for a process flowctl runs is refused (command, image, a health check
 * run or read locally) or ignored with a warning (restart policy, stop signal, environment).
 */
import type {ComponentEntry, DependencyRef} from './components.js';
import type {DocPath} from './locate.js';
import {resolveHealthCheck} from './health.js';

export interface RemoteProblem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  at: DocPath;
  hint: string | undefined;
  part: 'key' | 'value';
}

/** Keys of a process flowctl runs; on a remote component they have no effect. */
const IGNORED_KEYS = ['args', 'working_dir', 'env', 'env_file', 'restart_policy', 'stop_signal', 'stop_grace_period'] as const;

export const isRemote = (entry: ComponentEntry): boolean => entry.raw.remote === true;

/** The problems of one remote component's own keys; none for a component that is not remote. */
export function remoteProblems(entry: ComponentEntry, componentIds: ReadonlySet<string>): RemoteProblem[] {
  if (!isRemote(entry)) return [];
  const name = `\`${entry.id ?? '?'}\``;
  const problems: RemoteProblem[] = [];
  for (const key of ['command', 'image'] as const) {
    if (entry.raw[key] === undefined) continue;
    problems.push({
      severity: 'error',
      code: 'remote-with-command',
      message: `${name} is remote (flowctl does not run it), but has \`${key}\``,
      at: [...entry.path, key],
      hint: `remove \`${key}\`, or remove \`remote: true\` to have flowctl run it`,
      part: 'key',
    });
  }
  const health = resolveHealthCheck(entry.raw, componentIds);
  if (health.ok && (health.check?.kind === 'exec' || health.check?.kind === 'log')) {
    problems.push({
      severity: 'error',
      code: 'remote-health-check',
      message: `${name} is remote: ${health.check.kind === 'exec' ? 'an' : 'a'} \`${health.check.kind}\` health check needs a process flowctl runs`,
      at: [...entry.path, 'health_check', health.check.kind],
      hint: 'check a remote component over the network: health_check: {http: "http://host:port/health"} or {tcp: "host:port"}',
      part: 'key',
    });
  }
  for (const key of IGNORED_KEYS) {
    if (entry.raw[key] === undefined) continue;
    problems.push({
      severity: 'warning',
      code: 'remote-ignored-key',
      message: `\`${key}\` is ignored for a remote component: flowctl does not run ${name}`,
      at: [...entry.path, key],
      hint: undefined,
      part: 'key',
    });
  }
  return problems;
}

/** `completed_successfully` on a remote component can never hold: flowctl never sees it end. */
export function remoteDependencyProblem(from: ComponentEntry, ref: DependencyRef, target: ComponentEntry): RemoteProblem | undefined {
  if (!isRemote(target) || ref.condition !== 'completed_successfully') return undefined;
  return {
    severity: 'error',
    code: 'remote-completed',
    message: `\`${from.id ?? '?'}\` waits for \`${ref.id}\` to complete successfully, but \`${ref.id}\` is remote: flowctl does not run it and never sees it end`,
    at: ref.at,
    hint: 'use condition: started (or healthy, with a health_check on the remote component)',
    part: ref.part,
  };
}
