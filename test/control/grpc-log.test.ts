/** grpc-js's own log lines go through flowctl's reporting, minus what flowctl already says. */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import * as grpc from '@grpc/grpc-js';
import {isNewsFromGrpc} from '../../src/control/grpc-log.js';
import {loadControlPlane} from '../../src/control/proto.js';
import {CLI} from '../support/cli.js';
import {startHarness, type Harness} from './helpers.js';

let dir: string;
let blocker: Server | undefined;
let harness: Harness | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowctl-grpc-log-'));
});
afterEach(async () => {
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
  await harness?.server.close();
  harness = undefined;
  rmSync(dir, {recursive: true, force: true});
});

describe('grpc-js log', () => {
  it('drops the bind failure flowctl reports itself, keeps the rest', () => {
    expect(isNewsFromGrpc('No address added out of total 1 resolved')).toBe(false);
    expect(isNewsFromGrpc('Failed to set secure context with error bad key')).toBe(true);
  });

  it('port-fallback-no-stray-grpc-error: a real grpc-js error is not hidden: it becomes a control-plane notice', async () => {
    harness = await startHarness();
    // An invalid channel option makes grpc-js log an error when the call starts.
    const {ControlPlaneClient} = loadControlPlane();
    const bad = new ControlPlaneClient(harness.server.address, grpc.credentials.createInsecure(), {'grpc.default_compression_algorithm': 99 as grpc.compressionAlgorithms});
    await new Promise<void>((resolve) => {
      (bad as unknown as {GetPipelineStatus(r: object, cb: () => void): void}).GetPipelineStatus({}, () => resolve());
    });
    bad.close();
    expect(harness.notices).toContainEqual(expect.stringMatching(/^control plane: gRPC: Invalid value provided for grpc\.default_compression_algorithm option: 99/));
  });

  it('port-fallback-no-stray-grpc-error: `up` with a taken port prints only its own notice, nothing from grpc-js on stderr', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as {port: number}).port;
    const file = path.join(dir, 'pipeline.yaml');
    writeFileSync(file, `apiVersion: flowctl/v1\nkind: Pipeline\nmetadata: {name: port-taken}\nspec:\n  sources:\n    - id: src\n      command: [node, -e, "console.log('hi')"]\n`);
    const result = await execa(process.execPath, [CLI, 'up', '--no-tui', '--control-plane-port', String(taken), file], {
      cwd: dir,
      env: {...process.env, XDG_STATE_HOME: path.join(dir, 'state'), NO_COLOR: '1'},
      reject: false,
      timeout: 60_000,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`control plane: port ${taken} is in use; listening on 127\\.0\\.0\\.1:\\d+ instead`));
    expect(result.stderr).toBe('');
  });
});
