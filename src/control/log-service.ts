/**
 * The log calls of `flowctl.ControlPlane`: GetLogs / GetLogBatches (history + follow),
 * StreamLogs (bidirectional: live reading and/or pushing), PushLogs (one batch).
 */
import * as grpc from '@grpc/grpc-js';
import {compileFilter} from '../logs/filter.js';
import type {LogEntry} from '../logs/entry.js';
import type {LogFilter, Subscription} from '../logs/api.js';
import type {Result} from '../util/result.js';
import {componentList, componentTypeOf, type ServiceContext} from './context.js';
import {endWithStatus, fail, unary, writable, type StatusFailure} from './handlers.js';
import {fromStore, HistoryUnreadable, openLogReader, resolveRun, unreadableNote, type ReadOptions, type SeqBounds} from './log-reader.js';
import {acrossRuns, runStartNote, spansRuns, withTail, type SpannedRun} from './run-span.js';
import {errorMessage} from '../util/error-message.js';
import {entryToWire, HISTORY_EVICTED_KEY, HISTORY_TRAILER_KEY, pushedToEntry, requestToQuery, type PushedEntry} from './wire.js';
import type {WireLogBatch, WireLogEntry, WirePushResult, WireStreamLogsRequest} from './wire-types.js';

/** Metadata of StreamLogs: a binary-encoded StreamLogsRequest as the reader's filter. */
export const FILTER_METADATA_KEY = 'flowctl-filter-bin';
/** Metadata of StreamLogs: `push` (send nothing back) or `read` (refuse pushes). */
export const MODE_METADATA_KEY = 'flowctl-mode';

type Deserialize = (bytes: Buffer) => WireStreamLogsRequest;

export function logHandlers(ctx: ServiceContext, decodeRequest: Deserialize, onBug: (error: unknown) => void): grpc.UntypedServiceImplementation {
  return {
    GetLogs: (call: grpc.ServerWritableStream<WireStreamLogsRequest, WireLogEntry>) => {
      void serveHistory(ctx, call, async (batch) => {
        for (const entry of batch) call.write(entryToWire(entry));
        await writable(call);
      }).catch(failed(call, onBug));
    },
    GetLogBatches: (call: grpc.ServerWritableStream<WireStreamLogsRequest, WireLogBatch>) => {
      void serveHistory(ctx, call, async (batch) => {
        call.write({entries: batch.map(entryToWire)});
        await writable(call);
      }).catch(failed(call, onBug));
    },
    StreamLogs: (call: grpc.ServerDuplexStream<WireLogEntry, WireLogEntry>) => {
      serveStream(ctx, call, decodeRequest);
    },
    PushLogs: unary<WireLogBatch, WirePushResult>((batch) => {
      const checked = checkPushes(ctx, batch.entries);
      if (!checked.ok) return checked.error;
      ctx.hub.publish(checked.value);
      return {accepted: checked.value.length};
    }, onBug),
  };
}

/** A bug while serving a read: reported, and the call ends with INTERNAL instead of hanging. */
function failed(call: grpc.ServerWritableStream<WireStreamLogsRequest, unknown>, onBug: (error: unknown) => void): (error: unknown) => void {
  return (error) => {
    onBug(error);
    if (!call.cancelled) endWithStatus(call, fail(grpc.status.INTERNAL, `flowctl internal error: ${String(error)}`));
  };
}

/** What a client is told when the history store cannot be read: the status, and a follower's note. */
export function unreadableHistory(ctx: ServiceContext, cause: string): string {
  return `the log history of pipeline "${ctx.pipeline.name}" is damaged and cannot be read (${cause}); the log files in ${ctx.pipeline.logging.dir} hold every line`;
}

function compile(
  ctx: ServiceContext,
  request: WireStreamLogsRequest,
): Result<{filter: LogFilter; follow: boolean; run: string; bounds: SeqBounds; rateLimited: boolean}, StatusFailure> {
  const query = requestToQuery(request);
  const filter = compileFilter(query.spec, ctx.now());
  if (!filter.ok) {
    ctx.rejections.count('bad-filter');
    return {ok: false, error: fail(grpc.status.INVALID_ARGUMENT, `${filter.error.term}: ${filter.error.message}`)};
  }
  // An id the pipeline does not have matches nothing, forever: say so, as `flowctl logs` does
  // for a NAME. (Another run may have had other components: checked for the current one only.)
  // '' is the pipeline's own notes, which a view hiding some components still asks for (filter-state.ts).
  const unknown = (query.spec.components ?? []).filter((id) => id !== '' && componentTypeOf(ctx, id) === undefined);
  if (unknown.length > 0 && (query.run === '' || query.run === ctx.hub.runId)) {
    ctx.rejections.count('bad-filter');
    const names = unknown.map((id) => `"${id}"`).join(', ');
    return {ok: false, error: fail(grpc.status.INVALID_ARGUMENT, `components: no component ${names} in pipeline "${ctx.pipeline.name}", which has ${componentList(ctx)}`)};
  }
  const bounds = query.bounds ?? {};
  const problem = boundsProblem(bounds, query.follow, query.spec.tail);
  if (problem !== undefined) {
    ctx.rejections.count('bad-filter');
    return {ok: false, error: fail(grpc.status.INVALID_ARGUMENT, problem)};
  }
  return {ok: true, value: {filter: filter.value, follow: query.follow, run: query.run, bounds, rateLimited: query.noRateLimit !== true}};
}

/** Why a request's seq bounds cannot be answered, in words; `undefined` when they can. */
export function boundsProblem(bounds: SeqBounds, follow: boolean, tail: number | undefined): string | undefined {
  const {beforeSeq, afterSeq, head} = bounds;
  if (follow && beforeSeq !== undefined) return `before_seq (${beforeSeq}) bounds the history from above, so it cannot be combined with follow: drop one of them`;
  if (follow && head !== undefined) return `head (${head}) reads only the first entries, so it cannot be combined with follow: drop one of them`;
  if (head !== undefined && tail !== undefined) return `head (${head}) and tail (${tail}) both limit the history: use one of them`;
  if (beforeSeq !== undefined && afterSeq !== undefined && afterSeq >= beforeSeq) {
    return `after_seq (${afterSeq}) must be below before_seq (${beforeSeq}): no entry lies between them`;
  }
  return undefined;
}

async function serveHistory(
  ctx: ServiceContext,
  call: grpc.ServerWritableStream<WireStreamLogsRequest, unknown>,
  write: (batch: LogEntry[]) => Promise<void>,
): Promise<void> {
  const compiled = compile(ctx, call.request);
  if (!compiled.ok) return endWithStatus(call, compiled.error);
  const run = await resolveRun(ctx, compiled.value.run);
  if (!run.ok) {
    switch (run.error.kind) {
      case 'unknown-run':
        return endWithStatus(call, fail(grpc.status.NOT_FOUND, run.error.message));
      case 'history-unreadable':
        return endWithStatus(call, fail(grpc.status.DATA_LOSS, unreadableHistory(ctx, run.error.cause)));
    }
  }
  const {filter, bounds} = compiled.value;
  const options = {
    filter,
    follow: compiled.value.follow,
    run: run.value,
    subscriberName: `flowctl logs (${call.getPeer()})`,
    now: ctx.now,
    bounds,
    rateLimited: compiled.value.rateLimited,
    describeUnreadable: (cause: string) => unreadableHistory(ctx, cause),
  };
  // --since/--until without --run: the earlier runs first (run-span.ts), then this one.
  const earlier = spansRuns(filter, compiled.value.run) && Object.keys(bounds).length === 0 ? await earlierRuns(ctx, options, write, () => call.cancelled) : undefined;
  const reader = openLogReader(ctx, run.value, options);
  if (reader.partial && earlier?.printed !== true) {
    // Said before the first entry (a follower gets no trailer until it stops) and at the end.
    const header = new grpc.Metadata();
    header.set(HISTORY_TRAILER_KEY, 'partial');
    header.set(HISTORY_EVICTED_KEY, String(ctx.hub.ring.evicted));
    call.sendMetadata(header);
  }
  call.on('cancelled', () => reader.close());
  const untrack = ctx.track(() => reader.close());
  let noteDue = earlier?.printed === true;
  try {
    for await (const batch of reader) {
      if (call.cancelled) break;
      if (noteDue && batch.length > 0) await write([runStartNote(earlier!.current, batch[0]!)]);
      noteDue &&= batch.length === 0;
      await write(batch);
    }
  } finally {
    untrack();
  }
  if (call.cancelled) return;
  // Everything the ring had was sent; the status says the rest could not be read (a
  // follower was told in-band, at the seam).
  const unreadable = reader.historyUnreadable ?? earlier?.unreadable;
  if (unreadable !== undefined && !reader.follows) return endWithStatus(call, fail(grpc.status.DATA_LOSS, unreadableHistory(ctx, unreadable)));
  if (!reader.partial) {
    call.end();
    return;
  }
  const trailer = new grpc.Metadata();
  trailer.set(HISTORY_TRAILER_KEY, 'partial');
  call.end(trailer);
}

/**
 * The matches of the runs before the current one, oldest first (run-span.ts). With a tail,
 * the current run's share of it is counted first, so the earlier runs give only the rest.
 * A store that cannot be read ends this part; what it said is returned (and a follower,
 * which gets no status, is told in-band at once).
 */
async function earlierRuns(
  ctx: ServiceContext,
  options: ReadOptions,
  write: (batch: LogEntry[]) => Promise<void>,
  cancelled: () => boolean,
): Promise<{printed: boolean; current: SpannedRun; unreadable: string | undefined}> {
  const currentId = ctx.hub.runId;
  const store = ctx.store;
  let current: SpannedRun = {runId: currentId};
  if (store === undefined) return {printed: false, current, unreadable: undefined};
  let printed = false;
  let runs: SpannedRun[];
  try {
    runs = await store.runs();
  } catch (error) {
    return told(errorMessage(error));
  }
  try {
    current = runs.find((r) => r.runId === currentId) ?? current;
    const older = runs.filter((r) => r.runId !== currentId).reverse();
    let filter = options.filter;
    if (filter.tail !== undefined) {
      let here = 0;
      for await (const batch of openLogReader(ctx, currentId, {...options, follow: false})) here += batch.length;
      filter = withTail(filter, Math.max(0, filter.tail - here));
      if (filter.tail === 0) return {printed, current, unreadable: undefined};
    }
    for await (const batch of acrossRuns(older, filter, (runId, f) => fromStore(store, f, {runId}, f.tail))) {
      if (cancelled()) break;
      printed = true;
      await write(batch);
    }
    return {printed, current, unreadable: undefined};
  } catch (error) {
    if (!(error instanceof HistoryUnreadable)) throw error;
    return told(error.message);
  }

  async function told(cause: string): Promise<{printed: boolean; current: SpannedRun; unreadable: string}> {
    if (options.follow) await write([unreadableNote(unreadableHistory(ctx, cause), ctx.hub.nextSeq, currentId, ctx.now())]);
    return {printed, current, unreadable: cause};
  }
}

/** Validates a pushed batch: all or nothing, so a client never has to guess what was taken. */
function checkPushes(ctx: ServiceContext, entries: WireLogEntry[]): Result<PushedEntry[], StatusFailure> {
  const now = ctx.now();
  const accepted: PushedEntry[] = [];
  for (const wire of entries) {
    const checked = pushedToEntry(wire, (id) => componentTypeOf(ctx, id), ctx.limits, now);
    if (checked.ok) {
      accepted.push(checked.value);
      continue;
    }
    const {code, message} = checked.error;
    ctx.rejections.count(code, entries.length);
    ctx.notice(`control plane: rejected ${entries.length} pushed entr${entries.length === 1 ? 'y' : 'ies'}: ${message}`);
    switch (code) {
      case 'unknown-component':
        return {ok: false, error: fail(grpc.status.NOT_FOUND, `${message}: pipeline "${ctx.pipeline.name}" has ${componentList(ctx)}`)};
      case 'oversized':
        return {ok: false, error: fail(grpc.status.RESOURCE_EXHAUSTED, message)};
      case 'malformed':
        return {ok: false, error: fail(grpc.status.INVALID_ARGUMENT, message)};
    }
  }
  return {ok: true, value: accepted};
}

function serveStream(ctx: ServiceContext, call: grpc.ServerDuplexStream<WireLogEntry, WireLogEntry>, decode: Deserialize): void {
  const mode = String(call.metadata.get(MODE_METADATA_KEY)[0] ?? 'auto');
  let subscription: Subscription | undefined;
  let finished = false;
  const untrack = ctx.track(() => finish());
  const finish = (failure?: StatusFailure): void => {
    if (finished) return;
    finished = true;
    untrack();
    subscription?.close();
    if (failure) endWithStatus(call, failure);
    else if (!call.cancelled) call.end();
  };
  call.on('cancelled', () => finish());
  call.on('error', () => finish());

  if (mode !== 'push') {
    const filterBytes = call.metadata.get(FILTER_METADATA_KEY)[0];
    let request: WireStreamLogsRequest | undefined;
    try {
      request = Buffer.isBuffer(filterBytes) ? decode(filterBytes) : undefined;
    } catch {
      ctx.rejections.count('malformed');
      return finish(fail(grpc.status.INVALID_ARGUMENT, `${FILTER_METADATA_KEY} is not an encoded flowctl.StreamLogsRequest`));
    }
    let filter: LogFilter | undefined;
    if (request) {
      const compiled = compile(ctx, request);
      if (!compiled.ok) return finish(compiled.error);
      if (Object.keys(compiled.value.bounds).length > 0) {
        ctx.rejections.count('bad-filter');
        return finish(fail(grpc.status.INVALID_ARGUMENT, 'StreamLogs is live only: before_seq, after_seq and head bound the history of GetLogs / GetLogBatches'));
      }
      filter = compiled.value.filter;
    }
    subscription = ctx.hub.subscribe({name: `StreamLogs (${call.getPeer()})`, ...(filter ? {filter} : {})}, async (batch) => {
      for (const entry of batch) call.write(entryToWire(entry));
      await writable(call);
    });
  }

  // Pushes: coalesce what arrives within one macrotask into one publish.
  let pending: PushedEntry[] = [];
  let flushScheduled = false;
  const flush = (): void => {
    flushScheduled = false;
    if (pending.length > 0) ctx.hub.publish(pending);
    pending = [];
  };
  call.on('data', (wire: WireLogEntry) => {
    if (finished) return;
    if (mode === 'read') {
      ctx.rejections.count('malformed');
      return finish(fail(grpc.status.FAILED_PRECONDITION, `this StreamLogs call was opened with ${MODE_METADATA_KEY}: read; open another to push`));
    }
    if (subscription) {
      // Auto mode: a pusher is not a reader; stop echoing the pipeline back to it.
      subscription.close();
      subscription = undefined;
    }
    const checked = checkPushes(ctx, [wire]);
    if (!checked.ok) {
      flush();
      return finish(checked.error);
    }
    pending.push(...checked.value);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
  call.on('end', () => {
    flush();
    // A reader half-closes to say it will not push: keep streaming until it cancels.
    if (!subscription) finish();
  });
}
