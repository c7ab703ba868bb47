/** Finds the running pipeline a control command (status, down, restart, …) means, and connects. */
import type {ControlClient} from '../control/client.js';
import {scanStateFiles, type PipelineState} from '../control/state-file.js';
import {resolveTarget} from '../control/target.js';
import {err, ok, type Result} from '../util/result.js';
import {EXIT_RUNTIME, EXIT_USAGE} from './exit-codes.js';
import type {CliIo} from './cli-io.js';

export interface Connected {
  state: PipelineState;
  components: string[];
  client: ControlClient;
}

/** A failure with its exit code: 2 for naming problems, 1 when nothing runs. */
export interface TargetFailure {
  message: string;
  exitCode: number;
}

/**
 * Resolves the target from the state files, then connects. The gRPC client is imported only
 * here, once there is something to talk to: it is a large part of the CLI's start-up.
 */
export async function connectRunning(io: CliIo, names: string[], pipelineFlag: string | undefined): Promise<Result<Connected, TargetFailure>> {
  const scan = scanStateFiles(io.stateDir);
  const target = resolveTarget(scan.states, names, pipelineFlag);
  if (!target.ok) return err({message: target.error, exitCode: EXIT_USAGE});
  if (target.value.kind === 'not-running') {
    const who = target.value.pipelineName ?? names[0];
    const message =
      scan.states.length === 0
        ? 'no pipeline is running (start one with `flowctl up`)'
        : `no running pipeline ${who === undefined ? '' : `"${who}" `}(running: ${scan.states.map((s) => s.name).join(', ')})`;
    return err({message, exitCode: EXIT_RUNTIME});
  }
  const {state, components} = target.value.target;
  const {ControlClient} = await import('../control/client.js');
  return ok({state, components, client: new ControlClient({address: state.address, token: state.token, tls: state.tls})});
}
