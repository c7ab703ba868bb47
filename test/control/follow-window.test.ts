/**
 * Regression: `flowctl logs -f` lagged by up to ~2.6 s under load (workload D p99 1.2-2.6 s).
 * The client kept HTTP/2's default 64 KiB receive window, ~150 ms of a 10 000 lines/s follow:
 * whenever the follower process was descheduled or busy for a moment, the server could not
 * send until the follower's WINDOW_UPDATE reached it, and the backlog became latency. With a
 * 16 MiB window p99 fell to 0.23-0.34 s on the same loaded machine (interleaved runs).
 *
 * Latency itself is the benchmark's business (`npm run bench`, workload D); this pins the
 * setting every control-plane client is built with.
 */
import {expect, it} from 'vitest';
import {channelOptions, ControlClient, FLOW_CONTROL_WINDOW} from '../../src/control/client.js';

it('asks for a receive window far above HTTP/2\'s 64 KiB default', () => {
  expect(FLOW_CONTROL_WINDOW).toBeGreaterThanOrEqual(4 * 1024 * 1024);
  expect(channelOptions({})['grpc-node.flow_control_window']).toBe(FLOW_CONTROL_WINDOW);
  expect(channelOptions({gzip: true})['grpc-node.flow_control_window']).toBe(FLOW_CONTROL_WINDOW);
});

it('keeps accepting messages of any size and compresses pushes only when asked', () => {
  expect(channelOptions({})['grpc.max_receive_message_length']).toBe(-1);
  expect(channelOptions({})['grpc.default_compression_algorithm']).toBeUndefined();
  expect(channelOptions({gzip: true})['grpc.default_compression_algorithm']).toBe(2);
  // The options are what the client is built with (constructing one does not connect).
  new ControlClient({address: '127.0.0.1:1'}).close();
});
