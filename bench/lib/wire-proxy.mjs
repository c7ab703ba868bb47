/**
 * A byte-counting TCP proxy on 127.0.0.1 for the wire section: a client dials the proxy, the
 * proxy dials the control plane, and every byte is piped both ways and counted, so "bytes on
 * the wire" is what TCP carried (HTTP/2 frames, headers, gzip'd or not), not an estimate.
 */
import {connect, createServer} from 'node:net';

/**
 * @typedef {{toServer: number, toClient: number}} WireBytes
 * @typedef {{address: string, bytes: () => WireBytes, close: () => Promise<void>}} CountingProxy
 */

/**
 * Listens on a free port of 127.0.0.1 and forwards to `target` (`host:port`).
 * @param {string} target
 * @returns {Promise<CountingProxy>}
 */
export async function countingProxy(target) {
  const colon = target.lastIndexOf(':');
  const host = target.slice(0, colon);
  const port = Number(target.slice(colon + 1));
  const counted = {toServer: 0, toClient: 0};
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = connect({host, port});
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // A peer that resets (a cancelled follower) must not take the proxy down with it.
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => (counted.toServer += chunk.length));
    upstream.on('data', (chunk) => (counted.toClient += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    address: `127.0.0.1:${address.port}`,
    bytes: () => ({...counted}),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
