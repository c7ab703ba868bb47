import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {Client, FlowctlError} from '../../src/index.js';
import {writeStateFile, type StateFileHandle} from '../../src/control/state-file.js';
import {line, startHarness, waitFor, type Harness} from '../control/helpers.js';
import {selfSignedCert} from '../control/tls-fixture.js';

let dir: string;
let harness: Harness | undefined;
let state: StateFileHandle | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowctl-sdk-'));
});
afterEach(async () => {
  state?.remove();
  state = undefined;
  await harness?.server.close();
  harness = undefined;
  rmSync(dir, {recursive: true, force: true});
});

/** `recordedAddress`: what the state file says the server is bound to (default: where it is). */
async function running(token?: string, tls?: {cert: string; key: string}, recordedAddress?: (port: number) => string): Promise<Harness> {
  const h = await startHarness({...(token === undefined ? {} : {token}), ...(tls === undefined ? {} : {tls})});
  const written = writeStateFile(
    {
      name: h.pipeline.name, file: h.pipeline.file, pid: process.pid, address: recordedAddress?.(h.server.port) ?? h.server.address, port: h.server.port, token: h.server.token, tls: h.server.tls, tlsCert: h.server.tlsCert,
      logDir: '', storePath: '', runId: h.hub.runId, startedAt: Date.now(), components: h.pipeline.components.map((c) => c.id),
    },
    join(dir, 'flowctl'),
  );
  if (!written.ok) throw new Error(written.error);
  state = written.value;
  harness = h;
  return h;
}

describe('Client', () => {
  it('getPipeline(name).streamLogs({follow, components}) yields history then live entries', async () => {
    const h = await running('sdk-token');
    h.hub.publish([line('proc-b', 'old b'), line('source-a', 'old a')]);
    const pipeline = new Client({stateDir: join(dir, 'flowctl')}).getPipeline('test-pipeline');
    const seen: string[] = [];
    const controller = new AbortController();
    const reading = (async () => {
      for await (const entry of pipeline.streamLogs({follow: true, components: ['proc-b'], signal: controller.signal})) {
        seen.push(entry.message);
        if (seen.length === 1) h.hub.publish([line('source-a', 'new a'), line('proc-b', 'new b')]);
        if (seen.length === 2) controller.abort();
      }
    })();
    await reading;
    expect(seen).toEqual(['old b', 'new b']);
    pipeline.close();
  });

  it('getLogs, status, restart/stop/start, down', async () => {
    const h = await running();
    h.hub.publish([line('proc-b', 'a', {level: 'error'}), line('proc-b', 'b'), line('source-a', 'c', {level: 'error'})]);
    const client = new Client({stateDir: join(dir, 'flowctl')});
    expect(client.pipelines().map((p) => p.name)).toEqual(['test-pipeline']);
    const pipeline = client.getPipeline();
    expect((await pipeline.getLogs({levels: ['error']})).map((e) => e.message)).toEqual(['a', 'c']);
    expect((await pipeline.getLogs({tail: 1})).map((e) => e.message)).toEqual(['c']);
    h.server.registry.heartbeat('proc-b', {metrics: {ledgers: '9'}});
    const status = await pipeline.status();
    expect(status).toMatchObject({name: 'test-pipeline', runId: 'run-test-1', pid: process.pid});
    expect(status.components.find((c) => c.id === 'proc-b')).toMatchObject({state: 'running', pid: 4242, exitCode: undefined, heartbeat: {metrics: {ledgers: '9'}}});
    await pipeline.restart('proc-b');
    await pipeline.stop('proc-b');
    await expect(pipeline.stop('proc-b')).rejects.toMatchObject({code: 'refused', message: 'proc-b is already stopped'});
    await pipeline.start('proc-b');
    await expect(pipeline.restart('ghost')).rejects.toMatchObject({code: 'not-found'});
    await pipeline.down();
    await waitFor(() => h.control.shutdownCalls === 1, 'shutdown');
    pipeline.close();
  });

  it('throws FlowctlError with a code: bad filter (before sending), not running, ambiguous, unreachable', async () => {
    const client = new Client({stateDir: join(dir, 'flowctl')});
    expect(() => client.getPipeline('x').streamLogs({since: 'yesterday-ish'})).toThrow(FlowctlError);
    let caught: unknown;
    try {
      client.getPipeline('x').streamLogs({grep: ['(']});
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({code: 'bad-filter', term: 'include'});
    await expect(client.getPipeline('nothing').status()).rejects.toMatchObject({code: 'not-running', message: 'pipeline "nothing" is not running (running: none)'});
    await expect(client.getPipeline().getLogs()).rejects.toMatchObject({code: 'not-running'});
    const h = await running();
    const address = h.server.address;
    await h.server.close();
    harness = undefined;
    await expect(new Client({address}).getPipeline().status()).rejects.toMatchObject({code: 'unreachable'});
  });

  it('sdk-filter-types: grep/exclude/components/levels take a string or an array; a wrong type is a bad-filter FlowctlError naming the option', async () => {
    const h = await running();
    h.hub.publish([line('proc-b', 'zq one'), line('proc-b', 'line 12'), line('source-a', 'line 13', {level: 'warn'}), line('proc-b', 'line 1x')]);
    const pipeline = new Client({stateDir: join(dir, 'flowctl')}).getPipeline('test-pipeline');
    try {
      // Was "Request message serialization failure: include: array expected".
      expect((await pipeline.getLogs({grep: 'zq'})).map((e) => e.message)).toEqual(['zq one']);
      // Was invalid regex "\\": the string iterated per character.
      expect((await pipeline.getLogs({grep: 'line 1\\d$'})).map((e) => e.message)).toEqual(['line 12', 'line 13']);
      expect((await pipeline.getLogs({exclude: 'line', components: 'proc-b'})).map((e) => e.message)).toEqual(['zq one']);
      expect((await pipeline.getLogs({levels: 'warn'})).map((e) => e.message)).toEqual(['line 13']);
      const wrong = (options: object) => {
        try {
          void pipeline.streamLogs(options as never);
        } catch (error) {
          return error instanceof FlowctlError ? [error.code, error.term, error.message] : error;
        }
        return 'accepted';
      };
      expect(wrong({grep: 42})).toEqual(['bad-filter', 'grep', 'grep: expected a string or an array of strings, got number']);
      expect(wrong({components: ['a', 1]})).toEqual(['bad-filter', 'components', 'components: expected a string or an array of strings, got an array holding string, number']);
      expect(wrong({fields: {a: 1}})).toEqual(['bad-filter', 'fields', "fields: expected an object of strings ({request_id: '42'}), got object"]);
      expect(wrong({tail: '5'})).toEqual(['bad-filter', 'tail', 'tail: expected a number of entries, got string']);
    } finally {
      pipeline.close();
    }
  });

  it('sdk-unknown-component: getLogs({components: ["nosuch"]}) is a bad-filter FlowctlError, as `flowctl logs -c nosuch` exits 2 (was [] silently)', async () => {
    await running();
    const pipeline = new Client({stateDir: join(dir, 'flowctl')}).getPipeline('test-pipeline');
    try {
      await expect(pipeline.getLogs({components: ['nosuch', 'proc-b']})).rejects.toMatchObject({
        code: 'bad-filter',
        term: 'components',
        message: 'components: no component "nosuch" in pipeline "test-pipeline", which has source-a, proc-b',
      });
    } finally {
      pipeline.close();
    }
  });

  it('example-epipe: follow-logs.mjs | head ends quietly when the reader goes away (was an unhandled EPIPE with a stack)', async () => {
    const h = await running();
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const child = execa(process.execPath, ['examples/sdk/follow-logs.mjs', 'test-pipeline', 'proc-b'], {cwd: root, env: {...process.env, XDG_STATE_HOME: dir}, reject: false, timeout: 60_000});
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    await waitFor(() => out.includes('following'), 'example following');
    // As `| head` does: read what it wants, then close the pipe; the pipeline goes on printing.
    child.stdout!.destroy();
    let n = 0;
    const printing = setInterval(() => h.hub.publish([line('proc-b', `after head ${n++}`)]), 5);
    try {
      const result = await child;
      expect([result.exitCode, result.stderr]).toEqual([0, '']);
    } finally {
      clearInterval(printing);
    }
  });

  it('an explicit address and token reach a control plane without state files', async () => {
    const h = await startHarness({token: 't'});
    harness = h;
    // From this machine the token is not needed (the pipeline's own components send none); it is still accepted.
    expect((await new Client({address: h.server.address}).getPipeline().status()).name).toBe('test-pipeline');
    const status = await new Client({address: h.server.address, token: 't'}).getPipeline().status();
    expect(status.components.map((c) => c.id)).toEqual(['source-a', 'proc-b']);
  });

  it('the example in examples/sdk runs against a real pipeline (import from "flowctl", built dist)', async () => {
    const h = await running();
    h.hub.publish([line('proc-b', 'hello from proc-b')]);
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const child = execa(process.execPath, ['examples/sdk/follow-logs.mjs', 'test-pipeline', 'proc-b'], {
      cwd: root,
      env: {...process.env, XDG_STATE_HOME: dir},
      reject: false,
      timeout: 60_000,
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    await waitFor(() => out.includes('following'), 'example following');
    h.hub.publish([line('proc-b', 'live line')]);
    await waitFor(() => out.includes('live line'), 'live line');
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(out).toContain('pipeline test-pipeline (run run-test-1):');
    expect(out).toContain('[proc-b] info hello from proc-b');
    expect(out).toMatch(/\[proc-b\] \d\d:\d\d:\d\d\.\d{3} INFO live line/);
  });
});

describe('Client over TLS', () => {
  it('tls-self-signed-from-state-file: a pipeline found through its state file is dialled with the certificate it names', async () => {
    const h = await running(undefined, selfSignedCert(dir, 'server'));
    h.hub.publish([line('proc-b', 'secret line')]);
    const pipeline = new Client({stateDir: join(dir, 'flowctl')}).getPipeline('test-pipeline');
    expect((await pipeline.getLogs()).map((e) => e.message)).toEqual(['secret line']);
    pipeline.close();
  });

  it('sdk-dials-any-address: a pipeline bound to 0.0.0.0 (as its state file says) is dialled on 127.0.0.1, so a certificate for 127.0.0.1 checks out', async () => {
    const files = selfSignedCert(dir, 'server', {ip: '127.0.0.1'});
    // The test server listens on 127.0.0.1 only; the state file says what `up --control-plane-address 0.0.0.0` records.
    await running('any-token', files, (port) => `0.0.0.0:${port}`);
    const client = new Client({stateDir: join(dir, 'flowctl'), tls: {ca: files.cert}});
    expect(client.pipelines().map((p) => p.address)).toEqual([expect.stringMatching(/^0\.0\.0\.0:\d+$/)]);
    const pipeline = client.getPipeline('test-pipeline');
    expect((await pipeline.status()).name).toBe('test-pipeline');
    pipeline.close();
  });

  it('tls-ca: an explicit address takes tls {ca} (file or PEM) or true; a bad ca is a FlowctlError', async () => {
    const files = selfSignedCert(dir, 'server', {ip: '127.0.0.1'});
    const h = await running(undefined, files);
    const byFile = new Client({address: h.server.address, tls: {ca: files.cert}}).getPipeline();
    expect((await byFile.status()).name).toBe('test-pipeline');
    byFile.close();
    const byPem = new Client({address: h.server.address, tls: {ca: readFileSync(files.cert)}}).getPipeline();
    expect((await byPem.status()).name).toBe('test-pipeline');
    byPem.close();
    const systemRoots = new Client({address: h.server.address, tls: true}).getPipeline();
    await expect(systemRoots.status()).rejects.toMatchObject({code: 'unreachable', message: expect.stringMatching(/self-signed certificate/)});
    systemRoots.close();
    const bad = new Client({address: h.server.address, tls: {ca: join(dir, 'missing.pem')}}).getPipeline();
    await expect(bad.status()).rejects.toMatchObject({code: 'failed', message: expect.stringMatching(/^tls\.ca: cannot read .*missing\.pem: ENOENT/)});
  });
});

