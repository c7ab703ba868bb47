/**
 * What the terminal UI needs from a running pipeline, whether it runs in this process
 * (`flowctl up`: hub + ring + supervisor) or in another one (`flowctl attach`: the control
 * plane). The UI reads entries from `ring` on demand (only the visible rows) and is told
 * about new ones through `subscribe`, so log data never lives in React state.
 */
import type {LogRing} from '../logs/api.js';
import type {DisplayFloor} from '../logs/display-floor.js';
import type {LogEntry} from '../logs/entry.js';
import type {ComponentStatus} from '../supervisor/status.js';
import type {Result} from '../util/result.js';
import type {HistoryPager} from './history.js';

export interface TuiSource {
  readonly pipelineName: string;
  /** Retained entries, paged by seq with the one filter. */
  readonly ring: LogRing;
  /**
   * Entries older than the ring holds, for scrolling, search and export past the ring: the
   * run's store (`up`), or the pipeline's GetLogs with seq bounds (`attach`). Absent (store
   * off): the UI says they are in the log files.
   */
  readonly history?: HistoryPager;
  /**
   * The components' `logging.level` (`flowctl up`; `attach` reads them from the pipeline's
   * status): lines below it are not shown, on top of whatever the user filters. Absent: none.
   */
  readonly displayFloor?: DisplayFloor;
  /**
   * What following panes show when the pipeline rate-limits its live views: the lines the
   * limit let through and its summaries (live-view.ts). `undefined`: `ring`, everything.
   */
  liveRing?(): LogRing | undefined;
  /** Called with each batch after it is in `ring`; returns the unsubscribe function. */
  subscribe(onEntries: (batch: readonly LogEntry[]) => void): () => void;
  /** Components in declaration (start) order. */
  status(): ComponentStatus[];
  onStatusChange(listener: () => void): () => void;
  /** Entries dropped anywhere (slow viewers, rate limits), for the "dropped" banner. */
  droppedTotal(): number;
  restart(id: string): Promise<Result<void, string>>;
  stop(id: string): Promise<Result<void, string>>;
  start(id: string): Promise<Result<void, string>>;
  /**
   * What `q` / Ctrl+C do. `stopsPipeline`: the pipeline is stopped gracefully (`force` on a
   * second Ctrl+C kills at once); otherwise the UI only detaches and the pipeline keeps running.
   */
  readonly quitStopsPipeline: boolean;
  shutdown(options?: {force?: boolean}): Promise<void>;
  /** Releases subscriptions and connections; the UI calls it once, after it unmounted. */
  close(): void;
}
