/**
 * The programmatic client (the design doc's "Programmatic access"):
 *
 *     import {Client} from 'flowctl';
 *     const pipeline = new Client().getPipeline('my-pipeline');
 *     for await (const entry of pipeline.streamLogs({follow: true, components: ['ttp-processor']})) {
 *       console.log(`[${entry.componentId}] ${entry.message}`);
 *     }
 *
 * Running pipelines are found through their state files (what `flowctl up` writes), or an
 * explicit `address` (+ `token`) reaches a control plane directly.
 */
import {scanStateFiles, stateDir as defaultStateDir} from '../control/state-file.js';
import {readPem} from '../control/pem.js';
import {tlsForState, type TlsSetting} from '../control/tls-dial.js';
import {ok, type Result} from '../util/result.js';
import {dialAddress} from '../control/target.js';
import {FlowctlError} from './errors.js';
import {Pipeline, type Locate} from './pipeline.js';
import type {RunningPipeline} from './types.js';

export interface ClientOptions {
  /** `host:port` of a control plane; skips the state-file lookup. */
  address?: string;
  /** Token for `address` (state files carry their own). */
  token?: string;
  /**
   * TLS. A pipeline found through its state file is dialled as it serves (with TLS when
   * started with `--tls-cert`, trusting that certificate); `ca` replaces that trust.
   * With `address`: `true` dials TLS trusting the system roots, `{ca}` trusting `ca`
   * (a PEM file path, or the PEM itself as a Buffer or a string starting -----BEGIN).
   */
  tls?: {ca?: string | Buffer} | boolean;
  /** Where running pipelines are listed (default `$XDG_STATE_HOME/flowctl` or `~/.local/state/flowctl`). */
  stateDir?: string;
}

export class Client {
  readonly #options: ClientOptions;
  readonly #stateDir: string;

  constructor(options: ClientOptions = {}) {
    this.#options = options;
    this.#stateDir = options.stateDir ?? defaultStateDir();
  }

  /** Pipelines running on this machine (for this user), oldest first. */
  pipelines(): RunningPipeline[] {
    return scanStateFiles(this.#stateDir).states.map(({name, file, pid, address, startedAt, components}) => ({name, file, pid, address, startedAt, components}));
  }

  /**
   * A handle on a running pipeline: by name, or the only one running when `name` is left
   * out. Never throws: the lookup happens at the first call on the handle, which throws a
   * `FlowctlError` (`not-running`, `ambiguous`) if it fails.
   */
  getPipeline(name?: string): Pipeline {
    const locate: Locate = () => {
      if (this.#options.address !== undefined) {
        return {address: this.#options.address, token: this.#options.token, tls: orThrow(this.#explicitTls()), name: name ?? ''};
      }
      const states = scanStateFiles(this.#stateDir).states;
      const matching = name === undefined ? states : states.filter((s) => s.name === name);
      const running = states.map((s) => s.name).join(', ') || 'none';
      if (matching.length === 0) {
        throw new FlowctlError('not-running', name === undefined ? 'no pipeline is running' : `pipeline "${name}" is not running (running: ${running})`);
      }
      if (matching.length > 1) {
        throw new FlowctlError('ambiguous', name === undefined ? `${matching.length} pipelines are running (${running}): name one` : `${matching.length} pipelines named "${name}" are running`);
      }
      const state = matching[0]!;
      const ca = typeof this.#options.tls === 'object' ? this.#options.tls.ca : undefined;
      return {address: dialAddress(state), token: state.token || undefined, tls: orThrow(tlsForState(state, ca ?? process.env.FLOWCTL_TLS_CA)), name: state.name};
    };
    return new Pipeline(locate, name);
  }

  #explicitTls(): Result<TlsSetting, string> {
    const tls = this.#options.tls;
    if (typeof tls !== 'object') return ok(tls === true);
    if (tls.ca === undefined) return ok(true);
    const ca = readPem(tls.ca, 'tls.ca');
    return ca.ok ? ok({ca: ca.value}) : ca;
  }
}

function orThrow(tls: Result<TlsSetting, string>): TlsSetting {
  if (!tls.ok) throw new FlowctlError('failed', tls.error);
  return tls.value;
}
