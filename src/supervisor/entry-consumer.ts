/** Lines of one run → entries: the log engine's entry builder, wired for one component. */
import type {ResolvedComponent} from '../config/model.js';
import {createEntryBuilder} from '../logs/parse/index.js';
import type {LineConsumer} from './capture.js';
import type {PendingEntry} from './control-entry.js';
import type {Timers} from './timers.js';

export function createLineConsumer(
  component: Pick<ResolvedComponent, 'id' | 'kind' | 'logging'>,
  restarts: () => number,
  timers: Timers,
  deliver: (entries: PendingEntry[]) => void,
): LineConsumer {
  return createEntryBuilder({
    componentId: component.id,
    componentType: component.kind,
    logging: component.logging,
    restart: restarts,
    setTimer: (fn, ms) => timers.setTimer(fn, ms),
    onEntries: deliver,
  });
}
