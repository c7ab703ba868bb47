/** The key map and the actions that have no key (must be none). */
import {KEYMAP, type Action} from '../../src/tui/keymap.js';

const ALL_ACTIONS: Record<Action, true> = {
  up: true, down: true, focus: true, pageUp: true, pageDown: true, top: true, follow: true, wheelUp: true, wheelDown: true,
  toggleComponent: true, solo: true, split: true, level1: true, level2: true, level3: true, level4: true, level5: true,
  cycleLevel: true, timeWindow: true, include: true, exclude: true, search: true, nextMatch: true, prevMatch: true,
  clear: true, toggleTime: true, expand: true, restart: true, stop: true, start: true, export: true, copy: true, help: true,
  quit: true,
};

export {KEYMAP};
export const ACTIONS_WITHOUT_KEYS = (Object.keys(ALL_ACTIONS) as Action[]).filter((a) => !KEYMAP.some((b) => b.action === a));
