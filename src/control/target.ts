/**
 * Which running pipeline (and which of its components) a command means. NAME arguments are
 * pipeline names or component ids, as in `flowctl logs my-pipeline` and
 * `flowctl logs ttp-processor`; `-p/--pipeline` disambiguates.
 */
import {err, ok, type Result} from '../util/result.js';
import type {PipelineState} from './state-file.js';

export interface Target {
  state: PipelineState;
  /** Component ids named (empty: all). */
  components: string[];
}

export type TargetOutcome =
  | {kind: 'running'; target: Target}
  /** Nothing running matches: the caller may go offline (store and files). */
  | {kind: 'not-running'; pipelineName: string | undefined; components: string[]};

export function resolveTarget(states: PipelineState[], names: string[], pipelineFlag: string | undefined): Result<TargetOutcome, string> {
  if (pipelineFlag !== undefined) {
    const state = states.find((s) => s.name === pipelineFlag);
    const components = names.filter((n) => n !== pipelineFlag);
    if (!state) return ok({kind: 'not-running', pipelineName: pipelineFlag, components});
    return checkComponents(state, components);
  }
  const named = names.filter((n) => states.some((s) => s.name === n));
  const uniqueNamed = [...new Set(named)];
  if (uniqueNamed.length > 1) return err(`more than one pipeline named (${uniqueNamed.join(', ')}): name one, or use -p/--pipeline`);
  const rest = names.filter((n) => !uniqueNamed.includes(n));
  if (uniqueNamed.length === 1) {
    const candidates = states.filter((s) => s.name === uniqueNamed[0]);
    if (candidates.length > 1) {
      return err(`${candidates.length} pipelines named "${uniqueNamed[0]}" are running (pids ${candidates.map((s) => s.pid).join(', ')}); stop one of them`);
    }
    return checkComponents(candidates[0]!, rest);
  }
  if (states.length === 0) {
    // Offline: a single NAME may be the pipeline itself; the caller checks against the file.
    return ok({kind: 'not-running', pipelineName: undefined, components: rest});
  }
  if (states.length === 1) return checkComponents(states[0]!, rest);
  if (rest.length === 0) {
    return err(`${states.length} pipelines are running (${states.map((s) => s.name).join(', ')}): name one, or use -p/--pipeline`);
  }
  const holders = states.filter((s) => rest.every((c) => s.components.includes(c)));
  if (holders.length === 1) return ok({kind: 'running', target: {state: holders[0]!, components: rest}});
  if (holders.length === 0) {
    return err(`no running pipeline has ${plural(rest)} ${rest.join(', ')} (running: ${states.map((s) => `${s.name} [${s.components.join(', ')}]`).join('; ')})`);
  }
  return err(`${plural(rest)} ${rest.join(', ')} exist in ${holders.map((s) => s.name).join(' and ')}: use -p/--pipeline`);
}

function checkComponents(state: PipelineState, components: string[]): Result<TargetOutcome, string> {
  const unknown = components.filter((c) => !state.components.includes(c));
  if (unknown.length > 0) {
    return err(`pipeline "${state.name}" has no ${plural(unknown)} ${unknown.join(', ')} (components: ${state.components.join(', ') || 'none'})`);
  }
  return ok({kind: 'running', target: {state, components}});
}

function plural(items: string[]): string {
  return items.length === 1 ? 'component' : 'components';
}
