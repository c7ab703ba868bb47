/**
 * What `log-engine.test.ts` asks the history of its pipeline, and the exact answers: the
 * latest run entry by entry, and one query per filter term of `flowctl logs`.
 */
import type {FilterSpec} from '../../src/logs/api.js';
import type {LogEntry} from '../../src/logs/entry.js';

/** The latest run, entry by entry (see `summary`). */
export const FULL_RUN = [
  'flowctl control control plane listening on ADDR',
  'zapper control starting',
  'golog control waiting for zapper to complete successfully',
  'fmtter control waiting for golog to complete successfully',
  'plain control waiting for fmtter to complete successfully',
  'noder control waiting for plain to complete successfully',
  'zapper control started, pid N',
  'zapper debug dialing backend',
  'zapper info Stellar Live Source starting',
  'zapper warn Circuit breaker open',
  'zapper error ledger fetch failed',
  'zapper control exited with code 0',
  'golog control starting',
  'golog control started, pid N',
  'golog unknown Connecting to RPC endpoint: https://soroban-testnet.stellar.org',
  'golog unknown Processed 100 ledgers (latest: 2187905)',
  'golog control exited with code 0',
  'fmtter control starting',
  'fmtter control started, pid N',
  'fmtter info event sent',
  'fmtter warn slow consumer',
  'fmtter control exited with code 0',
  'plain control starting',
  'plain control started, pid N',
  'plain warn disk almost full',
  'plain unknown plain progress line, run 2',
  'plain error could not flush buffer',
  'plain control exited with code 0',
  'noder control starting',
  'noder control started, pid N',
  'noder error Error: connection refused',
  'noder unknown retrying in 5s',
  'noder control exited with code 0',
];

/** One entry as a short line: who, level, message (pids and ports normalised). */
export const summary = (e: LogEntry): string =>
  `${e.componentId || 'flowctl'} ${e.stream === 'control' ? 'control' : e.level} ${e.message.replace(/pid \d+/, 'pid N').replace(/127\.0\.0\.1:\d+/, 'ADDR')}`;

export interface Query {
  /** `flowctl logs` arguments (besides `--file` and `--export ndjson`). */
  args: string[];
  /** The same question for the store directly. */
  spec: FilterSpec;
  /** Which stored run: 0 latest, 1 previous. */
  run?: number;
  expected: string[];
}

export const QUERIES: Record<string, Query> = {
  'components (-c)': {
    args: ['-c', 'fmtter,noder'],
    spec: {components: ['fmtter', 'noder']},
    expected: [
      'fmtter control waiting for golog to complete successfully',
      'noder control waiting for plain to complete successfully',
      'fmtter control starting',
      'fmtter control started, pid N',
      'fmtter info event sent',
      'fmtter warn slow consumer',
      'fmtter control exited with code 0',
      'noder control starting',
      'noder control started, pid N',
      'noder error Error: connection refused',
      'noder unknown retrying in 5s',
      'noder control exited with code 0',
    ],
  },
  'components (NAME)': {
    args: ['golog'],
    spec: {components: ['golog']},
    expected: FULL_RUN.filter((l) => l.startsWith('golog ')),
  },
  'levels': {
    args: ['-l', 'warn,error'],
    spec: {levels: ['warn', 'error']},
    expected: ['zapper warn Circuit breaker open', 'zapper error ledger fetch failed', 'fmtter warn slow consumer', 'plain warn disk almost full', 'plain error could not flush buffer', 'noder error Error: connection refused'],
  },
  'min level': {
    args: ['--min-level', 'error'],
    spec: {minLevel: 'error'},
    expected: ['zapper error ledger fetch failed', 'plain error could not flush buffer', 'noder error Error: connection refused'],
  },
  'min level (unknown counts as info, debug is below)': {
    args: ['--min-level', 'INFO', '-c', 'zapper,golog'],
    spec: {minLevel: 'info', components: ['zapper', 'golog']},
    expected: FULL_RUN.filter((l) => /^(zapper|golog) /.test(l) && !l.includes(' debug ')),
  },
  'since/until absolute (RFC 3339, and local time)': {
    args: ['--since', '2024-01-20T10:00:02Z', '--until', '2024-01-20 15:30:06'],
    spec: {since: '2024-01-20T10:00:02Z', until: '2024-01-20T10:00:06Z'},
    expected: [
      'zapper warn Circuit breaker open',
      'zapper error ledger fetch failed',
      'golog unknown Connecting to RPC endpoint: https://soroban-testnet.stellar.org',
      'golog unknown Processed 100 ledgers (latest: 2187905)',
    ],
  },
  'since relative': {
    args: ['--since', '10m', '-c', 'zapper,plain'],
    spec: {since: '10m', components: ['zapper', 'plain']},
    expected: [
      'zapper control starting',
      'plain control waiting for fmtter to complete successfully',
      'zapper control started, pid N',
      'zapper control exited with code 0',
      'plain control starting',
      'plain control started, pid N',
      'plain warn disk almost full',
      'plain unknown plain progress line, run 2',
      'plain error could not flush buffer',
      'plain control exited with code 0',
    ],
  },
  'until relative': {
    args: ['--until', '1h', '-c', 'zapper,plain'],
    spec: {until: '1h', components: ['zapper', 'plain']},
    expected: ['zapper debug dialing backend', 'zapper info Stellar Live Source starting', 'zapper warn Circuit breaker open', 'zapper error ledger fetch failed'],
  },
  'include and exclude': {
    args: ['--grep', 'ledger', '--exclude', 'fetch'],
    spec: {include: ['ledger'], exclude: ['fetch']},
    expected: ['golog unknown Processed 100 ledgers (latest: 2187905)', 'fmtter info event sent'],
  },
  'include, case-insensitive, anchored on raw': {
    args: ['--grep', '(?i)^error'],
    spec: {include: ['(?i)^error']},
    expected: ['plain error could not flush buffer', 'noder error Error: connection refused'],
  },
  'include matching a continuation line': {
    args: ['--grep', 'processTicksAndRejections'],
    spec: {include: ['processTicksAndRejections']},
    expected: ['noder error Error: connection refused'],
  },
  'include, repeated (any matches)': {
    args: ['--grep', 'breaker', '--grep', 'disk'],
    spec: {include: ['breaker', 'disk']},
    expected: ['zapper warn Circuit breaker open', 'plain warn disk almost full'],
  },
  'field equality': {
    args: ['--field', 'request_id=42'],
    spec: {fields: {request_id: '42'}},
    expected: ['fmtter info event sent'],
  },
  'field equality, several (all must hold), numbers as text': {
    args: ['--field', 'backend_type=RPC', '--field', 'network=testnet'],
    spec: {fields: {backend_type: 'RPC', network: 'testnet'}},
    expected: ['zapper info Stellar Live Source starting'],
  },
  'field equality on a JSON number': {
    args: ['--field', 'failure_count=5'],
    spec: {fields: {failure_count: '5'}},
    expected: ['zapper warn Circuit breaker open'],
  },
  'tail': {
    args: ['-n', '3'],
    spec: {tail: 3},
    expected: FULL_RUN.slice(-3),
  },
  'tail of a filtered set': {
    args: ['-n', '2', '-c', 'zapper'],
    spec: {tail: 2, components: ['zapper']},
    expected: ['zapper error ledger fetch failed', 'zapper control exited with code 0'],
  },
  'run: the latest by default': {
    args: ['-c', 'plain', '-l', 'unknown'],
    spec: {components: ['plain'], levels: ['unknown']},
    expected: ['plain unknown plain progress line, run 2'],
  },
  'run previous': {
    args: ['--run', 'previous', '-c', 'plain', '-l', 'unknown'],
    spec: {components: ['plain'], levels: ['unknown']},
    run: 1,
    expected: ['plain unknown plain progress line, run 1'],
  },
  'every term at once': {
    args: ['-c', 'zapper,fmtter,plain', '--min-level', 'warn', '--since', '2024-01-20T10:00:01Z', '--until', '30m', '--grep', '[a-z]', '--exclude', 'slow', '--field', 'state=open', '-n', '5'],
    spec: {components: ['zapper', 'fmtter', 'plain'], minLevel: 'warn', since: '2024-01-20T10:00:01Z', until: '30m', include: ['[a-z]'], exclude: ['slow'], fields: {state: 'open'}, tail: 5},
    expected: ['zapper warn Circuit breaker open'],
  },
};
