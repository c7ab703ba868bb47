/** TCP health probe: healthy when a connection opens; it is closed again at once. */
import {connect} from 'node:net';
import {err, ok} from '../../util/result.js';
import type {ProbeResult, TcpCheck} from './checks.js';
import {createDeadline, describeNetworkError} from './deadline.js';

export function probeTcp(check: TcpCheck, signal: AbortSignal): Promise<ProbeResult> {
  const target = `${check.host}:${check.port}`;
  const deadline = createDeadline(signal, check.timeoutMs);
  if (deadline.signal.aborted) {
    deadline.dispose();
    return Promise.resolve(err(deadline.reason()));
  }
  return new Promise<ProbeResult>((resolve) => {
    const socket = connect({host: check.host, port: check.port});
    const settle = (result: ProbeResult) => {
      deadline.dispose();
      deadline.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => settle(err(deadline.reason()));
    deadline.signal.addEventListener('abort', onAbort, {once: true});
    socket.once('connect', () => settle(ok(undefined)));
    socket.on('error', (error) => settle(err(describeNetworkError(error, target))));
  });
}
