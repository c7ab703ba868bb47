/**
 * The source behind `flowctl attach`: a pipeline running in another process, through its
 * control plane. Entries stream into a local ring (the last `ringSize` first, then live);
 * older ones are paged in through GetLogs' seq bounds when the view scrolls past the ring;
 * status is polled; actions are RPCs. Quitting only detaches: the pipeline keeps running.
 */
import {DisplayFloor} from '../logs/display-floor.js';
import {isLevel, type LogEntry} from '../logs/entry.js';
import {Ring} from '../logs/ring.js';
import type {ComponentKind} from '../config/model.js';
import type {ComponentStateName, ComponentStatus, HealthState} from '../supervisor/status.js';
import {err, ok, type Result} from '../util/result.js';
import type {TuiSource} from './source.js';
import type {WireComponentState, WirePipelineStatus} from '../control/wire-types.js';
import type {LogsQuery} from '../control/wire.js';
import {remoteHistoryPager} from './remote-history.js';
import {isHubNote, LiveView} from './live-view.js';

/** The part of `ControlClient` (src/control/client.ts) the UI uses; tests may fake it. */
export interface RemoteControl {
  status(): Promise<Result<RemoteStatus, {message: string}>>;
  component(action: 'restart' | 'stop' | 'start', id: string): Promise<Result<string, {message: string}>>;
  /** `LogStream`: `partial` is known once iteration ended (see `ControlClient.readLogs`). */
  readLogs(query: LogsQuery): AsyncIterable<LogEntry[]> & {cancel(): void; readonly partial?: boolean};
  close(): void;
}

/** `WirePipelineStatus`, as far as the UI reads it (one definition: the control plane's). */
export type RemoteStatus = Pick<WirePipelineStatus, 'pipelineName' | 'droppedEntries'> & {
  components: Omit<WireComponentState, 'registered'>[];
};

export interface RemoteTuiSourceOptions {
  client: RemoteControl;
  pipelineName: string;
  /** Entries kept locally (and fetched as history on attach). Default 10 000. */
  ringSize?: number;
  /** Status poll interval. Default 1 s. */
  pollMs?: number;
  /**
   * The status read before opening the UI (`attach` checks the pipeline answers): the first
   * component list, and each component's `logging.level`, the display floor applied from the
   * first frame on (a pipeline's levels do not change while it runs).
   */
  initialStatus?: RemoteStatus;
}

const millis = (ts: {seconds: number; nanos: number} | null): number | undefined => (ts === null ? undefined : ts.seconds * 1000 + Math.floor(ts.nanos / 1e6));

/** Wire status → the supervisor's `ComponentStatus` (proto defaults `0`/`''` mean "none"). */
export function statusFromWire(c: RemoteStatus['components'][number]): ComponentStatus {
  const ended = c.state === 'exited' || c.state === 'failed' || c.state === 'stopped';
  const heartbeatAt = millis(c.lastHeartbeat);
  return {
    id: c.id,
    kind: c.kind as ComponentKind,
    state: c.state as ComponentStateName,
    pid: c.pid > 0 ? c.pid : undefined,
    startedAt: millis(c.startedAt),
    restarts: c.restarts,
    health: (c.health || 'none') as HealthState,
    exitCode: ended ? c.exitCode : undefined,
    signal: c.signal || undefined,
    reason: c.reason || undefined,
    lines: c.lines,
    warnings: c.warnings,
    errors: c.errors,
    heartbeat: heartbeatAt === undefined ? undefined : {at: heartbeatAt, metrics: c.metrics},
  };
}

/**
 * The pipeline's `logging.level`s (`log_level` in its status) as the display floor `up`'s UI
 * applies. A level this flowctl does not know (a newer pipeline's) hides nothing.
 */
export function displayFloorFromWire(components: readonly Pick<RemoteStatus['components'][number], 'id' | 'logLevel'>[]): DisplayFloor | undefined {
  return DisplayFloor.of(components.map(({id, logLevel}) => ({id, minLevel: isLevel(logLevel) ? logLevel : undefined})));
}

export function createRemoteTuiSource(options: RemoteTuiSourceOptions): TuiSource {
  const {client} = options;
  const ringSize = options.ringSize ?? 10_000;
  const ring = new Ring({maxEntries: ringSize});
  const entryListeners = new Set<(batch: readonly LogEntry[]) => void>();
  const statusListeners = new Set<() => void>();
  let statuses: ComponentStatus[] = [];
  let dropped = 0;
  let lastStatusJson = '';
  let closed = false;
  /** The log stream ended cleanly: the pipeline stopped (no more status polls). */
  let stopped = false;
  /** Made at the first rate-limit summary: the pipeline limits its live views (live-view.ts). */
  let live: LiveView | undefined;

  const publish = (batch: LogEntry[]): void => {
    // The hub's own notes (drop markers, rate-limit summaries) carry the seq of the entry
    // they precede and are never in its ring or store: the ring here cannot hold them
    // either (seqs must increase). The entries they stand for leave a seq hole that scrolling
    // past reads back from the pipeline's history; drops reach the UI through the status
    // poll's count, and rate-limit summaries are shown by following panes (the live view).
    const entries = batch.filter((entry) => !isHubNote(entry));
    if (live === undefined && batch.some((entry) => isHubNote(entry) && entry.fields.flowctl === 'rate-limited')) {
      live = new LiveView(ringSize);
      live.add(ring.query(undefined, {limit: ringSize}));
    }
    if (entries.length > 0) ring.append(entries);
    const shown = live === undefined ? entries : live.add(batch);
    if (shown.length === 0) return;
    for (const listener of entryListeners) listener(shown);
  };
  /** A note of our own in the timeline (connection lost …), after everything received. */
  const note = (message: string): void => {
    const now = Date.now();
    publish([{seq: (ring.newestSeq ?? 0) + 1, componentId: '', componentType: '', stream: 'control', timestamp: now, receivedAt: now, level: 'warn', message, fields: {}, raw: message, runId: '', restart: 0, truncated: false}]);
  };

  const stream = client.readLogs({spec: {tail: ringSize}, follow: true, run: ''});
  void (async () => {
    try {
      for await (const batch of stream) publish(batch);
      if (closed) return;
      pipelineStopped();
      note('the pipeline stopped: no more entries (q to leave)');
    } catch (error) {
      if (!closed) note(`lost the log stream: ${(error as Error).message}`);
    }
  })();

  const apply = (status: RemoteStatus): void => {
    dropped = status.droppedEntries;
    const json = JSON.stringify(status.components);
    if (json === lastStatusJson) return;
    lastStatusJson = json;
    statuses = status.components.map(statusFromWire);
    for (const listener of statusListeners) listener();
  };
  if (options.initialStatus !== undefined) apply(options.initialStatus);
  const displayFloor = options.initialStatus === undefined ? undefined : displayFloorFromWire(options.initialStatus.components);
  const poll = async (): Promise<void> => {
    const result = await client.status();
    if (!result.ok || closed || stopped) return;
    apply(result.value);
  };
  /**
   * The stream ended cleanly: the pipeline is gone. Its last status answers came while it was
   * stopping (`b stopping pid 18933`) and no later one will come, so polling stops and every
   * component not already ended shows as stopped with the pipeline.
   */
  function pipelineStopped(): void {
    stopped = true;
    clearInterval(timer);
    const ended = new Set<ComponentStateName>(['exited', 'failed', 'stopped']);
    statuses = statuses.map((s) => (ended.has(s.state) ? s : {...s, state: 'stopped', pid: undefined, reason: 'pipeline stopped'}));
    for (const listener of statusListeners) listener();
  }
  void poll();
  const timer = setInterval(() => void poll(), options.pollMs ?? 1000);
  timer.unref();

  const act = async (action: 'restart' | 'stop' | 'start', id: string): Promise<Result<void, string>> => {
    const result = await client.component(action, id);
    void poll();
    return result.ok ? ok(undefined) : err(result.error.message);
  };

  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    stream.cancel();
    client.close();
    entryListeners.clear();
    statusListeners.clear();
  };

  return {
    pipelineName: options.pipelineName,
    ring,
    history: remoteHistoryPager(client),
    ...(displayFloor === undefined ? {} : {displayFloor}),
    liveRing: () => live?.ring,
    subscribe(onEntries) {
      entryListeners.add(onEntries);
      return () => void entryListeners.delete(onEntries);
    },
    status: () => statuses,
    onStatusChange(listener) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
    droppedTotal: () => dropped,
    restart: (id) => act('restart', id),
    stop: (id) => act('stop', id),
    start: (id) => act('start', id),
    quitStopsPipeline: false,
    // Detach: the pipeline keeps running (`flowctl down` stops it).
    shutdown: async () => close(),
    close,
  };
}
