import {describe, expect, it} from 'vitest';
import {HEALTH_DEFAULTS, legacyEndpoint, resolveHealthCheck} from '../../src/config/health.js';
import {portClaims, portFromText} from '../../src/config/ports.js';

const ids = new Set(['source', 'sink']);

describe('resolveHealthCheck', () => {
  it('flowctl style: a path on health_port, or a URL', () => {
    expect(resolveHealthCheck({health_check: '/health', health_port: 8081}, ids)).toEqual({ok: true, check: {kind: 'http', url: 'http://127.0.0.1:8081/health', ...HEALTH_DEFAULTS}});
    expect(resolveHealthCheck({health_check: 'https://example.com/ready'}, ids)).toMatchObject({ok: true, check: {kind: 'http', url: 'https://example.com/ready'}});
    expect(resolveHealthCheck({health_check: 'example.com/ready'}, ids)).toMatchObject({ok: false, problem: {message: 'health check `example.com/ready` must be a path starting with / or an http(s):// URL'}});
  });

  it('health-check-docker-host: a component id as the host of a health_check URL or tcp address is 127.0.0.1, as for health_endpoint', () => {
    expect(resolveHealthCheck({health_check: 'http://source:8081/health'}, ids)).toMatchObject({check: {kind: 'http', url: 'http://127.0.0.1:8081/health'}});
    expect(resolveHealthCheck({health_check: {http: 'http://sink:9/x'}}, ids)).toMatchObject({check: {kind: 'http', url: 'http://127.0.0.1:9/x'}});
    expect(resolveHealthCheck({health_check: {tcp: 'source:50051'}}, ids)).toMatchObject({check: {kind: 'tcp', host: '127.0.0.1', port: 50051}});
    // Any other host is dialled as written.
    expect(resolveHealthCheck({health_check: 'http://db.internal:8081/health'}, ids)).toMatchObject({check: {url: 'http://db.internal:8081/health'}});
  });

  it('object forms: http path, tcp host:port and :port, exec list and string', () => {
    expect(resolveHealthCheck({health_check: {http: '/ok'}, health_port: 9000}, ids)).toMatchObject({check: {kind: 'http', url: 'http://127.0.0.1:9000/ok'}});
    expect(resolveHealthCheck({health_check: {tcp: 'db:5432'}}, ids)).toMatchObject({check: {kind: 'tcp', host: 'db', port: 5432}});
    expect(resolveHealthCheck({health_check: {tcp: ':5432'}}, ids)).toMatchObject({check: {kind: 'tcp', host: '127.0.0.1', port: 5432}});
    expect(resolveHealthCheck({health_check: {exec: ['pg_isready', '-q']}}, ids)).toMatchObject({check: {kind: 'exec', command: ['pg_isready', '-q']}});
    expect(resolveHealthCheck({health_check: {exec: 'test -f /tmp/ready'}}, ids)).toMatchObject({check: {kind: 'exec', command: ['/bin/sh', '-c', 'test -f /tmp/ready']}});
  });

  it('an object with no kind is a problem located on health_check', () => {
    expect(resolveHealthCheck({health_check: {interval: '1s'}}, ids)).toMatchObject({ok: false, problem: {message: '`health_check` needs one of http, tcp, exec or log', at: ['health_check']}});
  });

  it('legacy health_endpoint: docker host of a component → 127.0.0.1, other hosts kept', () => {
    expect(legacyEndpoint({health_endpoint: 'http://source:8081/health'}, ids)).toEqual({use: 'check', url: 'http://127.0.0.1:8081/health', rewrittenHost: 'source'});
    expect(resolveHealthCheck({health_endpoint: 'http://source:8081/health'}, ids)).toMatchObject({ok: true, check: {url: 'http://127.0.0.1:8081/health'}});
    expect(resolveHealthCheck({health_endpoint: 'http://metrics.internal/health'}, ids)).toMatchObject({check: {url: 'http://metrics.internal/health'}});
    // health_check wins over the legacy key.
    expect(resolveHealthCheck({health_check: {log: 'up'}, health_endpoint: 'http://source:1/x'}, ids)).toMatchObject({check: {kind: 'log', pattern: 'up'}});
    expect(legacyEndpoint({health_check: {log: 'up'}, health_endpoint: 'http://source:1/x'}, ids)).toEqual({use: 'overridden'});
  });

  it('health-endpoint-path-loads: a path is served on health_port; without one, or unusable, it is ignored (flowctl ignored the key)', () => {
    expect(resolveHealthCheck({health_endpoint: '/health', health_port: 8089}, ids)).toEqual({ok: true, check: {kind: 'http', url: 'http://127.0.0.1:8089/health', ...HEALTH_DEFAULTS}});
    expect(resolveHealthCheck({health_endpoint: '/health'}, ids)).toEqual({ok: true, check: undefined});
    expect(legacyEndpoint({health_endpoint: '/health'}, ids)).toEqual({use: 'ignored', reason: 'the path `/health` needs a `health_port` to be checked'});
    expect(resolveHealthCheck({health_endpoint: 'not a url'}, ids)).toEqual({ok: true, check: undefined});
    expect(legacyEndpoint({health_endpoint: 'ftp://source/health'}, ids)).toEqual({use: 'ignored', reason: '`ftp://source/health` is not an http(s):// URL'});
    expect(legacyEndpoint({}, ids)).toBeUndefined();
  });
});

describe('ports', () => {
  it('reads ports the way flowctl components write them', () => {
    expect([':50051', '50051', '0.0.0.0:50051', 50051].map(portFromText)).toEqual([50051, 50051, 50051, 50051]);
    expect(['', 'abc', ':0', '70000', 'localhost', undefined, true].map(portFromText)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('a component claims each port once, however many ways it names it', () => {
    const claims = portClaims({path: ['x'], index: 0, id: 'a', idKey: 'id', kind: 'source', raw: {health_port: 8081, env: {HEALTH_PORT: '8081', PORT: ':50051', GRPC_PORT: '1'}}});
    expect(claims.map((claim) => [claim.port, claim.via])).toEqual([
      [8081, 'health_port'],
      [50051, 'env.PORT'],
    ]);
  });
});
