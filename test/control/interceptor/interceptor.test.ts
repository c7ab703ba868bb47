/**
 * The explicit interceptor API (`installInterceptor` from 'flowctl') in a real Node process,
 * from dist/ built by the global setup, against a real control plane on 127.0.0.1.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {startHarness, type Harness} from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;
let harness: Harness | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-explicit-interceptor-'));
});
afterEach(async () => {
  await harness?.server.close();
  harness = undefined;
  rmSync(dir, {recursive: true, force: true});
});

/** An app that installs the interceptor itself, as the README shows, then prints 3 lines (the package's dist/index.js is what 'flowctl' resolves to). */
async function runApp(options: string, env: Record<string, string>) {
  const script = join(dir, 'app.mjs');
  writeFileSync(
    script,
    `import {installInterceptor} from ${JSON.stringify(join(ROOT, 'dist/index.js'))};
const i = installInterceptor({endpoint: process.env.FLOWCTL_ENDPOINT, componentId: process.env.FLOWCTL_COMPONENT_ID${options}});
process.stderr.write('active=' + i.active + '\\n');
for (let n = 1; n <= 3; n++) console.log('explicit line ' + n);
await i.flush();
i.uninstall();
`,
  );
  return execa(process.execPath, [script], {cwd: ROOT, env: {...process.env, FLOWCTL_CAPTURED: '', ...env}, reject: false, timeout: 60_000});
}

describe('installInterceptor', () => {
  it('explicit-interceptor-under-up-sends-nothing: with FLOWCTL_CAPTURED=1 the lines are only printed (up captures them)', async () => {
    harness = await startHarness();
    const result = await runApp('', {FLOWCTL_ENDPOINT: harness.server.address, FLOWCTL_COMPONENT_ID: 'proc-b', FLOWCTL_CAPTURED: '1'});
    expect(result.exitCode).toBe(0);
    expect(harness.ring.query(undefined)).toEqual([]);
    expect(result.stdout).toBe('explicit line 1\nexplicit line 2\nexplicit line 3');
    expect(result.stderr).toBe('active=false');
  });

  it("explicit-interceptor-under-up-sends-nothing: whenCaptured: 'send' sends anyway; not captured, it sends", async () => {
    harness = await startHarness();
    const env = {FLOWCTL_ENDPOINT: harness.server.address, FLOWCTL_COMPONENT_ID: 'proc-b'};
    const forced = await runApp(", whenCaptured: 'send'", {...env, FLOWCTL_CAPTURED: '1'});
    expect(forced.stderr).toBe('active=true');
    const plain = await runApp('', env);
    expect(plain.stderr).toBe('active=true');
    expect(harness.ring.query(undefined).map((e) => e.message)).toEqual([1, 2, 3, 1, 2, 3].map((n) => `explicit line ${n}`));
  });
});
