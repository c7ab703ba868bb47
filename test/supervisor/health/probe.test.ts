import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {HealthCheck} from '../../../src/config/model.js';
import {
  createHealthMonitor,
  createLogLineCheck,
  createProbe,
  systemTimers,
  type HealthTransition,
  type LogLineCheck,
} from '../../../src/supervisor/health/index.js';
import {err, ok} from '../../../src/util/result.js';

const timing = {intervalMs: 50, timeoutMs: 2000, retries: 2, startPeriodMs: 0};
const never = new AbortController().signal;

let server: Server;
let port: number;
let status = 503;

beforeAll(async () => {
  server = createServer((_request, response) => response.writeHead(status).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function logCheck(pattern: string): LogLineCheck {
  const result = createLogLineCheck(pattern);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('createProbe', () => {
  it('dispatches each kind to its probe', async () => {
    status = 200;
    const logLine = logCheck('ready');
    const probe = createProbe({logLine});
    expect(await probe({kind: 'http', url: `http://127.0.0.1:${port}/`, ...timing}, never)).toEqual(ok(undefined));
    expect(await probe({kind: 'tcp', host: '127.0.0.1', port, ...timing}, never)).toEqual(ok(undefined));
    expect(await probe({kind: 'exec', command: ['sh', '-c', 'exit 4'], ...timing}, never)).toEqual(err('exit code 4'));
    expect(await probe({kind: 'log', pattern: 'ready', ...timing}, never)).toEqual(err('no output line matched /ready/ yet'));
    logLine.observe('ready');
    expect(await probe({kind: 'log', pattern: 'ready', ...timing}, never)).toEqual(ok(undefined));
  });

  it('passes its cwd to exec checks', async () => {
    const probe = createProbe({cwd: '/'});
    expect(await probe({kind: 'exec', command: ['sh', '-c', 'test "$(pwd)" = /'], ...timing}, never)).toEqual(ok(undefined));
  });

  it('reports a log check that was never connected to the output instead of crashing', async () => {
    expect(await createProbe()({kind: 'log', pattern: 'x', ...timing}, never)).toEqual(
      err('internal: the log health check is not connected to the output'),
    );
  });
});

describe('health monitor with real probes and real timers', () => {
  it('goes unhealthy on HTTP 503 and healthy once the server answers 200', async () => {
    status = 503;
    const changes: [HealthTransition, string][] = [];
    const check: HealthCheck = {kind: 'http', url: `http://127.0.0.1:${port}/health`, ...timing};
    const monitor = createHealthMonitor({
      check,
      probe: createProbe(),
      ...systemTimers,
      onChange: (state, reason) => changes.push([state, reason]),
    });
    monitor.start();
    try {
      await waitFor(() => changes.length === 1, 'unhealthy');
      expect(changes).toEqual([['unhealthy', 'HTTP 503']]);
      status = 200;
      await waitFor(() => changes.length === 2, 'healthy');
      expect(changes[1]).toEqual(['healthy', 'health check passed']);
    } finally {
      monitor.stop();
    }
  });

  it('a log-line match plus probeNow() makes it healthy without waiting for the interval', async () => {
    const logLine = logCheck('listening at');
    const changes: HealthTransition[] = [];
    const check: HealthCheck = {kind: 'log', pattern: 'listening at', ...timing, intervalMs: 60_000, startPeriodMs: 60_000};
    const monitor = createHealthMonitor({
      check,
      probe: createProbe({logLine}),
      ...systemTimers,
      onChange: (state) => changes.push(state),
    });
    logLine.onMatch(() => monitor.probeNow());
    monitor.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(changes).toEqual([]); // failed once, inside the start period: not counted
      logLine.observe('\u001b[36mINFO\u001b[0m server listening at :50052');
      await waitFor(() => changes.length === 1, 'healthy');
      expect(changes).toEqual(['healthy']);
    } finally {
      monitor.stop();
    }
  });
});
