/**
 * The merged timeline's lanes (see merged-window.ts): one per component, each reading that
 * component's entries under the pane's filter through a `Scrollback` of its own (ring, then
 * history pages). A lane is made the first time its component is seen and then kept, so its
 * buffered pages survive filter changes that leave its entries the same.
 */
import type {LogFilter, LogRing} from '../logs/api.js';
import type {HistoryPager} from './history.js';
import {laneFilter} from './time-order.js';
import {Scrollback} from './scrollback.js';

/** One component's entries under the pane's filter. */
export interface Lane {
  readonly id: string;
  filter: LogFilter;
  readonly scrollback: Scrollback;
}

export interface LaneOptions {
  history?: HistoryPager | undefined;
  /** Components that may have entries (besides those the ring has seen). */
  componentIds?: (() => readonly string[]) | undefined;
  page?: number | undefined;
  maxBuffered?: number | undefined;
}

export class MergedLanes {
  readonly #lanes = new Map<string, Lane>();
  #filter: LogFilter | undefined;

  constructor(
    private readonly ring: LogRing,
    private readonly options: LaneOptions,
    /** A lane's history page arrived. */
    private readonly onLoaded: () => void,
  ) {}

  get filter(): LogFilter | undefined {
    return this.#filter;
  }

  set filter(filter: LogFilter | undefined) {
    this.#filter = filter;
    // Each lane's buffer stays while its filter reads the same (a relative window recompiles every second).
    for (const lane of this.#lanes.values()) lane.filter = laneFilter(filter, lane.id);
  }

  /** The lanes the filter lets through: components the ring has seen or the pipeline has, and flowctl's own notes. */
  list(): Lane[] {
    const named = this.#filter?.spec.components;
    const ids = new Set<string>(['', ...(this.options.componentIds?.() ?? []), ...this.ring.componentIds()]);
    const lanes: Lane[] = [];
    for (const id of ids) {
      if (named !== undefined && named.length > 0 && !named.includes(id)) continue;
      let lane = this.#lanes.get(id);
      if (lane === undefined) {
        lane = {id, filter: laneFilter(this.#filter, id), scrollback: new Scrollback(this.ring, this.options.history, this.onLoaded, this.#scrollbackOptions(id))};
        this.#lanes.set(id, lane);
      }
      lanes.push(lane);
    }
    return lanes;
  }

  /** Every lane made so far, whether the filter lets it through or not. */
  all(): IterableIterator<Lane> {
    return this.#lanes.values();
  }

  #scrollbackOptions(component: string): {page?: number; maxBuffered?: number; component: string} {
    const {page, maxBuffered} = this.options;
    return {...(page === undefined ? {} : {page}), ...(maxBuffered === undefined ? {} : {maxBuffered}), component};
  }
}
