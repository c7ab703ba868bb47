/**
 * The wire section's figures from its raw measurements: rates, CPU per entry, bytes per
 * entry, and the ratios the README quotes (batched / per entry, gzip / plain).
 */

/**
 * @typedef {{mode: string, entries: number, arrived: number, seconds: number, clientCpuS: number, serverCpuS: number, bytes: {toServer: number, toClient: number}}} PushMeasurement
 * @typedef {{mode: string, expected: number, received: number, seconds: number, clientCpuS: number, serverCpuS: number, bytes?: {toServer: number, toClient: number}}} FollowMeasurement
 */

/** Per-phase figures of one push: entries/s, µs of CPU per entry on each side, bytes per entry. */
export function pushFigures(/** @type {PushMeasurement} */ m) {
  const wireBytes = m.bytes.toServer + m.bytes.toClient;
  return {
    ...m,
    lost: Math.max(0, m.entries - m.arrived),
    entriesPerS: m.entries / m.seconds,
    clientCpuUsPerEntry: (m.clientCpuS / m.entries) * 1e6,
    serverCpuUsPerEntry: (m.serverCpuS / m.entries) * 1e6,
    wireBytes,
    bytesPerEntry: wireBytes / m.entries,
  };
}

/** Per-follower figures: entries/s delivered and CPU per entry. */
export function followFigures(/** @type {FollowMeasurement} */ m) {
  return {
    ...m,
    missed: Math.max(0, m.expected - m.received),
    entriesPerS: m.received / m.seconds,
    clientCpuUsPerEntry: m.received === 0 ? NaN : (m.clientCpuS / m.received) * 1e6,
    serverCpuUsPerEntry: m.received === 0 ? NaN : (m.serverCpuS / m.received) * 1e6,
    ...(m.bytes ? {bytesPerEntry: (m.bytes.toServer + m.bytes.toClient) / Math.max(1, m.received)} : {}),
  };
}

/**
 * The ratios of one run, each `a / b` of the same quantity (NaN when a side is missing):
 * push throughput and server CPU batched vs per entry, bytes gzip vs plain, follow throughput
 * batched vs per entry.
 * @param {{push: ReturnType<typeof pushFigures>[], follow: ReturnType<typeof followFigures>[]}} w
 */
export function wireRatios({push, follow}) {
  const p = (/** @type {string} */ mode) => push.find((x) => x.mode === mode);
  const f = (/** @type {string} */ mode) => follow.find((x) => x.mode === mode);
  const ratio = (/** @type {number | undefined} */ a, /** @type {number | undefined} */ b) => (a === undefined || b === undefined || b === 0 ? NaN : a / b);
  return {
    pushBatchedVsEntryRate: ratio(p('batch')?.entriesPerS, p('entry')?.entriesPerS),
    pushBatchedVsEntryServerCpu: ratio(p('batch')?.serverCpuUsPerEntry, p('entry')?.serverCpuUsPerEntry),
    pushBatchedVsEntryBytes: ratio(p('batch')?.wireBytes, p('entry')?.wireBytes),
    pushGzipVsPlainBytes: ratio(p('gzip')?.wireBytes, p('batch')?.wireBytes),
    pushGzipVsPlainRate: ratio(p('gzip')?.entriesPerS, p('batch')?.entriesPerS),
    followBatchedVsEntryRate: ratio(f('batches')?.entriesPerS, f('entries')?.entriesPerS),
    followBatchedVsEntryBytes: ratio(f('batches')?.bytesPerEntry, f('entries')?.bytesPerEntry),
  };
}

const fixed = (/** @type {number} */ v, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/** Table rows (header first) of the push phases. */
export function pushRows(/** @type {ReturnType<typeof pushFigures>[]} */ push) {
  return [
    ['push', 'entries', 'entries/s', 'client CPU s', 'server CPU s', 'server µs/entry', 'wire MB', 'B/entry', 'lost'],
    ...push.map((m) => [m.title ?? m.mode, String(m.entries), fixed(m.entriesPerS), fixed(m.clientCpuS, 2), fixed(m.serverCpuS, 2), fixed(m.serverCpuUsPerEntry, 1), fixed(m.wireBytes / 1e6, 1), fixed(m.bytesPerEntry, 0), String(m.lost)]),
  ];
}

/** Table rows (header first) of the followers. */
export function followRows(/** @type {ReturnType<typeof followFigures>[]} */ follow) {
  return [
    ['follow', 'entries', 'entries/s', 'client CPU s', 'server CPU s', 'B/entry', 'missed'],
    ...follow.map((m) => [m.title ?? m.mode, String(m.received), fixed(m.entriesPerS), fixed(m.clientCpuS, 2), fixed(m.serverCpuS, 2), m.bytesPerEntry === undefined ? '' : fixed(m.bytesPerEntry, 0), String(m.missed)]),
  ];
}

/** One line of the ratios, for the log and the table. */
export function ratiosLine(/** @type {ReturnType<typeof wireRatios>} */ r) {
  const x = (/** @type {number} */ v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '–');
  return `push batched/per-entry: ${x(r.pushBatchedVsEntryRate)} entries/s, ${x(r.pushBatchedVsEntryServerCpu)} server CPU per entry, ${x(r.pushBatchedVsEntryBytes)} bytes; gzip/plain bytes ${x(r.pushGzipVsPlainBytes)} (entries/s ${x(r.pushGzipVsPlainRate)}); follow batched/per-entry: ${x(r.followBatchedVsEntryRate)} entries/s, ${x(r.followBatchedVsEntryBytes)} bytes per entry`;
}

/** Lines of `chunk` that start with `{` (a generator's JSON line); `atLineStart`: the chunk begins a line. */
export function countJsonLines(/** @type {Buffer} */ chunk, /** @type {boolean} */ atLineStart) {
  let count = atLineStart && chunk[0] === 123 ? 1 : 0;
  for (let at = chunk.indexOf(10); at !== -1 && at + 1 < chunk.length; at = chunk.indexOf(10, at + 1)) if (chunk[at + 1] === 123) count++;
  return count;
}
