/**
 * `--tls-ca FILE` on the client commands (logs, status, down, restart, stop, start, attach):
 * the CA to trust for a TLS control plane, over `FLOWCTL_TLS_CA`. Real TLS gRPC on 127.0.0.1
 * with a self-signed certificate (openssl) whose path in the state file no longer exists, so
 * only the flag can make the connection; a missing, empty or non-PEM file is a usage error.
 */
import {copyFileSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, expect, it} from 'vitest';
import {attachCommand, runAttach} from '../../src/cli/attach.js';
import type {CliIo} from '../../src/cli/cli-io.js';
import {componentCommand, downCommand, runComponentAction, runDown} from '../../src/cli/lifecycle.js';
import {logsCommand, runLogs} from '../../src/cli/logs.js';
import {runStatus, statusCommand} from '../../src/cli/status.js';
import {writeStateFile, type StateFileHandle} from '../../src/control/state-file.js';
import {line, startHarness, waitFor, type Harness} from '../control/helpers.js';
import {selfSignedCert} from '../control/tls-fixture.js';

let dir = '';
let harness: Harness | undefined;
let stateFile: StateFileHandle | undefined;
afterEach(async () => {
  stateFile?.remove();
  await harness?.server.close();
  harness = stateFile = undefined;
  if (dir !== '') rmSync(dir, {recursive: true, force: true});
  dir = '';
});

function io(): CliIo & {out: () => string; errors: string[]} {
  const stdout = Object.assign(new PassThrough(), {isTTY: true});
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const errors: string[] = [];
  return {
    stdout,
    error: (message) => void errors.push(message),
    // A CA in the environment that cannot be read: the flag must win over it.
    env: {FLOWCTL_TLS_CA: path.join(dir, 'env-ca-missing.pem')},
    cwd: dir,
    stateDir: path.join(dir, 'state'),
    onInterrupt: () => () => undefined,
    out: () => out,
    errors,
  };
}

/** A TLS pipeline whose state file names a certificate that has since moved away. */
async function tlsPipeline(): Promise<{ca: string}> {
  dir = mkdtempSync(path.join(tmpdir(), 'flowctl-tls-ca-'));
  const {cert, key} = selfSignedCert(dir, 'server', {ip: '127.0.0.1'});
  const ca = path.join(dir, 'ca.pem');
  copyFileSync(cert, ca);
  const h = await startHarness({tls: {cert, key}});
  harness = h;
  const written = writeStateFile(
    {
      name: 'test-pipeline', file: h.pipeline.file, pid: process.pid, address: h.server.address, port: h.server.port, token: h.server.token,
      tls: true, tlsCert: path.join(dir, 'moved-away.pem'), logDir: h.pipeline.logging.dir, storePath: '', runId: h.hub.runId, startedAt: Date.now(),
      components: h.pipeline.components.map((c) => c.id),
    },
    path.join(dir, 'state'),
  );
  if (!written.ok) throw new Error(written.error);
  stateFile = written.value;
  return {ca};
}

it('tls-ca-flag: logs, status, restart, stop, start and down trust the CA of --tls-ca, over FLOWCTL_TLS_CA', async () => {
  const {ca} = await tlsPipeline();
  const h = harness!;
  h.hub.publish([line('source-a', 'over tls')]);

  const without = io();
  expect(await runStatus(undefined, {}, without)).toBe(2);
  expect(without.errors.join('\n')).toContain(`--tls-ca / FLOWCTL_TLS_CA: cannot read ${path.join(dir, 'env-ca-missing.pem')}: ENOENT`);

  const status = io();
  expect(await runStatus(undefined, {tlsCa: ca}, status)).toBe(0);
  expect(status.errors).toEqual([]);
  expect(status.out()).toContain('source-a');

  const logs = io();
  expect(await runLogs([], {tlsCa: ca, raw: true, logPrefix: false}, logs)).toBe(0);
  expect(logs.errors).toEqual([]);
  await waitFor(() => logs.out().includes('over tls'), 'the logs printed');

  for (const action of ['restart', 'stop', 'start'] as const) {
    const cli = io();
    expect(await runComponentAction(action, ['proc-b'], {tlsCa: ca}, cli), action).toBe(0);
    expect(cli.errors).toEqual([]);
  }
  expect(h.control.calls).toEqual(['restart proc-b', 'stop proc-b', 'start proc-b']);

  const down = io();
  const stopping = runDown(undefined, {tlsCa: ca, timeout: '30'}, down);
  // The pipeline is gone once its state file is (flowctl up removes it on exit).
  await waitFor(() => h.control.shutdownCalls > 0, 'the stop request');
  stateFile?.remove();
  expect(await stopping).toBe(0);
  expect(down.errors).toEqual([]);
});

it('tls-ca-bad-file: a missing, empty or non-PEM --tls-ca is a usage error (exit 2) on every client command, before anything is contacted', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowctl-tls-ca-'));
  const missing = path.join(dir, 'missing.pem');
  const notPem = path.join(dir, 'not.pem');
  writeFileSync(notPem, 'just text\n');
  const cases: [string, string][] = [
    [missing, `--tls-ca: cannot read ${missing}: ENOENT (give a PEM certificate file)`],
    ['', '--tls-ca: give the PEM file of the CA to trust (e.g. --tls-ca ca.pem)'],
    [notPem, `--tls-ca: ${notPem} holds no PEM certificate (no -----BEGIN CERTIFICATE----- line): give the CA certificate in PEM form`],
  ];
  const commands = [
    ['logs', (cli: CliIo) => logsCommand(() => cli), []],
    ['status', (cli: CliIo) => statusCommand(() => cli), []],
    ['down', (cli: CliIo) => downCommand(() => cli), []],
    ['restart', (cli: CliIo) => componentCommand('restart', () => cli), ['proc-b']],
    ['stop', (cli: CliIo) => componentCommand('stop', () => cli), ['proc-b']],
    ['start', (cli: CliIo) => componentCommand('start', () => cli), ['proc-b']],
  ] as const;
  try {
    for (const [file, message] of cases) {
      for (const [name, make, args] of commands) {
        const cli = io();
        process.exitCode = undefined;
        await make(cli).parseAsync([...args, '--tls-ca', file], {from: 'user'});
        expect(process.exitCode, `${name} --tls-ca '${file}'`).toBe(2);
        // Checked first: nothing runs here, yet the flag is what is reported.
        expect(cli.errors, name).toEqual([`flowctl ${name}: ${message}`]);
      }
      // attach opens a terminal UI: the command line parses the flag, the check runs in runAttach.
      expect(attachCommand().options.map((o) => o.long)).toContain('--tls-ca');
      const cli = io();
      expect(await runAttach(undefined, {tlsCa: file}, cli, {isTTY: true})).toBe(2);
      expect(cli.errors).toEqual([`flowctl attach: ${message}`]);
    }
  } finally {
    process.exitCode = undefined;
  }
});
