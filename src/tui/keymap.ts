/**
 * Every key of the UI in one table: the dispatcher, the help overlay and the "no two
 * actions share a key" test all read it, so the help can never lie and keys never collide.
 */
import type {Key} from './ink.js';

export type Action =
  | 'up'
  | 'down'
  | 'focus'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'follow'
  | 'wheelUp'
  | 'wheelDown'
  | 'toggleComponent'
  | 'solo'
  | 'split'
  | 'level1'
  | 'level2'
  | 'level3'
  | 'level4'
  | 'level5'
  | 'cycleLevel'
  | 'timeWindow'
  | 'include'
  | 'exclude'
  | 'search'
  | 'nextMatch'
  | 'prevMatch'
  | 'clear'
  | 'toggleTime'
  | 'expand'
  | 'restart'
  | 'stop'
  | 'start'
  | 'export'
  | 'copy'
  | 'help'
  | 'quit';

export interface KeyBinding {
  /** Key names as `keyName` produces them. */
  readonly keys: readonly string[];
  readonly action: Action;
  readonly group: 'Move' | 'Filter' | 'Search' | 'View' | 'Control';
  readonly help: string;
  /** The help under `flowctl attach`, when the key does something else there. */
  readonly attachedHelp?: string;
}

export const KEYMAP: readonly KeyBinding[] = [
  {keys: ['k', 'up'], action: 'up', group: 'Move', help: 'select the previous component / entry (scrolling up pauses following)'},
  {keys: ['j', 'down'], action: 'down', group: 'Move', help: 'select the next component / entry'},
  {keys: ['tab'], action: 'focus', group: 'Move', help: 'move the focus between the component list and the logs'},
  {keys: ['pgup'], action: 'pageUp', group: 'Move', help: 'page up through the logs'},
  {keys: ['pgdn'], action: 'pageDown', group: 'Move', help: 'page down through the logs'},
  {keys: ['home', 'g'], action: 'top', group: 'Move', help: 'first entry of the run (older pages load from the history)'},
  {keys: ['end', 'G'], action: 'follow', group: 'Move', help: 'newest entry and follow again'},
  {keys: ['wheelup'], action: 'wheelUp', group: 'Move', help: 'mouse wheel scrolls the logs'},
  {keys: ['wheeldown'], action: 'wheelDown', group: 'Move', help: 'mouse wheel scrolls the logs'},
  {keys: ['space'], action: 'toggleComponent', group: 'Filter', help: 'show / hide the selected component'},
  {keys: ['o'], action: 'solo', group: 'Filter', help: 'only the selected component (again: all)'},
  {keys: ['1'], action: 'level1', group: 'Filter', help: 'minimum level: all (trace)'},
  {keys: ['2'], action: 'level2', group: 'Filter', help: 'minimum level: debug'},
  {keys: ['3'], action: 'level3', group: 'Filter', help: 'minimum level: info'},
  {keys: ['4'], action: 'level4', group: 'Filter', help: 'minimum level: warn'},
  {keys: ['5'], action: 'level5', group: 'Filter', help: 'minimum level: error'},
  {keys: ['l'], action: 'cycleLevel', group: 'Filter', help: 'cycle the minimum level'},
  {keys: ['t'], action: 'timeWindow', group: 'Filter', help: 'time window: last 5 m, last 1 h, since the selected component started, all'},
  {keys: ['/'], action: 'include', group: 'Filter', help: 'regex the lines must match (applied as you type)'},
  {keys: ['\\'], action: 'exclude', group: 'Filter', help: 'regex the lines must not match'},
  {keys: ['esc'], action: 'clear', group: 'Filter', help: 'clear every filter and the search'},
  {keys: ['?', 'ctrl+f'], action: 'search', group: 'Search', help: 'search (regex): highlight matches'},
  {keys: ['n'], action: 'nextMatch', group: 'Search', help: 'next match (older; searches the history past the ring)'},
  {keys: ['N'], action: 'prevMatch', group: 'Search', help: 'previous match (newer)'},
  {keys: ['s'], action: 'split', group: 'View', help: 'split: 2–4 visible components side by side (again: merged timeline)'},
  {keys: ['T'], action: 'toggleTime', group: 'View', help: 'show / hide timestamps'},
  {keys: ['enter'], action: 'expand', group: 'View', help: 'expand the selected entry: every field, every line'},
  {keys: ['e'], action: 'export', group: 'View', help: 'export the filtered entries of the whole run to a file (json, ndjson, csv, text with or without colours)'},
  {keys: ['y'], action: 'copy', group: 'View', help: 'copy the selected entry to the clipboard (OSC 52)'},
  {keys: ['h'], action: 'help', group: 'View', help: 'this help'},
  {keys: ['r'], action: 'restart', group: 'Control', help: 'restart the selected component'},
  {keys: ['x'], action: 'stop', group: 'Control', help: 'stop the selected component (asks first)'},
  {keys: ['S'], action: 'start', group: 'Control', help: 'start the selected component'},
  {
    keys: ['q', 'ctrl+c'],
    action: 'quit',
    group: 'Control',
    help: 'quit: stop the pipeline gracefully (Ctrl+C again: force); Ctrl+C also quits from a prompt',
    attachedHelp: 'detach: leave the UI, the pipeline keeps running (flowctl down stops it); Ctrl+C also from a prompt',
  },
];

/** What a key does in this mode: `up` runs the pipeline, `attach` only watches it. */
export function bindingHelp(binding: KeyBinding, attached: boolean): string {
  return attached ? (binding.attachedHelp ?? binding.help) : binding.help;
}

const BY_KEY = new Map<string, Action>(KEYMAP.flatMap((b) => b.keys.map((k) => [k, b.action] as const)));

/** The action bound to a key name, if any. */
export function actionFor(name: string): Action | undefined {
  return BY_KEY.get(name);
}

// SGR mouse report (`ESC [ < button ; x ; y M`), with Ink's leading ESC already removed.
// eslint-disable-next-line no-control-regex -- ESC may still be there when Ink did not strip it
const MOUSE = /^\x1b?\[<(\d+);\d+;\d+[Mm]/;

/**
 * A stable name for one key press as Ink reports it: `j`, `G`, `up`, `pgdn`, `enter`, `esc`,
 * `space`, `ctrl+c`, `wheelup`. `undefined` for what the UI does not use (Alt+key, clicks).
 */
export function keyName(input: string, key: Key): string | undefined {
  const mouse = MOUSE.exec(input);
  if (mouse) {
    const button = Number(mouse[1]);
    if (button === 64) return 'wheelup';
    if (button === 65) return 'wheeldown';
    return undefined;
  }
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return 'tab';
  // Ink 6.8 reports the Backspace key's DEL byte (0x7f) as `delete`: both erase backwards.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl) return input.length === 1 ? `ctrl+${input.toLowerCase()}` : undefined;
  if (key.meta) return undefined;
  if (input === ' ') return 'space';
  return input.length === 1 ? input : undefined;
}
