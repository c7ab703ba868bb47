/**
 * A TLS control plane with a self-signed certificate (`up --tls-cert --tls-key`), used from
 * another terminal on the same machine: the clients trust the certificate the state file
 * names, and Node's DEP0123 warning (an IP address as TLS server name) is not printed.
 */
import {beforeEach, describe, expect, it} from 'vitest';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {scanStateFiles} from '../../src/control/state-file.js';
import {CLI, runCli, useUpScratch, type CliRun} from '../support/cli.js';
import {waitFor} from '../control/helpers.js';
import {selfSignedCert} from '../control/tls-fixture.js';

const scratch = useUpScratch('flowctl-control-tls-');
let dir: string;
let up: CliRun;
beforeEach(() => {
  dir = scratch.dir();
});

const env = (): NodeJS.ProcessEnv => ({XDG_STATE_HOME: path.join(dir, 'state'), FLOWCTL_TLS_CA: ''});

function flowctl(args: string[]) {
  return execa(process.execPath, [CLI, ...args], {cwd: dir, env: {...process.env, ...env(), NO_COLOR: '1'}, reject: false, timeout: 60_000});
}

describe('up --tls-cert/--tls-key', () => {
  it('tls-self-signed-from-state-file: status, logs and down reach it with no warning', async () => {
    const {cert, key} = selfSignedCert(dir, 'server');
    const file = path.join(dir, 'pipeline.yaml');
    writeFileSync(
      file,
      `apiVersion: flowctl/v1\nkind: Pipeline\nmetadata: {name: tls-pipeline}\nspec:\n  sources:\n    - id: src\n      command: [node, -e, "console.log('tls line'); setInterval(() => {}, 1000)"]\n`,
    );
    up = scratch.track(runCli(['up', '--no-tui', '--control-plane-port', '0', '--tls-cert', 'server.pem', '--tls-key', key, file], {cwd: dir, env: env()}));
    const state = await waitFor(() => scanStateFiles(path.join(dir, 'state', 'flowctl')).states[0], 'state file', 30_000);
    expect(state).toMatchObject({tls: true, tlsCert: cert});
    await up.waitForOutput((out) => out.includes('tls line'));

    const status = await flowctl(['status', 'tls-pipeline']);
    expect(status.stderr).toBe('');
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/src/);

    const logs = await flowctl(['logs', 'tls-pipeline', '--no-log-prefix']);
    expect(logs.stderr).toBe('');
    expect(logs.stdout).toContain('tls line');

    const down = await flowctl(['down', 'tls-pipeline']);
    expect(down.stderr).toBe('');
    expect(down.exitCode).toBe(0);
    expect((await up.exited).code).toBe(0);
  });
});
