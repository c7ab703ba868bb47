import {createServer, type Server} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {checkPortsFree, findPortConflicts, portsNeededBy} from '../../src/supervisor/ports.js';

const servers: Server[] = [];

/** A real listening socket; resolves with its port. */
function occupy(host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({port, host}, () => {
      servers.push(server);
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      resolve(address.port);
    });
  });
}

/** A port that was free a moment ago (listen on 0, then close). */
async function freePort(): Promise<number> {
  const port = await occupy('127.0.0.1');
  const server = servers.pop();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  return port;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

describe('checkPortsFree', () => {
  it('reports a port held on 127.0.0.1 as in use', async () => {
    const port = await occupy('127.0.0.1');
    expect(await checkPortsFree([port])).toEqual([{port, inUse: true}]);
  });

  it('reports a port held on 0.0.0.0 as in use', async () => {
    const port = await occupy('0.0.0.0');
    expect(await checkPortsFree([port])).toEqual([{port, inUse: true}]);
  });

  it('reports a port held by a dual-stack [::] socket (Go ":8081", Node listen(port)) as in use', async () => {
    const port = await occupy('::');
    expect(await checkPortsFree([port])).toEqual([{port, inUse: true}]);
  });

  it('reports a free port as free, and leaves it free', async () => {
    const port = await freePort();
    expect(await checkPortsFree([port])).toEqual([{port, inUse: false}]);
    expect(await occupy('127.0.0.1', port)).toBe(port); // the check did not keep it
  });

  it('answers per port, in order, duplicates included', async () => {
    const busy = await occupy('127.0.0.1');
    const free = await freePort();
    expect(await checkPortsFree([free, busy, free])).toEqual([
      {port: free, inUse: false},
      {port: busy, inUse: true},
      {port: free, inUse: false},
    ]);
  });

  it('checks only the given host when one is given', async () => {
    const port = await occupy('127.0.0.1');
    expect(await checkPortsFree([port], '127.0.0.1')).toEqual([{port, inUse: true}]);
  });

  it('says why when the bind fails for another reason than "in use"', async () => {
    const port = await freePort();
    // 192.0.2.1 is TEST-NET-1: never an address of this machine.
    expect(await checkPortsFree([port], '192.0.2.1')).toEqual([
      {port, inUse: false, problem: 'address 192.0.2.1 is not available on this machine'},
    ]);
  });

  it('refuses numbers that are not ports without trying', async () => {
    expect(await checkPortsFree([0, 70_000, 1.5])).toEqual([
      {port: 0, inUse: false, problem: '0 is not a port number (1-65535)'},
      {port: 70_000, inUse: false, problem: '70000 is not a port number (1-65535)'},
      {port: 1.5, inUse: false, problem: '1.5 is not a port number (1-65535)'},
    ]);
  });
});

describe('portsNeededBy', () => {
  it('lists health_port, then host ports (container port as fallback), without duplicates or UDP', () => {
    expect(
      portsNeededBy({
        healthPort: 8081,
        ports: [
          {name: 'grpc', containerPort: 50052, hostPort: 50053, protocol: 'TCP'},
          {name: undefined, containerPort: 9000, hostPort: undefined, protocol: undefined},
          {name: 'health-again', containerPort: 8081, hostPort: undefined, protocol: undefined},
          {name: 'dns', containerPort: 53, hostPort: undefined, protocol: 'udp'},
          {name: 'nothing', containerPort: undefined, hostPort: undefined, protocol: undefined},
        ],
      }),
    ).toEqual([
      {port: 8081, purpose: 'health_port'},
      {port: 50053, purpose: 'ports[0] grpc'},
      {port: 9000, purpose: 'ports[1]'},
    ]);
  });

  it('is empty for a component that declares no ports', () => {
    expect(portsNeededBy({healthPort: undefined, ports: []})).toEqual([]);
  });
});

describe('findPortConflicts', () => {
  it('names the port, the component and the setting', async () => {
    const busy = await occupy('127.0.0.1');
    const free = await freePort();
    const problems = await findPortConflicts('stellar-live-source', [
      {port: busy, purpose: 'health_port'},
      {port: free, purpose: 'ports[0] grpc'},
    ]);
    expect(problems).toEqual([`port ${busy} is already in use (needed by stellar-live-source: health_port)`]);
  });

  it('reports other bind problems too', async () => {
    const problems = await findPortConflicts('sink', [{port: 0, purpose: 'ports[0]'}]);
    expect(problems).toEqual(['port 0 cannot be used: 0 is not a port number (1-65535) (needed by sink: ports[0])']);
  });

  it('is empty when all is free', async () => {
    const free = await freePort();
    expect(await findPortConflicts('x', [{port: free, purpose: 'health_port'}])).toEqual([]);
  });
});
