/** The wire section's byte-counting proxy, on real TCP sockets of 127.0.0.1. */
import {once} from 'node:events';
import {connect, createServer, type AddressInfo, type Socket} from 'node:net';
import {expect, it} from 'vitest';
import {countingProxy} from '../../bench/lib/wire-proxy.mjs';

it('forwards both ways and counts every byte in each direction', async () => {
  // An echo server that answers each chunk twice.
  const echo = createServer((socket: Socket) => socket.on('data', (chunk: Buffer) => socket.write(Buffer.concat([chunk, chunk]))));
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  const proxy = await countingProxy(`127.0.0.1:${(echo.address() as AddressInfo).port}`);
  const [host = '', port = ''] = proxy.address.split(':');
  const client = connect({host, port: Number(port)});
  let answered = '';
  const done = new Promise<void>((resolve) =>
    client.on('data', (chunk: Buffer) => {
      answered += chunk.toString();
      if (answered.length === 20) resolve();
    }),
  );
  client.write('0123456789');
  await done;
  expect(answered).toBe('01234567890123456789');
  expect(proxy.bytes()).toEqual({toServer: 10, toClient: 20});
  client.destroy();
  await proxy.close();
  echo.close();
});
