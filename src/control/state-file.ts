/**
 * One JSON file per running pipeline in the user's state folder, so `flowctl logs`,
 * `status`, `down`, … in another terminal find the control plane (address, token) and,
 * after the pipeline stopped, its log folder and history store.
 *
 * Folder: `$XDG_STATE_HOME/flowctl`, else `~/.local/state/flowctl` (0700); files 0600
 * because they hold the token. A file whose pid is dead is stale (the pipeline was killed
 * hard): readers remove it.
 */
import {chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {err, ok, type Result} from '../util/result.js';

export interface PipelineState {
  /** Pipeline name (`metadata.name` / `pipeline.name`). */
  name: string;
  /** Absolute path of the pipeline file. */
  file: string;
  /** Pid of the `flowctl up` process. */
  pid: number;
  /** `host:port` to dial. */
  address: string;
  port: number;
  /** '' when the control plane requires none. */
  token: string;
  tls: boolean;
  /**
   * Absolute path of the certificate the control plane presents (`up --tls-cert`): clients
   * on this machine trust exactly it. '' or absent without TLS (and in older state files).
   */
  tlsCert?: string;
  logDir: string;
  /** Absolute path of the SQLite history store ('' when `logging.store: none`). */
  storePath: string;
  runId: string;
  /** Epoch ms. */
  startedAt: number;
  components: string[];
}

/** The state folder for an environment. */
export function stateDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_STATE_HOME;
  // XDG: a relative value is invalid and must be ignored.
  return xdg !== undefined && xdg.startsWith('/') ? join(xdg, 'flowctl') : join(home, '.local', 'state', 'flowctl');
}

/** Convention shared with `flowctl up`: the history store of a pipeline lives in its log folder. */
export function storePathFor(logDir: string): string {
  return join(logDir, 'history.sqlite');
}

export interface StateFileHandle {
  path: string;
  /** Removes the file (idempotent). Also done automatically when the process exits. */
  remove(): void;
}

function fileNameFor(state: Pick<PipelineState, 'name' | 'pid'>): string {
  return `${state.name.replace(/[^A-Za-z0-9._-]/g, '_')}-${state.pid}.json`;
}

/** Writes the state file atomically with mode 0600 and removes it on process exit. */
export function writeStateFile(state: PipelineState, dir: string = stateDir()): Result<StateFileHandle, string> {
  const path = join(dir, fileNameFor(state));
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, {recursive: true, mode: 0o700});
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, {mode: 0o600});
    // The mode of an existing temp file is not changed by writeFileSync: make sure.
    chmodSync(temp, 0o600);
    renameSync(temp, path);
  } catch (error) {
    return err(`cannot write the pipeline state file in ${dir}: ${(error as Error).message} (set XDG_STATE_HOME to a writable folder)`);
  }
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    try {
      unlinkSync(path);
    } catch {
      // Already gone (a reader cleaned it, or the folder was removed): nothing to do.
    }
  };
  process.on('exit', remove);
  return ok({path, remove});
}

/** Whether a process exists (EPERM: it exists but belongs to someone else). */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface StateScan {
  /** Running pipelines, oldest first. */
  states: PipelineState[];
  /** Stale files removed (dead pid). */
  cleaned: string[];
  /** Files that could not be read or parsed (left in place, reported). */
  problems: string[];
}

/** Reads every state file; removes stale ones. A missing folder means no pipeline runs. */
export function scanStateFiles(dir: string = stateDir(), isAlive: (pid: number) => boolean = isPidAlive): StateScan {
  const scan: StateScan = {states: [], cleaned: [], problems: []};
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return scan;
  }
  for (const name of names) {
    const path = join(dir, name);
    let state: PipelineState;
    try {
      state = JSON.parse(readFileSync(path, 'utf8')) as PipelineState;
      if (typeof state.name !== 'string' || typeof state.pid !== 'number' || typeof state.address !== 'string') {
        throw new Error('missing name, pid or address');
      }
    } catch (error) {
      scan.problems.push(`${path}: ${(error as Error).message}`);
      continue;
    }
    if (!isAlive(state.pid)) {
      try {
        unlinkSync(path);
        scan.cleaned.push(path);
      } catch (error) {
        scan.problems.push(`${path}: stale (pid ${state.pid} is gone) but could not be removed: ${(error as Error).message}`);
      }
      continue;
    }
    scan.states.push({...state, components: Array.isArray(state.components) ? state.components : []});
  }
  scan.states.sort((a, b) => a.startedAt - b.startedAt);
  return scan;
}
