/**
 * Finds the pipeline a command means (rules in control/target.ts) and, for the control
 * commands (status, down, restart, …), connects to it.
 */
import {existsSync} from 'node:fs';
import path from 'node:path';
import type {ControlClient} from '../control/client.js';
import {scanStateFiles, type PipelineState} from '../control/state-file.js';
import {resolveTarget, type LocalPipeline, type TargetOutcome} from '../control/target.js';
import {err, ok, type Result} from '../util/result.js';
import {EXIT_RUNTIME, EXIT_USAGE} from './exit-codes.js';
import type {CliIo} from './cli-io.js';
import {readTlsCaFlag} from './tls-ca.js';

export interface Connected {
  state: PipelineState;
  components: string[];
  client: ControlClient;
}

/** A failure with its exit code: 2 for naming problems, 1 when the pipeline does not run. */
export interface TargetFailure {
  message: string;
  exitCode: number;
}

/** As findPipelineFile's defaults (config/find.ts), without loading the config layer for them. */
const DEFAULT_PIPELINE_FILES = ['pipeline.yaml', 'flow.yml'];

/**
 * The local pipeline file (`given`, else pipeline.yaml / flow.yml here) with its name and
 * components. A file a running pipeline was started from is not read: its state file says
 * both. Otherwise the file is loaded (the config layer loads only then).
 */
export async function findLocalPipeline(cwd: string, given: string | undefined, states: PipelineState[]): Promise<LocalPipeline | undefined> {
  let file: string;
  if (given !== undefined) {
    const {findPipelineFile} = await import('../config/find.js');
    const found = findPipelineFile(cwd, given);
    // A folder without a pipeline file: the reader of its history says so.
    file = found.ok ? found.value : path.resolve(cwd, given);
  } else {
    const here = DEFAULT_PIPELINE_FILES.map((name) => path.join(cwd, name)).find((candidate) => existsSync(candidate));
    if (here === undefined) return undefined;
    file = here;
  }
  const running = states.find((s) => s.file === file);
  if (running !== undefined) return {file, given: given !== undefined, name: running.name, components: running.components};
  const {loadPipelineFile} = await import('../config/load.js');
  const loaded = loadPipelineFile(file);
  if (!loaded.ok) return {file, given: given !== undefined, name: undefined, components: undefined};
  return {file, given: given !== undefined, name: loaded.value.pipeline.name, components: loaded.value.pipeline.components.map((c) => c.id)};
}

export interface Found {
  outcome: TargetOutcome;
  /** The running pipelines, as scanned. */
  states: PipelineState[];
}

/** The target among the running pipelines and the local file; naming errors exit 2. */
export async function findTarget(io: CliIo, names: string[], pipelineFlag: string | undefined, file?: string): Promise<Result<Found, TargetFailure>> {
  const {states} = scanStateFiles(io.stateDir);
  const local = await findLocalPipeline(io.cwd, file, states);
  const target = resolveTarget(states, names, pipelineFlag, local);
  return target.ok ? ok({outcome: target.value, states}) : err({message: target.error, exitCode: EXIT_USAGE});
}

/** "pipeline X is not running", with what runs instead. */
export function notRunningMessage(outcome: Extract<TargetOutcome, {kind: 'not-running'}>, states: PipelineState[]): string {
  // Nothing named and no file here happens only when nothing runs (see resolveTarget).
  if (outcome.pipelineName === undefined && outcome.local === undefined) return 'no pipeline is running (start one with `flowctl up`)';
  const who = outcome.pipelineName === undefined ? `the pipeline of ${outcome.local!.file}` : `pipeline "${outcome.pipelineName}"`;
  const others = states.length === 0 ? '' : ` (running: ${states.map((s) => s.name).join(', ')}; name one or use -p/--pipeline)`;
  return `${who} is not running${others}`;
}

/**
 * Resolves the target, then connects. The gRPC client is imported only here, once there is
 * something to talk to: it is a large part of the CLI's start-up. `tlsCaFile`: `--tls-ca`.
 */
export async function connectRunning(io: CliIo, names: string[], pipelineFlag: string | undefined, tlsCaFile?: string): Promise<Result<Connected, TargetFailure>> {
  const tlsCa = readTlsCaFlag(tlsCaFile);
  if (!tlsCa.ok) return err({message: tlsCa.error, exitCode: EXIT_USAGE});
  const found = await findTarget(io, names, pipelineFlag);
  if (!found.ok) return found;
  const {outcome, states} = found.value;
  if (outcome.kind === 'not-running') return err({message: notRunningMessage(outcome, states), exitCode: EXIT_RUNTIME});
  const {state, components} = outcome.target;
  const {ControlClient, connectOptionsFor} = await import('../control/client.js');
  const options = connectOptionsFor(state, io.env, tlsCa.value);
  if (!options.ok) return err({message: options.error, exitCode: EXIT_USAGE});
  return ok({state, components, client: new ControlClient(options.value)});
}

/**
 * `status`, `down`, `attach` take a pipeline name as their argument, never a component id:
 * it means the same as -p (so an unknown one is "not running", exit 1, not a naming error).
 */
export function pipelineArgument(name: string | undefined, flag: string | undefined): Result<string | undefined, TargetFailure> {
  if (name !== undefined && flag !== undefined && name !== flag) {
    return err({message: `two pipelines named ("${name}" and -p "${flag}"): give one`, exitCode: EXIT_USAGE});
  }
  return ok(name ?? flag);
}
