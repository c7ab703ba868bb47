/**
 * Starting one component process, and the two operations on the world the state machine
 * needs (`SpawnFn`, `KillFn`), injectable so it can be unit-tested with fake children.
 */
import type {Readable} from 'node:stream';
import {execa} from 'execa';
import type {ResolvedComponent} from '../config/model.js';
import {FIRST_DEFAULT_HEALTH_PORT} from '../config/ports.js';

/** How the direct child ended (Node's `exit` event). */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnRequest {
  /** Resolved program path (see `resolveCommand`). */
  file: string;
  args: string[];
  cwd: string;
  /** The complete environment (not merged with the parent's again). */
  env: Record<string, string>;
}

/** A spawned child as the supervisor sees it. */
export interface ChildHandle {
  /** Undefined when the OS refused to create the process. */
  readonly pid: number | undefined;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Resolves with the pid once the program runs, or with the OS error that prevented it. */
  readonly spawned: Promise<{ok: true; pid: number} | {ok: false; message: string}>;
  /** Exit of the direct child; its pipes may still hold output (and other holders). */
  readonly exited: Promise<ChildExit>;
}

export type SpawnFn = (request: SpawnRequest) => ChildHandle;
/** Sends `signal` to a whole process group; a group that is already gone is not an error. */
export type KillFn = (pgid: number, signal: NodeJS.Signals) => void;

export interface ChildEnvOptions {
  /** Position of the component in the pipeline, for flowctl's default HEALTH_PORT. */
  index: number;
  /** `host:port` of the control plane, when one runs. */
  controlPlaneAddress: string | undefined;
  /** Token the control plane requires (bound off loopback), handed to children as FLOWCTL_TOKEN. */
  controlPlaneToken?: string | undefined;
  /** The viewer shows colours: ask children to keep theirs although they write to a pipe. */
  color: boolean;
  /** Name of the supervisor's run mark (`run-mark.ts`); the child gets `<name>=<component id>`. */
  runMark?: string | undefined;
}

/**
 * parent env < component env (env_file < config < env, resolved by the loader) < what flowctl
 * injects. `FORCE_COLOR` and `PYTHONUNBUFFERED` are defaults the component may override
 * (`FORCE_COLOR=0` must keep working); the FLOWCTL_* variables are forced, as flowctl does.
 */
export function buildChildEnv(
  component: ResolvedComponent,
  parentEnv: NodeJS.ProcessEnv,
  options: ChildEnvOptions,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parentEnv)) if (value !== undefined) env[key] = value;
  // Children see a pipe, not a terminal: Python block-buffers stdout (lines would arrive late
  // and in bursts) and colour libraries switch colour off. Undo both unless the user chose.
  if (!('PYTHONUNBUFFERED' in component.env)) env.PYTHONUNBUFFERED = '1';
  if (options.color && !('FORCE_COLOR' in component.env)) env.FORCE_COLOR = '1';
  Object.assign(env, component.env);
  if (env.HEALTH_PORT === undefined || env.HEALTH_PORT === '') {
    // flowctl's rule when unset: the declared health_port, else 18080 + position + 1, moved
    // past ports the pipeline claims by the loader (config/ports.ts defaultHealthPorts).
    env.HEALTH_PORT = String(component.healthPort ?? component.defaultHealthPort ?? FIRST_DEFAULT_HEALTH_PORT + options.index);
  }
  env.ENABLE_FLOWCTL = 'true';
  env.FLOWCTL_COMPONENT_ID = component.id;
  env.FLOWCTL_SERVICE_ID = component.id;
  env.FLOWCTL_HEARTBEAT_INTERVAL = '10s';
  // A local supervisor reads this child's stdout: the Node interceptor must not also send
  // the same lines over the control plane.
  env.FLOWCTL_CAPTURED = '1';
  if (options.controlPlaneAddress !== undefined) env.FLOWCTL_ENDPOINT = options.controlPlaneAddress;
  if (options.controlPlaneToken !== undefined && options.controlPlaneToken !== '') env.FLOWCTL_TOKEN = options.controlPlaneToken;
  // Inherited by every descendant, also one that calls setsid and outlives its parent.
  if (options.runMark !== undefined) env[options.runMark] = component.id;
  return env;
}

/** The real `SpawnFn`: execa, one process group per component. */
export const execaSpawn: SpawnFn = (request) => {
  const subprocess = execa(request.file, request.args, {
    // Never buffer: execa's default keeps output up to maxBuffer and then kills the child.
    buffer: false,
    // Failures are values: the exit is observed through the `exit` event below.
    reject: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    // Own process group (setsid): one `kill(-pgid)` reaches every process the component
    // forked, so a stop leaves no grandchildren, and Ctrl+C in the terminal reaches flowctl
    // only, which then stops components in reverse dependency order.
    detached: true,
    // execa's cleanup is a no-op for detached children; the exit guard and the reaper
    // (reaper-client.ts) cover a dying supervisor instead.
    cleanup: false,
    cwd: request.cwd,
    env: request.env,
    extendEnv: false,
    windowsHide: true,
    // We escalate ourselves, against the group (execa's only reaches the direct pid).
    forceKillAfterDelay: false,
  });
  // The execa promise settles only once every pipe holder is gone; the state machine uses the
  // `exit` event for the exit and the pipes' own `end` for the output. Never let it reject.
  subprocess.catch(() => undefined);
  const spawned = new Promise<{ok: true; pid: number} | {ok: false; message: string}>((resolveSpawn) => {
    subprocess.once('spawn', () => resolveSpawn({ok: true, pid: subprocess.pid ?? -1}));
    subprocess.once('error', (error: NodeJS.ErrnoException) => resolveSpawn({ok: false, message: error.message}));
  });
  const exited = new Promise<ChildExit>((resolveExit) => {
    subprocess.once('exit', (code, signal) => resolveExit({code, signal}));
    // A process that never ran emits `error` and no `exit`.
    subprocess.once('error', () => {
      if (subprocess.pid === undefined) resolveExit({code: null, signal: null});
    });
  });
  return {pid: subprocess.pid, stdout: subprocess.stdout, stderr: subprocess.stderr, spawned, exited};
};

/** The real `KillFn`: `kill(-pgid)` reaches every member of the group synchronously. */
export const killProcessGroup: KillFn = (pgid, signal) => {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    // ESRCH: every member already exited. EPERM would mean the pgid was reused by
    // someone else's process; never retry against it.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH' && (error as NodeJS.ErrnoException).code !== 'EPERM') {
      throw error;
    }
  }
};
