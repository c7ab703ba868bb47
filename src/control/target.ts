/**
 * Which pipeline (and which of its components) a command means, running or not.
 *
 * The rules, in order (`flowctl logs`, `status`, `down`, `restart`, `stop`, `start`, `attach`):
 * 1. `-p/--pipeline NAME`, or a NAME that is a known pipeline name — a running pipeline's, or
 *    the local file's — picks that pipeline. Two different pipeline names are an error. A NAME
 *    that is a pipeline name and also a component id of the pipeline(s) rule 2 or 3 would
 *    pick is an error naming both meanings (`-p alpha beta` / `-p beta`), whatever the command:
 *    printing, stopping or restarting the wrong one silently is worse than asking.
 * 2. Else the local pipeline file names one: `--file PATH` or a `.yaml`/`.yml` argument, else
 *    `pipeline.yaml` / `flow.yml` in the current folder. It is running when a state file has
 *    that file path (or, failing that, its pipeline name); otherwise it is not running, and
 *    `logs` reads its history from its store or log files.
 * 3. Else (no pipeline named, no file here) the single running pipeline; with several, the
 *    one holding every component named.
 * Every other NAME is a component id of the pipeline picked — with -p, every NAME is, even one
 * equal to the pipeline's name (`restart -p web web`: pipeline web, component web). A NAME that
 * is neither is an error listing the running pipelines and the local file's pipeline.
 *
 * Why the local file beats "the single running pipeline": in a stopped pipeline's folder,
 * `flowctl logs` must not print another pipeline's lines, and `flowctl down` must not stop it.
 */
import {err, ok, type Result} from '../util/result.js';
import type {PipelineState} from './state-file.js';

/** The pipeline file that names a pipeline here (see rule 2). */
export interface LocalPipeline {
  /** Absolute path. */
  file: string;
  /** Given by the user (`--file`, an argument), not found in the current folder. */
  given: boolean;
  /** Undefined when the file cannot be read (the reader of its history reports why). */
  name: string | undefined;
  components: string[] | undefined;
}

export interface Target {
  state: PipelineState;
  /** Component ids named (empty: all). */
  components: string[];
}

export type TargetOutcome =
  | {kind: 'running'; target: Target}
  /**
   * Nothing running matches. `local` is set when the local file is that pipeline (its history
   * is found through it); `pipelineName` is undefined when no pipeline was named at all.
   */
  | {kind: 'not-running'; pipelineName: string | undefined; local: LocalPipeline | undefined; components: string[]};

export function resolveTarget(
  states: PipelineState[],
  names: string[],
  pipelineFlag: string | undefined,
  local?: LocalPipeline,
): Result<TargetOutcome, string> {
  const picked = pickByName(states, names, pipelineFlag, local);
  if (!picked.ok) return picked;
  const {chosen, rest} = picked.value;
  const flagged = pipelineFlag !== undefined;
  if (chosen !== undefined) {
    const localIsIt = local !== undefined && local.name === chosen;
    if (local?.given === true && local.name !== undefined && !localIsIt) {
      return err(`${local.file} is pipeline "${local.name}", not "${chosen}": give one of them`);
    }
    return settle(states, states.filter((s) => s.name === chosen), rest, {name: chosen, local: localIsIt ? local : undefined}, local, flagged);
  }
  if (local !== undefined) {
    const byFile = states.filter((s) => s.file === local.file);
    const byName = local.name === undefined ? [] : states.filter((s) => s.name === local.name);
    return settle(states, byFile.length > 0 ? byFile : byName, rest, {name: local.name, local}, local);
  }
  if (states.length === 0) return ok({kind: 'not-running', pipelineName: undefined, local: undefined, components: rest});
  if (states.length === 1) return checkComponents(states[0]!, rest, states, undefined);
  if (rest.length === 0) {
    return err(`${states.length} pipelines are running (${states.map((s) => s.name).join(', ')}): name one, or use -p/--pipeline`);
  }
  const holders = states.filter((s) => rest.every((c) => s.components.includes(c)));
  if (holders.length === 1) return ok({kind: 'running', target: {state: holders[0]!, components: rest}});
  if (holders.length === 0) return err(`${neither(rest)}; ${knownPipelines(states, undefined)}`);
  return err(`${plural(rest)} ${rest.join(', ')} exist in ${holders.map((s) => s.name).join(' and ')}: use -p/--pipeline`);
}

/** Rule 1: the pipeline named by -p or among NAMEs, and the NAMEs left (component ids). */
function pickByName(
  states: PipelineState[],
  names: string[],
  pipelineFlag: string | undefined,
  local: LocalPipeline | undefined,
): Result<{chosen: string | undefined; rest: string[]}, string> {
  // With -p the pipeline is named: every NAME is a component id (pipeline web may have a component web).
  if (pipelineFlag !== undefined) return ok({chosen: pipelineFlag, rest: [...names]});
  const known = new Set(states.map((s) => s.name));
  if (local?.name !== undefined) known.add(local.name);
  const named = [...new Set(names.filter((n) => known.has(n)))];
  // A pipeline name that is also a component id of the pipeline meant here (the folder's, else
  // the running one(s)) has two meanings: an error naming both, for every command alike.
  const here = componentsHere(states, local);
  const twoMeanings = named.filter((n) => here.has(n));
  const pipelines = named.filter((n) => !here.has(n));
  if (pipelines.length > 1) return err(`more than one pipeline named (${pipelines.join(', ')}): name one, or use -p/--pipeline`);
  const chosen = pipelines[0];
  // With another pipeline named, a two-meaning NAME is read as that pipeline's component.
  const unresolved = chosen === undefined ? twoMeanings : twoMeanings.filter((n) => !componentsOf(chosen, states, local).includes(n));
  if (unresolved.length > 0) return err(bothMeanings(unresolved[0]!, states, local));
  return ok({chosen, rest: names.filter((n) => n !== chosen)});
}

/** The component ids a bare NAME may mean: the local file's pipeline's, else every running one's. */
function componentsHere(states: PipelineState[], local: LocalPipeline | undefined): Set<string> {
  if (local !== undefined) return new Set(local.components ?? []);
  return new Set(states.flatMap((s) => s.components));
}

function componentsOf(pipeline: string, states: PipelineState[], local: LocalPipeline | undefined): string[] {
  if (local?.name === pipeline) return local.components ?? [];
  return states.find((s) => s.name === pipeline)?.components ?? [];
}

function bothMeanings(name: string, states: PipelineState[], local: LocalPipeline | undefined): string {
  const holders = local !== undefined ? [local.name ?? local.file] : states.filter((s) => s.components.includes(name)).map((s) => s.name);
  const component = holders.map((h) => `-p ${h} ${name}`).join(' or ');
  const of = holders.map((h) => `"${h}"`).join(' and ');
  return `"${name}" is both a pipeline and a component of ${of}: use ${component} for the component, -p ${name} for the pipeline`;
}

/** The running candidates for the pipeline picked: one is it, none means not running. */
function settle(
  states: PipelineState[],
  candidates: PipelineState[],
  components: string[],
  wanted: {name: string | undefined; local: LocalPipeline | undefined},
  local: LocalPipeline | undefined,
  flagged = false,
): Result<TargetOutcome, string> {
  if (candidates.length > 1) {
    return err(`${candidates.length} pipelines named "${candidates[0]!.name}" are running (pids ${candidates.map((s) => s.pid).join(', ')}); stop one of them`);
  }
  if (candidates.length === 1) return checkComponents(candidates[0]!, components, states, local, flagged);
  const ids = wanted.local?.components;
  const unknown = ids === undefined ? [] : components.filter((c) => !ids.includes(c));
  if (unknown.length > 0) {
    return err(`${neither(unknown, flagged)} of "${wanted.name}" (not running; its components: ${ids!.join(', ') || 'none'}); ${knownPipelines(states, local)}`);
  }
  return ok({kind: 'not-running', pipelineName: wanted.name, local: wanted.local, components});
}

function checkComponents(state: PipelineState, components: string[], states: PipelineState[], local: LocalPipeline | undefined, flagged = false): Result<TargetOutcome, string> {
  const unknown = components.filter((c) => !state.components.includes(c));
  if (unknown.length > 0) {
    return err(`${neither(unknown, flagged)} of "${state.name}" (its components: ${state.components.join(', ') || 'none'}); ${knownPipelines(states, local)}`);
  }
  return ok({kind: 'running', target: {state, components}});
}

/** `flagged`: -p named the pipeline, so the names can only be component ids. */
function neither(names: string[], flagged = false): string {
  const quoted = names.map((n) => `"${n}"`).join(', ');
  if (flagged) return names.length === 1 ? `${quoted} is not a component` : `${quoted} are not components`;
  return names.length === 1 ? `${quoted} is neither a pipeline nor a component` : `${quoted} are neither pipelines nor components`;
}

/** What the user could have named instead: the running pipelines and the local file's. */
function knownPipelines(states: PipelineState[], local: LocalPipeline | undefined): string {
  const running = states.length === 0 ? 'no pipeline is running' : `running: ${states.map((s) => `${s.name} [${s.components.join(', ')}]`).join('; ')}`;
  if (local === undefined) return running;
  const isRunning = states.some((s) => s.file === local.file || s.name === local.name);
  const here = local.name === undefined ? `${local.file} (cannot be read)` : `${local.file} is pipeline "${local.name}"${isRunning ? '' : ' (not running)'}`;
  return `${running}; ${here}`;
}

function plural(items: string[]): string {
  return items.length === 1 ? 'component' : 'components';
}

/**
 * The address to dial for a state file's: a control plane bound to every interface (0.0.0.0,
 * ::) is reached on loopback from this machine — dialing the wildcard itself is not portable.
 */
export function dialAddress(state: Pick<PipelineState, 'address' | 'port'>): string {
  const host = state.address.slice(0, state.address.lastIndexOf(':'));
  if (host === '0.0.0.0') return `127.0.0.1:${state.port}`;
  if (host === '[::]') return `[::1]:${state.port}`;
  return state.address;
}
