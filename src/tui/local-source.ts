/**
 * The in-process source used by `flowctl up`: entries from the hub's ring, live batches
 * from a hub subscription, older entries from the store, status and actions from the supervisor.
 */
import type {LogHub} from '../logs/api.js';
import {DisplayFloor} from '../logs/display-floor.js';
import type {Level, LogEntry} from '../logs/entry.js';
import type {LogStore} from '../logs/store/index.js';
import type {PipelineControl} from '../supervisor/status.js';
import {storeHistoryPager} from './history.js';
import {LiveView} from './live-view.js';
import type {TuiSource} from './source.js';

export interface LocalTuiSourceOptions {
  hub: LogHub;
  control: PipelineControl;
  /** The run's history (`running.store`): scrolling past the ring reads older entries from it. */
  store?: LogStore | undefined;
  /** Each component's `logging.level` (undefined: all levels), the least level the UI shows. */
  levels?: readonly {id: string; minLevel: Level | undefined}[];
  /** The pipeline has a `logging.rate_limit`: following panes show what it lets through (live-view.ts). */
  rateLimited?: boolean;
  /** Entries the rate-limited live view keeps (default 10 000). */
  liveSize?: number;
}

/** A `TuiSource` over this process's hub and supervisor; `q` stops the pipeline. */
export function createLocalTuiSource({hub, control, store, levels = [], rateLimited = false, liveSize = 10_000}: LocalTuiSourceOptions): TuiSource {
  const displayFloor = DisplayFloor.of(levels);
  const listeners = new Set<(batch: readonly LogEntry[]) => void>();
  let subscription: {close(): void} | undefined;
  let live: LiveView | undefined;
  const ensureSubscribed = (): void => {
    if (subscription !== undefined) return;
    // One hub subscription shared by every listener. Without a rate limit the UI reads what
    // it shows from the ring (which holds everything) and the batches only tell it what is
    // new. With one, they are what following panes show (the limited lines and summaries).
    // The callback does constant work per entry, so the hub queue never fills in practice;
    // a large queue keeps a long GC pause from counting as drops.
    subscription = hub.subscribe({name: 'terminal UI', rateLimited, maxQueue: 200_000}, (batch) => {
      const shown = live === undefined ? batch : live.add(batch);
      for (const listener of listeners) listener(shown);
    });
    if (rateLimited) {
      // In the same tick as subscribing: what was published before (start-up notes) is in the
      // ring, everything after comes through the subscription.
      live = new LiveView(liveSize);
      live.add(hub.ring.query(undefined, {limit: liveSize}));
    }
  };
  // Rate-limited: subscribed now, so the limit counts every line from here on (see up.ts).
  if (rateLimited) ensureSubscribed();
  return {
    pipelineName: control.pipelineName,
    ring: hub.ring,
    ...(store === undefined ? {} : {history: storeHistoryPager({store, runId: hub.runId})}),
    ...(displayFloor === undefined ? {} : {displayFloor}),
    liveRing() {
      ensureSubscribed();
      return live?.ring;
    },
    subscribe(onEntries) {
      listeners.add(onEntries);
      ensureSubscribed();
      return () => {
        listeners.delete(onEntries);
      };
    },
    status: () => control.status(),
    onStatusChange: (listener) => control.onStatusChange(listener),
    droppedTotal: () => hub.droppedTotal,
    restart: (id) => control.restart(id),
    stop: (id) => control.stop(id),
    start: (id) => control.start(id),
    quitStopsPipeline: true,
    shutdown: (options) => control.shutdown(options),
    close() {
      subscription?.close();
      subscription = undefined;
      listeners.clear();
    },
  };
}
