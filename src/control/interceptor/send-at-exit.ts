/**
 * The last entries of a component that is exiting (`process.exit()`, an uncaught
 * exception): `process.on('exit')` handlers must be synchronous, so the asynchronous gRPC
 * push cannot run there. They are handed, on stdin, to a small Node process that sends
 * them (exit-sender.ts), and this process waits for it with spawnSync.
 *
 * Why a child process and not a worker thread blocked on with Atomics.wait: the child has
 * its own event loop that nothing in the dying process can disturb, its time limit is
 * enforced by the kernel (SIGKILL on timeout), and it costs nothing while the app runs — a
 * worker would hold a second V8 heap for the app's whole life, inherit its `--import`
 * preloads, and share its fate if the process is torn down mid-send.
 */
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import type {WireLogEntry} from '../wire-types.js';
import type {TlsSetting} from '../tls-dial.js';
import type {SendOutcome} from './batcher.js';
import type {ExitSendRequest} from './exit-sender.js';
import type {PushTarget} from './push-transport.js';

const SENDER = fileURLToPath(new URL('./exit-sender.js', import.meta.url));

/** Sends `entries` before this process exits, waiting at most `budgetMs` (start-up of the sender included). */
export function sendAtExit(entries: Partial<WireLogEntry>[], target: PushTarget, budgetMs: number): SendOutcome {
  const started = Date.now();
  const request: ExitSendRequest = {
    target: {endpoint: target.endpoint, token: target.token, tls: tlsAsText(target.tls)},
    entries,
    deadline: started + budgetMs,
  };
  // NODE_OPTIONS may preload flowctl/register (or an inspector port): the sender needs none
  // of it, and must not intercept itself.
  const env: NodeJS.ProcessEnv = {...process.env, ENABLE_FLOWCTL: 'false'};
  delete env.NODE_OPTIONS;
  const child = spawnSync(process.execPath, [SENDER], {
    input: JSON.stringify(request),
    env,
    encoding: 'utf8',
    timeout: budgetMs + 500,
    killSignal: 'SIGKILL',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.error) return {ok: false, action: 'retry', message: `exit sender: ${child.error.message}`};
  try {
    return JSON.parse(child.stdout) as SendOutcome;
  } catch {
    const why = child.signal ? `killed by ${child.signal} after ${Date.now() - started} ms` : `exit code ${child.status}: ${child.stderr.trim().split('\n')[0] ?? ''}`;
    return {ok: false, action: 'retry', message: `exit sender gave no answer (${why})`};
  }
}

function tlsAsText(tls: TlsSetting): ExitSendRequest['target']['tls'] {
  if (tls === undefined || typeof tls === 'boolean') return tls === true;
  return {...(tls.ca ? {ca: tls.ca.toString('utf8')} : {}), ...(tls.pinned ? {pinned: tls.pinned.toString('utf8')} : {})};
}
