/**
 * The hub as producers (the supervisor) see it when a history is attached: every publish
 * also tells the store at once how far the published seqs reach, so its backpressure gate
 * counts entries the hub has not delivered to it yet (see `LogStore.published`). Everything
 * else is the hub itself.
 */
import type {LogHub} from '../api.js';
import type {LogStore} from './index.js';

export function announcingTo(store: Pick<LogStore, 'published'>, hub: LogHub): LogHub {
  return {
    publish(entries) {
      const published = hub.publish(entries);
      if (published.length > 0) store.published(hub.nextSeq - 1);
      return published;
    },
    subscribe: (options, onBatch) => hub.subscribe(options, onBatch),
    get ring() {
      return hub.ring;
    },
    get runId() {
      return hub.runId;
    },
    get nextSeq() {
      return hub.nextSeq;
    },
    get droppedTotal() {
      return hub.droppedTotal;
    },
  };
}
