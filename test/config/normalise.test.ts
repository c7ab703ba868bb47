/** What the rest of flowctl gets: resolved values, defaults, both spellings equal. */
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadPipelineFile, type ResolvedPipeline} from '../../src/config/index.js';

const GOOD = path.resolve(import.meta.dirname, '../../fixtures/pipelines/good');
const ENV = {FLOWCTL_TEST_PORT: '9123', FLOWCTL_TEST_EMPTY: '', HOME: '/home/test'};

function load(name: string, env: Record<string, string | undefined> = ENV): ResolvedPipeline {
  const result = loadPipelineFile(path.join(GOOD, name), {env});
  if (!result.ok) return expect.fail(JSON.stringify(result.error, null, 2));
  return result.value.pipeline;
}

describe('normalisation', () => {
  it('the v1 and the compact spelling of one pipeline resolve deep-equal', () => {
    const compact = load('compact.yaml');
    const v1 = load('v1-equivalent.yaml');
    expect({...v1, file: ''}).toEqual({...compact, file: ''});
    expect(v1.components.map((c) => [c.id, c.kind])).toEqual([
      ['source', 'source'],
      ['ttp-processor', 'processor'],
      ['sink', 'sink'],
    ]);
  });

  it('applies the documented defaults', () => {
    const pipeline = load('design-doc.yaml');
    expect(pipeline.logging).toEqual({
      enabled: true,
      bufferSize: 10_000,
      bufferBytes: 64 * 1024 * 1024,
      retentionMs: 24 * 3_600_000,
      store: 'sqlite',
      dir: path.join(GOOD, 'logs'),
      rotation: {maxBytes: 10 * 1024 * 1024, maxFiles: 5},
      maxLineBytes: 1024 * 1024,
      rateLimit: undefined,
      export: {format: 'json', destination: 's3://my-bucket/logs/'},
    });
    const [component] = pipeline.components;
    expect(component).toEqual({
      id: 'ttp-processor',
      kind: 'processor',
      type: undefined,
      image: undefined,
      remote: false,
      command: ['node', '-e', "console.log('processing')"],
      workingDir: GOOD,
      env: {},
      inputs: [],
      dependsOn: [],
      healthCheck: undefined,
      healthPort: undefined,
      defaultHealthPort: 18081,
      ports: [],
      restart: {policy: 'no', maxRestarts: undefined, backoff: {initialMs: 1000, maxMs: 30_000, multiplier: 2, resetAfterMs: 60_000}},
      stopSignal: 'SIGTERM',
      stopGracePeriodMs: 10_000,
      logging: {level: 'debug', format: 'json', multiline: {enabled: true, windowMs: 100}},
      replicas: undefined,
      inputEventTypes: [],
      outputEventTypes: [],
      volumes: [],
      secrets: [],
      resources: undefined,
      config: {},
    });
    expect(pipeline.startOrder).toEqual(['ttp-processor']);
  });

  it('resolves every field of the v1 form', () => {
    const pipeline = load('v1-full.yaml');
    expect(pipeline).toMatchObject({name: 'full', namespace: 'obsrvr', description: 'every field', driver: 'process', labels: {team: 'data'}, annotations: {owner: 'alice'}, config: {region: 'eu'}});
    expect(pipeline.logging).toEqual({
      enabled: true,
      bufferSize: 5000,
      bufferBytes: 32 * 1024 * 1024,
      retentionMs: 12 * 3_600_000,
      store: 'sqlite',
      dir: path.join(GOOD, 'var/logs'),
      rotation: {maxBytes: 10_000_000, maxFiles: 3},
      maxLineBytes: 512 * 1024,
      rateLimit: {linesPerSecond: 5000, burst: 10_000},
      export: {format: 'ndjson', destination: 's3://bucket/logs/'},
    });
    const byId = Object.fromEntries(pipeline.components.map((c) => [c.id, c]));
    expect(byId.source).toMatchObject({
      kind: 'source',
      type: 'stellar-live-source',
      image: 'docker.io/withobsrvr/stellar-live-source:latest',
      command: ['node', '-e', "setInterval(() => console.log('tick'), 1000)", '--network', 'testnet', '3'],
      // config keys UPPER_CASED, then env on top; non-strings as text.
      env: {NETWORK_PASSPHRASE: 'Test SDF Network ; September 2015', START_LEDGER: '2187805', PORT: ':50052', LOG_LEVEL: 'info', DEBUG: 'false', WORKERS: '4'},
      healthCheck: {kind: 'http', url: 'http://127.0.0.1:8081/health', intervalMs: 5000, timeoutMs: 2000, retries: 3, startPeriodMs: 0},
      healthPort: 8081,
      ports: [{name: 'grpc', containerPort: 50052, hostPort: 50052, protocol: 'TCP'}],
      restart: {policy: 'on-failure', maxRestarts: 5},
      stopSignal: 'SIGINT',
      stopGracePeriodMs: 90_000,
      logging: {level: 'debug', format: 'zap-json', multiline: {enabled: true, windowMs: 250}},
      replicas: 2,
      outputEventTypes: ['ledger'],
      resources: {requests: {cpu: '100m', memory: '64Mi'}, limits: {cpu: 1, memory: '128Mi'}},
    });
    expect(byId.processor).toMatchObject({
      command: ['/bin/sh', '-c', 'node -e "process.stdin.pipe(process.stdout)"'],
      workingDir: GOOD,
      dependsOn: [{id: 'source', condition: 'healthy'}],
      healthCheck: {kind: 'tcp', host: '127.0.0.1', port: 50051, intervalMs: 1000, timeoutMs: 500, retries: 5, startPeriodMs: 2000},
      restart: {policy: 'always', maxRestarts: 10, backoff: {initialMs: 500, maxMs: 60_000, multiplier: 1.5, resetAfterMs: 300_000}},
      logging: {level: undefined, format: 'json', multiline: {enabled: false, windowMs: 100}},
      inputEventTypes: ['ledger'],
    });
    expect(byId.sink).toMatchObject({
      dependsOn: [{id: 'processor', condition: 'started'}, {id: 'source', condition: 'started'}],
      healthCheck: {kind: 'log', pattern: 'listening on \\d+'},
      stopGracePeriodMs: 3000,
    });
    expect(byId.batch).toMatchObject({kind: 'pipeline', healthCheck: {kind: 'exec', command: ['/bin/sh', '-c', 'true']}});
    expect(pipeline.startOrder).toEqual(['source', 'processor', 'sink', 'batch']);
  });

  it('start order puts dependencies first and otherwise keeps declaration order', () => {
    const pipeline = load('compact.yaml');
    expect(pipeline.startOrder).toEqual(['source', 'ttp-processor', 'sink']);
  });

  it('legacy health_endpoint becomes the http check, with the docker host replaced by 127.0.0.1', () => {
    const pipeline = load('flowctl-contract-events-with-commands.yaml');
    expect(pipeline.components[0]?.healthCheck).toMatchObject({kind: 'http', url: 'http://127.0.0.1:8081/health'});
    expect(pipeline.components[0]?.command).toEqual(['stellar-live-source']);
    expect(pipeline.description).toBe('Real-time Stellar testnet contract events processing to PostgreSQL');
  });

  it('health-endpoint-path-loads: `health_endpoint: /health` with health_port 8089 is an http check; spec.consumers is not run', () => {
    const pipeline = load('legacy-health-endpoint-path.yaml');
    expect(pipeline.components.map((c) => [c.id, c.healthCheck?.kind === 'http' ? c.healthCheck.url : undefined])).toEqual([
      ['source', 'http://127.0.0.1:8089/health'],
      ['sink', undefined],
      ['other', undefined],
    ]);
  });

  it('metadata.description is kept when spec has none; camelCase event types are read', () => {
    const pipeline = load('flowctl-testnet-duckdb-with-commands.yaml');
    expect(pipeline.description).toBe('Process stellar contract events on testnet');
    expect(pipeline.components.map((c) => c.type)).toEqual(['stellar-live-source@v1.0.0', 'contract-events-processor@v1.0.0', 'duckdb-consumer@v1.0.0']);
  });
});

describe('interpolation', () => {
  it('reads the environment, then env_file; $${ is a literal ${; unquoted numbers stay numbers', () => {
    const pipeline = load('interpolation.yaml', {...ENV, FLOWCTL_TEST_SUFFIX: 'x'});
    expect(pipeline.name).toBe('interpolated-x');
    const [api] = pipeline.components;
    expect(api?.healthPort).toBe(9123);
    expect(api?.command).toEqual(['sh', '-c', 'echo ${HOME} db.internal:5432']);
    expect(api?.env).toEqual({
      DB_HOST: 'db.internal',
      DB_PORT: '5432',
      GREETING: 'hello "world"',
      LITERAL: '${NOT_EXPANDED}',
      QUOTED_PORT: '9123',
      EMPTY_DEFAULT: 'fallback',
      UNSET_ONLY: '',
    });
  });

  it('the environment wins over env_file, and defaults apply when unset', () => {
    const pipeline = load('interpolation.yaml', {...ENV, DB_HOST: 'from-env', FLOWCTL_TEST_EMPTY: undefined});
    const [api] = pipeline.components;
    expect(pipeline.name).toBe('interpolated-default');
    expect(api?.command).toEqual(['sh', '-c', 'echo ${HOME} from-env:5432']);
    expect(api?.env.UNSET_ONLY).toBe('kept-empty');
    // env_file values go into the env as written; the environment only feeds ${VAR}.
    expect(api?.env.DB_HOST).toBe('db.internal');
  });
});

describe('YAML anchors', () => {
  it('merge keys (<<: *defaults) from an x- key apply to each component', () => {
    const pipeline = load('anchors.yaml');
    for (const component of pipeline.components) {
      expect(component.restart).toMatchObject({policy: 'on-failure', maxRestarts: 3});
      expect(component.stopGracePeriodMs).toBe(2000);
      expect(component.env).toEqual({LOG_LEVEL: 'info'});
    }
  });
});
