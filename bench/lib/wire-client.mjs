#!/usr/bin/env node
/**
 * The wire section's client, in a process of its own so its CPU is its own (the bench process
 * runs the byte-counting proxy). Prints one JSON line: {count, seconds, cpuS}.
 *
 *   wire-client.mjs ROOT ADDRESS TOKEN push entry|batch|gzip COMPONENT COUNT BATCH SAMPLES
 *     entry: StreamLogs (flowctl-mode: push), one LogEntry per message;
 *     batch: PushLogs, BATCH entries per LogBatch, a few calls in flight;
 *     gzip:  the same with `grpc.default_compression_algorithm: 2` (what the interceptor does).
 *   wire-client.mjs ROOT ADDRESS TOKEN follow batches|entries COMPONENTS EXPECTED
 *     batches: GetLogBatches (what `flowctl logs -f` uses); entries: GetLogs, one per message.
 *     Follows (history first, then live, no rate limit) until EXPECTED entries arrived;
 *     seconds are from the first entry to the last.
 */
import {once} from 'node:events';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import * as grpc from '@grpc/grpc-js';
import {readZapTemplates, wireEntry} from './wire-entries.mjs';

const [root = '', address = '', token = '', action = '', mode = '', ...rest] = process.argv.slice(2);
const {loadControlPlane} = await import(pathToFileURL(join(root, 'dist/control/proto.js')).href);
const defs = loadControlPlane();
/** Calls of PushLogs in flight at once: enough to keep the pipe full, as a busy pusher would. */
const IN_FLIGHT = 4;

const options = {'grpc.max_receive_message_length': -1, 'grpc-node.flow_control_window': 16 * 1024 * 1024, ...(mode === 'gzip' ? {'grpc.default_compression_algorithm': 2} : {})};
const client = new defs.ControlPlaneClient(address, grpc.credentials.createInsecure(), options);
const metadata = () => {
  const md = new grpc.Metadata();
  if (token !== '') md.set('authorization', `Bearer ${token}`);
  return md;
};

const cpuBefore = process.cpuUsage();
const started = performance.now();
/** @type {{count: number, seconds?: number}} */
let outcome;
if (action === 'push') outcome = {count: await push()};
else if (action === 'follow') outcome = await follow();
else throw new Error(`wire-client: unknown action ${action}`);
const {count, seconds = (performance.now() - started) / 1000} = outcome;
const cpu = process.cpuUsage(cpuBefore);
client.close();
process.stdout.write(JSON.stringify({count, seconds, cpuS: (cpu.user + cpu.system) / 1e6}) + '\n');

async function push() {
  const [component = '', countText = '', batchText = '', samples = ''] = rest;
  const total = Number(countText);
  const templates = readZapTemplates(samples);
  if (mode === 'entry') {
    const md = metadata();
    md.set('flowctl-mode', 'push');
    const call = client.StreamLogs(md);
    const status = new Promise((resolve, reject) => {
      call.on('data', () => {});
      call.on('error', reject);
      call.on('status', (/** @type {grpc.StatusObject} */ s) => (s.code === grpc.status.OK ? resolve(undefined) : reject(new Error(s.details))));
    });
    for (let i = 0; i < total; i++) {
      if (!call.write(wireEntry(templates, component, i))) await once(call, 'drain');
    }
    call.end();
    await status;
    return total;
  }
  const batchSize = Number(batchText);
  let next = 0;
  let accepted = 0;
  const lane = async () => {
    while (next < total) {
      const from = next;
      next = Math.min(total, next + batchSize);
      const entries = [];
      for (let i = from; i < next; i++) entries.push(wireEntry(templates, component, i));
      accepted += await new Promise((resolve, reject) => {
        client.PushLogs({entries}, metadata(), {deadline: Date.now() + 60_000}, (/** @type {grpc.ServiceError | null} */ error, /** @type {{accepted: number}} */ result) => (error ? reject(error) : resolve(Number(result.accepted))));
      });
    }
  };
  await Promise.all(Array.from({length: IN_FLIGHT}, lane));
  return accepted;
}

async function follow() {
  const [components = '', expectedText = ''] = rest;
  const expected = Number(expectedText);
  const request = {componentIds: components.split(','), follow: true, noRateLimit: true};
  const method = mode === 'batches' ? 'GetLogBatches' : 'GetLogs';
  const call = client[method](request, metadata());
  let received = 0;
  // From the first entry to the last: the wait for the generators to start is not the wire's.
  let first = NaN;
  let last = NaN;
  // A stream that stalls is cancelled (the missed entries are reported), never left hanging.
  const idle = setTimeout(() => call.cancel(), 30_000);
  try {
    for await (const message of call) {
      idle.refresh();
      // flowctl's own notes about the components (started, exited) are not the flood.
      const printed = (mode === 'batches' ? message.entries : [message]).filter((/** @type {{stream: string}} */ e) => e.stream !== 'control').length;
      if (printed === 0) continue;
      last = performance.now();
      if (Number.isNaN(first)) first = last;
      received += printed;
      if (received >= expected) break;
    }
  } catch (error) {
    if (/** @type {grpc.ServiceError} */ (error).code !== grpc.status.CANCELLED) throw error;
  }
  clearTimeout(idle);
  call.cancel();
  if (Number.isNaN(last)) last = first = performance.now();
  return {count: received, seconds: (last - first) / 1000};
}
