/**
 * Every sample in fixtures/samples/ through the real entry builder (auto format, grouping
 * on, all lines in one push, then flush): exact level, timestamp, message, all fields,
 * how many lines each entry holds, and which parser read its first line.
 */
import {describe, expect, it} from 'vitest';
import type {Level} from '../../../src/logs/entry.js';
import {parseLine, toPlain, type ConcreteFormat} from '../../../src/logs/parse/index.js';
import {harness, sampleLines} from './helpers.js';

interface Expected {
  level: Level;
  /** Epoch ms; `received` means the line has no time and the receive time is used. */
  timestamp: number | 'received';
  message: string;
  /** Every field of the entry (none when absent). */
  fields?: Record<string, string>;
  format: ConcreteFormat;
  /** Lines joined into the entry (default 1). */
  lines?: number;
}

const RECEIVED_AT = 1_764_800_000_000;
const utc = (h: number, m: number, s: number, ms = 0): number => Date.UTC(2025, 11, 3, h, m, s, ms);
const local = (h: number, m: number, s: number): number => new Date(2025, 11, 3, h, m, s).getTime();
const text = (message: string, level: Level = 'unknown', extra: Partial<Expected> = {}): Expected => ({
  level, timestamp: 'received', message, format: 'text', ...extra,
});
const goLog = (h: number, m: number, s: number, message: string, level: Level = 'unknown'): Expected => ({
  level, timestamp: local(h, m, s), message, format: 'go-log',
});
const zap = (level: Level, ts: number, message: string, fields: Record<string, string>): Expected => ({
  level, timestamp: ts, message, fields, format: 'zap-json',
});
const zapc = (level: Level, ts: number, message: string, fields: Record<string, string>): Expected => ({
  level, timestamp: ts, message, fields, format: 'zap-console',
});

const SAMPLES: Record<string, Expected[]> = {
  'zap-production.log': [
    zap('info', 1764782500123, 'connecting to raw ledger source', {caller: 'server/server.go:115', source_address: 'localhost:50052'}),
    zap('info', 1764782500239, 'successfully connected to raw ledger source service', {caller: 'server/server.go:124'}),
    zap('info', 1764782500241, 'TTP Processor Server starting', {caller: 'go/main.go:76', port: ':50051', source_service: 'localhost:50052', network: 'Test SDF Network ; September 2015', address: '[::]:50051'}),
    zap('info', 1764782500242, 'Starting health check server', {caller: 'go/main.go:88', port: ':50051', source_service: 'localhost:50052', network: 'Test SDF Network ; September 2015', address: ':8088'}),
    zap('info', 1764782501500, 'received GetTTPEvents request', {caller: 'server/server.go:161', start_ledger: '1910000', end_ledger: '1910100'}),
    zap('info', 1764782502881, 'finished processing ledger', {
      caller: 'server/server.go:319', start_ledger: '1910000', end_ledger: '1910100', ledger_sequence: '1910001', events_sent: '4', processing_time: '0.003512467',
    }),
    zap('info', 1764782500007, 'Stellar Live Source starting', {caller: 'go/main.go:59', backend_type: 'RPC', network: 'Test SDF Network ; September 2015'}),
    zap('info', 1764782500952, 'Starting ledger production', {caller: 'go/main.go:391', start_ledger: '2187805', end_ledger: '2187905', backend_type: 'RPC'}),
    zap('info', 1764782504023, 'Extracted contract events', {caller: 'go/main.go:96', sequence: '2187806', count: '3'}),
    zap('warn', 1764782530661, 'Circuit breaker open - service temporarily unavailable', {caller: 'server/server.go:343', state: 'open', failure_count: '5'}),
    zap('error', 1764782531002, 'error receiving from raw ledger source stream', {
      caller: 'server/server.go:223',
      start_ledger: '1910000',
      end_ledger: '1910100',
      error: 'rpc error: code = Unavailable desc = error reading from server: EOF',
      stacktrace:
        'github.com/withObsrvr/ttp-processor/server.(*EventServer).GetTTPEvents\n\t/build/ttp-processor/go/server/server.go:223\n' +
        'github.com/withObsrvr/ttp-processor/gen/event_service._EventService_GetTTPEvents_Handler\n\t/build/ttp-processor/go/gen/event_service/event_service_grpc.pb.go:114\n' +
        'google.golang.org/grpc.(*Server).processStreamingRPC\n\t/root/go/pkg/mod/google.golang.org/grpc@v1.72.0/server.go:1695',
    }),
    zap('fatal', 1764782499812, 'NETWORK_PASSPHRASE environment variable not set', {
      caller: 'go/main.go:53',
      stacktrace: 'main.main\n\t/build/ttp-processor/go/main.go:53\nruntime.main\n\t/usr/local/go/src/runtime/proc.go:283',
    }),
  ],
  'zap-console.log': [
    zapc('info', utc(17, 21, 39, 874), 'Using persistent embedded control plane storage', {
      caller: 'runner/pipeline_runner.go:96', path: '/home/alice/.flowctl/flowctl-service-registry.db',
    }),
    zapc('info', utc(17, 21, 39, 876), 'Starting pipeline with embedded control plane', {
      caller: 'cmd/run.go:78', name: 'stellar-pipeline', file: 'stellar-pipeline.yaml', orchestrator: 'process',
      control_plane_address: '127.0.0.1', control_plane_port: '8080',
    }),
    zapc('info', utc(17, 21, 40, 12), 'Embedded control plane started', {caller: 'controlplane/embedded_server.go:118', address: '127.0.0.1:8080'}),
    zapc('info', utc(17, 21, 40, 13), 'Health check janitor started', {caller: 'api/control_plane.go:115', heartbeat_ttl: '30s', janitor_interval: '10s'}),
    zapc('info', utc(17, 21, 40, 231), 'Started component process', {caller: 'orchestrator/process.go:130', id: 'stellar-source', type: 'stellar-live-source@v1.0.0', pid: '48213'}),
    zapc('info', utc(17, 21, 41, 502), 'Service registered', {
      caller: 'api/control_plane.go:227', service_id: 'stellar-source', component_id: 'stellar-source',
      component_type: 'COMPONENT_TYPE_SOURCE', endpoint: 'localhost:50052', input_event_types: '[]', output_event_types: '["stellar.ledger.v1"]',
    }),
    zapc('info', utc(17, 21, 53, 900), 'Pipeline status', {caller: 'runner/pipeline_runner.go:544', total_components: '3', healthy_components: '3', unhealthy_components: '[]'}),
    zapc('warn', utc(17, 22, 30, 14), 'Service marked unhealthy due to stale heartbeat', {
      caller: 'api/control_plane.go:459', service_id: 'duckdb-sink', component_type: 'COMPONENT_TYPE_CONSUMER',
      last_seen: '2025-12-03T12:21:58.101-0500', ttl: '30s',
    }),
    zapc('error', utc(17, 22, 31, 778), 'Process failed', {caller: 'orchestrator/process.go:552', id: 'duckdb-sink', error: 'exit status 1'}),
  ],
  'go-stdlog.log': [
    goLog(12, 21, 40, 'Raw Ledger Source Server listening at [::]:50052'),
    goLog(12, 21, 40, 'Connecting to RPC endpoint: https://soroban-testnet.stellar.org'),
    goLog(12, 21, 40, 'Initializing flowctl integration'),
    goLog(12, 21, 40, 'Registering with flowctl control plane at 127.0.0.1:8080'),
    goLog(12, 21, 40, 'Successfully registered with flowctl control plane - Service ID: stellar-live-source'),
    goLog(12, 21, 40, 'Warning: Failed to register with flowctl. Using simulated ID: sim-ttp-processor-20251203122140. Error: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:8080: connect: connection refused"', 'warn'),
    goLog(12, 21, 50, 'Sent heartbeat for service stellar-live-source'),
    goLog(12, 21, 40, 'Warning: FLOWCTL_COMPONENT_ID not set, using legacy mode', 'warn'),
    goLog(12, 22, 10, 'Processed 100 ledgers (latest: 2187905)'),
    goLog(12, 22, 11, 'Stored 3 contract events (total: 265)'),
    goLog(12, 21, 40, 'failed to listen on port :50052: listen tcp :50052: bind: address already in use'),
  ],
  'flowctl-sdk-printf.log': [
    text('Processor contract-events started on :50054'),
    text('Registered processor with ID: contract-events to flowctl at 127.0.0.1:8080 (assigned ID: contract-events)'),
    text('Source stellar-source: Started streaming events'),
    text('Consumer duckdb-sink: Started consuming events'),
    text('Consumer duckdb-sink: Stream closed, consumed 101 events'),
    text('Error sending heartbeat for ID contract-events: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:8080: connect: connection refused"', 'error'),
    text('No handler for event type: stellar.transaction.v1'),
  ],
  'node-consumer-app.log': [
    text('Starting TTP events consumer application'),
    text('Health server listening on port 8093'),
    text('Initializing flowctl integration'),
    text('FlowctlClient created with service ID: consumer-3f9c2a1b'),
    text('Registered with flowctl control plane with service ID: consumer-3f9c2a1b'),
    text('Connecting to TTP service at localhost:50051'),
    text('Requesting TTP events from ledger 1910000 to 1910100'),
    text('Received TTP event:', 'unknown', {
      lines: 22,
      fields: {
        meta: JSON.stringify({
          ledger_sequence: 1910001, closed_at: {seconds: 1733227890, nanos: 0},
          tx_hash: '5d1f0c7b2a9e4d3c8b6a1f0e9d8c7b6a5f4e3d2c1b0a99887766554433221100', transaction_index: 3,
          operation_index: 0, contract_address: 'CDLZFC3SYJYDZT7K67VZ75HPJVIEUVNIXF47ZG2FB2RMQQVU2HHGCYSC',
        }),
        transfer: JSON.stringify({
          from: 'GDQP2KPQGKIHYJGXNUIYOMHARUARCA7DJT5FO2FFOOKY3B2WSQHG4W37',
          to: 'GBZXN7PIRZGNMHGA7MUUUF4GWPY5AYPV6LY4UV2GL6VJGIQRXFDNMADI', asset: {native: true}, amount: '10000000',
        }),
      },
    }),
    text('-------------------'),
    text('Sent heartbeat for service consumer-3f9c2a1b'),
    text('Failed to register with flowctl: Error: 14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:8080', 'error'),
    text('Using simulated ID: consumer-3f9c2a1b'),
    text('Error in getTTPEvents stream: Error: 14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:50051', 'error', {lines: 8}),
    text('Received SIGTERM, shutting down...'),
    text('Stopped flowctl client'),
    text('Health server stopped'),
  ],
  'zerolog.log': [
    {level: 'info', timestamp: utc(17, 21, 40), message: 'Starting Arrow service', format: 'zerolog-console',
      fields: {backend_type: 'rpc', batch_size: '1000', component: 'stellar-arrow-source'}},
    {level: 'warn', timestamp: utc(17, 21, 41), message: 'slow batch', format: 'zerolog-console',
      fields: {component: 'stellar-arrow-source', duration_ms: '812', ledger: '2187806'}},
    {level: 'error', timestamp: utc(17, 21, 42), message: 'flush failed', format: 'zerolog-console',
      fields: {component: 'arrow-consumer-demo', error: 'write tcp 127.0.0.1:50061: broken pipe'}},
    {level: 'info', timestamp: utc(17, 21, 40), message: 'Starting Arrow service', format: 'zerolog-json',
      fields: {component: 'stellar-arrow-source', version: '0.3.1'}},
    {level: 'warn', timestamp: utc(17, 21, 41), message: 'slow batch', format: 'zerolog-json',
      fields: {component: 'stellar-arrow-source', version: '0.3.1', duration_ms: '812'}},
  ],
  'pino-logfmt-misc.log': [
    {level: 'info', timestamp: 1764782500123, message: 'server listening', format: 'pino', fields: {pid: '4242', hostname: 'dev', port: '8093'}},
    {level: 'warn', timestamp: 1764782501123, message: 'retrying connection', format: 'pino', fields: {pid: '4242', hostname: 'dev', attempt: '2'}},
    {level: 'error', timestamp: 1764782502123, message: 'connect failed', format: 'pino', fields: {
      pid: '4242',
      hostname: 'dev',
      err: '{"type":"Error","message":"ECONNREFUSED","stack":"Error: ECONNREFUSED\\n    at connect (net.js:1)"}',
    }},
    {level: 'info', timestamp: Date.UTC(2025, 11, 3, 12, 21, 40, 123), message: 'ledger closed', format: 'logfmt',
      fields: {seq: '2187806', txs: '14'}},
    {level: 'error', timestamp: Date.UTC(2025, 11, 3, 12, 21, 41, 456), message: 'db write failed', format: 'logfmt',
      fields: {err: 'pq: deadlock detected', table: 'contract_events'}},
    text('cache miss ratio high: 0.82', 'warn'),
    text('could not open checkpoint file /var/lib/flow/checkpoint.json', 'error'),
    text('Downloading ledgers  42% [=========>            ] 2187806/2190000'),
  ],
  'carriage-return-progress.log': [text('progress 100%')],
};

describe('fixtures/samples', () => {
  it.each(Object.entries(SAMPLES))('%s', (file, expected) => {
    const input = sampleLines(file);
    const {builder, entries} = harness();
    builder.push('stderr', input, RECEIVED_AT);
    builder.flush();
    const got = entries();
    expect(got.map((entry) => entry.message)).toEqual(expected.map((entry) => entry.message));
    let line = 0;
    got.forEach((entry, index) => {
      const want = expected[index];
      if (want === undefined) throw new Error('unreachable: lengths compared above');
      const count = want.lines ?? 1;
      const rawLines = input.slice(line, line + count).map((split) => split.text);
      line += count;
      expect({index, level: entry.level, timestamp: entry.timestamp, raw: entry.raw}).toEqual({
        index,
        level: want.level,
        timestamp: want.timestamp === 'received' ? RECEIVED_AT : want.timestamp,
        raw: rawLines.join('\n'),
      });
      expect({index, fields: entry.fields}).toEqual({index, fields: want.fields ?? {}});
      expect(parseLine(toPlain(rawLines[0] ?? '')).format).toBe(want.format);
      expect(entry).toMatchObject({stream: 'stderr', receivedAt: RECEIVED_AT, componentId: 'comp', truncated: false});
    });
    expect(line).toBe(input.length);
  });

  it('keeps the ANSI colours of zap console lines in raw and strips them from the message', () => {
    const [first] = sampleLines('zap-console.log');
    const {builder, entries} = harness();
    builder.push('stderr', [first ?? {text: '', truncated: false}], RECEIVED_AT);
    expect(entries()[0]?.raw).toContain('\u001b[34mINFO\u001b[0m');
    expect(entries()[0]?.message).toBe('Using persistent embedded control plane storage');
  });
});
