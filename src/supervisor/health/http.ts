/**
 * HTTP health probe: GET the URL, healthy on any 2xx. The body is read and thrown away (a
 * server must be allowed to finish its answer) but not awaited: the status line decides.
 * No connection pooling (`agent: false`): a probe must not leave keep-alive sockets behind.
 */
import {request as httpRequest, type IncomingMessage} from 'node:http';
import {request as httpsRequest} from 'node:https';
import {err, ok} from '../../util/result.js';
import type {HttpCheck, ProbeResult} from './checks.js';
import {createDeadline, describeNetworkError} from './deadline.js';

export function probeHttp(check: HttpCheck, signal: AbortSignal): Promise<ProbeResult> {
  let url: URL;
  try {
    url = new URL(check.url);
  } catch {
    return Promise.resolve(err(`invalid health check URL "${check.url}"`));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve(err(`health check URL "${check.url}" must start with http:// or https://`));
  }
  const target = url.host;
  const deadline = createDeadline(signal, check.timeoutMs);
  if (deadline.signal.aborted) {
    deadline.dispose();
    return Promise.resolve(err(deadline.reason()));
  }
  return new Promise<ProbeResult>((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {method: 'GET', agent: false, headers: {'user-agent': 'flowctl-health-check'}});
    const settle = (result: ProbeResult) => {
      deadline.dispose();
      deadline.signal.removeEventListener('abort', onAbort);
      request.destroy();
      resolve(result);
    };
    const onAbort = () => settle(err(deadline.reason()));
    deadline.signal.addEventListener('abort', onAbort, {once: true});
    request.on('response', (response: IncomingMessage) => {
      response.resume();
      response.on('error', () => {}); // destroyed by settle on purpose; nothing to report
      const status = response.statusCode ?? 0;
      settle(status >= 200 && status < 300 ? ok(undefined) : err(`HTTP ${status}`));
    });
    request.on('error', (error) => settle(err(describeNetworkError(error, target))));
    request.end();
  });
}
