/**
 * What each key does, given the overlay that is open. One switch over the `Action` union
 * (exhaustive), so adding a key to the key map without behaviour does not compile.
 */
import {basename, join} from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import type {LogEntry} from '../logs/entry.js';
import {renderEntry} from '../logs/render.js';
import {unreachable} from '../util/unreachable.js';
import {copySequence} from './clipboard.js';
import type {TuiController} from './controller.js';
import {choiceForKey, exportRun} from './export.js';
import {EMPTY_FILTER, LEVEL_STEPS, TIME_WINDOWS} from './filter-state.js';
import type {Action} from './keymap.js';
import {NO_OVERLAY} from './overlay.js';
import {overlayMaxScroll} from './overlay-view.js';
import {findMatch, findMatchEverywhere, needsHistory, type SearchScope} from './search.js';
import {findMatchByTime, planLaneSearch} from './search-by-time.js';
import {ok} from '../util/result.js';
import {MergedWindow} from './merged-window.js';

/** Lines moved by one mouse wheel notch. */
const WHEEL_LINES = 3;

export function applyAction(ui: TuiController, name: string, action: Action | undefined): void {
  const overlay = ui.overlay;
  switch (overlay.kind) {
    case 'none':
      if (action !== undefined) run(ui, action);
      return;
    case 'quitting':
      // Only a second Ctrl+C does something now: kill everything at once.
      if (name === 'ctrl+c') requestQuit(ui);
      return;
    case 'help':
    case 'detail': {
      if (name === 'ctrl+c') return run(ui, 'quit');
      // Kept within the body, so going back up after overshooting the end takes no extra keys.
      const last = overlayMaxScroll(ui);
      const page = Math.max(1, ui.logHeight() - 1);
      const scrollTo = (line: number): void => void (overlay.scroll = Math.min(Math.max(0, line), last));
      if (name === 'j' || name === 'down' || name === 'wheeldown') scrollTo(overlay.scroll + 1);
      else if (name === 'k' || name === 'up' || name === 'wheelup') scrollTo(overlay.scroll - 1);
      else if (name === 'pgdn') scrollTo(overlay.scroll + page);
      else if (name === 'pgup') scrollTo(overlay.scroll - page);
      else if (name === 'home' || name === 'g') scrollTo(0);
      else if (name === 'end' || name === 'G') scrollTo(last);
      else if (name === 'y' && overlay.kind === 'detail') copyEntry(ui, overlay.entry);
      else if (name === 'esc' || name === 'q' || name === 'enter' || name === 'h') ui.overlay = NO_OVERLAY;
      return;
    }
    case 'confirmStop':
    case 'exportFormat':
      // Ctrl+C always quits, whatever is asked (the help says so); any other key answers.
      if (name === 'ctrl+c') {
        ui.overlay = NO_OVERLAY;
        return requestQuit(ui);
      }
      return overlay.kind === 'confirmStop' ? answerStop(ui, overlay.id, name) : answerExport(ui, name);
    case 'prompt':
      return; // handled by prompt.ts before actions
    default:
      unreachable(overlay);
  }
}

function answerStop(ui: TuiController, id: string, name: string): void {
  ui.overlay = NO_OVERLAY;
  if (name === 'y') return void control(ui, 'stop', id);
  const state = ui.statuses.find((s) => s.id === id)?.state;
  const ended = state === 'exited' || state === 'failed' || state === 'stopped';
  ui.notify(ended ? `stop ${id} cancelled` : `${id} keeps running`);
}

function answerExport(ui: TuiController, name: string): void {
  ui.overlay = NO_OVERLAY;
  const choice = choiceForKey(name);
  if (choice === undefined) return ui.notify('export cancelled');
  const {format, color} = choice;
  const window = ui.window(ui.panes().length === 1 ? ui.activePane() : '*');
  const scope = {ring: ui.source.ring, history: ui.source.history, floor: window.historyFloor(), filter: window.filter};
  const prefixWidth = Math.max(0, ...ui.componentIds().map((id) => id.length));
  ui.notify(`exporting the filtered entries of the run as ${format}${color ? ' with colours' : ''}…`);
  ui.background.start(async (signal) => {
    const result = await exportRun(scope, {format, color, dir: ui.logDir, now: ui.now(), prefixWidth, signal});
    if (!result.ok) return ui.notify(result.error, 'error');
    const {count, path, olderInFiles} = result.value;
    // The caveat before the path: a narrow footer cuts the end.
    // The folder as the export prompt names it (relative to where flowctl started, when inside).
    ui.notify(`exported ${count.toLocaleString('en-US')} entries${olderInFiles ? ' (older ones only in the log files)' : ''} to ${join(ui.logDirLabel, basename(path))}`);
  });
}

/**
 * Keys that move the view or change what it shows: a history search still running for an
 * earlier n / N is cancelled by them, else its answer would jump the view away from where
 * the user just went (G, End, esc, paging, filters).
 */
const CANCELS_SEARCH: ReadonlySet<Action> = new Set<Action>([
  'up', 'down', 'pageUp', 'pageDown', 'top', 'follow', 'wheelUp', 'wheelDown', 'toggleComponent', 'solo', 'split',
  'level1', 'level2', 'level3', 'level4', 'level5', 'cycleLevel', 'timeWindow', 'include', 'exclude', 'search', 'clear',
]);

function run(ui: TuiController, action: Action): void {
  if (CANCELS_SEARCH.has(action)) cancelSearch(ui);
  const height = ui.logHeight();
  const window = ui.window(ui.activePane());
  const selected = ui.selectedStatus();
  switch (action) {
    case 'up':
    case 'down':
      if (ui.focus === 'components') {
        const next = ui.selected + (action === 'up' ? -1 : 1);
        ui.selected = Math.min(Math.max(0, next), Math.max(0, ui.statuses.length - 1));
      } else window.moveSelection(action === 'up' ? -1 : 1, height);
      return;
    case 'focus':
      ui.focus = ui.focus === 'components' ? 'logs' : 'components';
      return;
    case 'pageUp':
      return window.scrollUp(Math.max(1, height - 1), height);
    case 'pageDown':
      return window.scrollDown(Math.max(1, height - 1), height);
    case 'wheelUp':
      return window.scrollUp(WHEEL_LINES, height);
    case 'wheelDown':
      return window.scrollDown(WHEEL_LINES, height);
    case 'top':
      return window.top(height);
    case 'follow':
      for (const pane of ui.panes()) ui.window(pane).resume();
      return;
    case 'toggleComponent': {
      if (selected === undefined) return;
      const hidden = new Set(ui.filter.hidden);
      if (hidden.has(selected.id)) hidden.delete(selected.id);
      else hidden.add(selected.id);
      ui.setFilter({...ui.filter, hidden});
      return;
    }
    case 'solo': {
      if (selected === undefined) return;
      const others = ui.componentIds().filter((id) => id !== selected.id);
      const alreadySolo = !ui.filter.hidden.has(selected.id) && others.every((id) => ui.filter.hidden.has(id));
      ui.setFilter({...ui.filter, hidden: alreadySolo ? new Set() : new Set(others)});
      return;
    }
    case 'split':
      ui.split = !ui.split;
      return;
    case 'level1':
    case 'level2':
    case 'level3':
    case 'level4':
    case 'level5':
      ui.setFilter({...ui.filter, minLevel: LEVEL_STEPS[Number(action.slice(5)) - 1]});
      return;
    case 'cycleLevel': {
      const index = LEVEL_STEPS.indexOf(ui.filter.minLevel);
      ui.setFilter({...ui.filter, minLevel: LEVEL_STEPS[(index + 1) % LEVEL_STEPS.length]});
      return;
    }
    case 'timeWindow': {
      const time = TIME_WINDOWS[(TIME_WINDOWS.indexOf(ui.filter.time) + 1) % TIME_WINDOWS.length] ?? 'all';
      // The component's last start, also while it is down between two runs (a crash loop).
      const at = selected === undefined ? -Infinity : Math.max(selected.startedAt ?? -Infinity, ui.lastStart(selected.id) ?? -Infinity);
      const restartSince = selected === undefined || at === -Infinity ? undefined : {id: selected.id, at};
      if (time === 'restart' && restartSince === undefined) {
        ui.setFilter({...ui.filter, time: 'all', restartSince: undefined});
        ui.notify(`${selected?.id ?? 'no component'} has not started: showing everything`);
        return;
      }
      ui.setFilter({...ui.filter, time, restartSince});
      return;
    }
    case 'include':
    case 'exclude':
      ui.overlay = {kind: 'prompt', field: action, text: ui.filter[action], previous: ui.filter[action], error: undefined};
      return;
    case 'search':
      ui.overlay = {kind: 'prompt', field: 'search', text: ui.search, previous: ui.search, error: undefined};
      return;
    case 'nextMatch':
    case 'prevMatch':
      return jump(ui, action === 'nextMatch' ? -1 : 1);
    case 'clear':
      ui.setFilter(EMPTY_FILTER);
      ui.setSearch('');
      ui.filterError = undefined;
      return;
    case 'toggleTime':
      ui.showTime = !ui.showTime;
      return;
    case 'expand': {
      const entry = window.selected(height);
      if (entry !== undefined) ui.overlay = {kind: 'detail', entry, scroll: 0};
      return;
    }
    case 'export':
      ui.overlay = {kind: 'exportFormat'};
      return;
    case 'copy': {
      const entry = window.selected(height);
      if (entry !== undefined) copyEntry(ui, entry);
      return;
    }
    case 'help':
      ui.overlay = {kind: 'help', scroll: 0};
      return;
    case 'restart':
    case 'start':
      if (selected !== undefined) void control(ui, action, selected.id);
      return;
    case 'stop':
      if (selected !== undefined) ui.overlay = {kind: 'confirmStop', id: selected.id};
      return;
    case 'quit':
      return requestQuit(ui);
    default:
      unreachable(action);
  }
}

/**
 * q, Ctrl+C or a signal: the first asks the source to shut down gracefully (showing each
 * component's progress), the second forces. The UI ends when the shutdown resolved.
 */
export function requestQuit(ui: TuiController): void {
  const overlay = ui.overlay;
  if (overlay.kind === 'quitting') {
    if (overlay.force || !ui.source.quitStopsPipeline) return;
    ui.overlay = {kind: 'quitting', force: true};
    void ui.source.shutdown({force: true});
    return ui.changed();
  }
  ui.overlay = {kind: 'quitting', force: false};
  // An export still running is cancelled, not finished: it may have a whole stored run left
  // to read, and quitting must not wait on that. Its `.part` file is removed (runTui waits).
  void ui.background.cancelAll();
  ui.source.shutdown().then(
    () => ui.resolveDone(),
    (error: unknown) => {
      ui.notify(`stopping failed: ${(error as Error).message}`, 'error');
      ui.resolveDone();
    },
  );
  ui.changed();
}

/** Bumped by each n / N and by `cancelSearch`: a history search still running for an earlier press is dropped. */
const searches = new WeakMap<TuiController, {generation: number; running: boolean}>();

/** Drops the history search still running, if any, and says so (replacing "searching…"). */
function cancelSearch(ui: TuiController): void {
  const search = searches.get(ui);
  if (search === undefined || !search.running) return;
  searches.set(ui, {generation: search.generation + 1, running: false});
  ui.notify(`search for ${ui.search} cancelled`);
}

/**
 * Jumps to the next search match, older (`-1`) or newer (`+1`) than the selection: in the ring
 * at once, else in the run's history (the store, or the attached pipeline) with "searching…".
 */
function jump(ui: TuiController, direction: -1 | 1): void {
  const regex = ui.searchRegex;
  if (regex === undefined) return ui.notify('no search: press ? to search');
  const height = ui.logHeight();
  const window = ui.window(ui.activePane());
  const from = window.selected(height)?.seq;
  if (from === undefined) return;
  const generation = (searches.get(ui)?.generation ?? 0) + 1;
  searches.set(ui, {generation, running: false});
  const current = (): boolean => searches.get(ui)?.generation === generation;
  const scope: SearchScope = {ring: ui.source.ring, history: ui.source.history, floor: window.historyFloor(), filter: window.filter, regex, pattern: ui.search, now: ui.now()};
  const older = direction < 0 ? 'older' : 'newer';
  const searching = `searching ${older} entries for ${ui.search}…`;
  const show = (result: Awaited<ReturnType<typeof findMatchEverywhere>>): void => {
    if (!current()) return;
    searches.set(ui, {generation, running: false});
    if (ui.toast?.text === searching) ui.toast = undefined;
    if (!result.ok) return ui.notify(result.error, 'error');
    if (result.value === undefined) return ui.notify(`no ${older} match for ${ui.search}`);
    window.reveal(result.value.entry, height);
    // The match is the selected entry: show the selection (enter / y act on it).
    ui.focus = 'logs';
    if (result.value.where === 'history') ui.notify(`match #${result.value.entry.seq} from the history`);
    ui.changed();
  };
  const failed = (error: unknown): void => show({ok: false, error: `search failed: ${(error as Error).message}`});
  if (window instanceof MergedWindow) {
    // The merged timeline: the nearest match above or below the selected row in time order.
    const selected = window.selected(height) as LogEntry;
    const plan = planLaneSearch(scope, window.laneIds(), selected, direction);
    if (!plan.ok) return show(plan);
    // Everything to look at is in memory: answer within this key press.
    if (plan.value.history.length === 0) return show(ok(plan.value.inRing && {entry: plan.value.inRing, where: 'ring'}));
    // Said until the search ends (it can take a while over a long history).
    ui.notify(searching, 'info', Infinity);
    searches.set(ui, {generation, running: true});
    return void findMatchByTime(scope, plan.value, selected, direction, () => !current()).then(show, failed);
  }
  if (!needsHistory(scope, from, direction)) {
    // Everything to look at is in memory: answer within this key press.
    const entry = findMatch(scope.ring, scope.filter, regex, from, direction, direction < 0 ? scope.floor : -Infinity);
    return show({ok: true, value: entry && {entry, where: 'ring'}});
  }
  // Said until the search ends (it can take a while over a long history).
  ui.notify(searching, 'info', Infinity);
  searches.set(ui, {generation, running: true});
  void findMatchEverywhere(scope, from, direction, () => !current()).then(show, failed);
}

async function control(ui: TuiController, action: 'restart' | 'stop' | 'start', id: string): Promise<void> {
  const verb = {restart: 'restarting', stop: 'stopping', start: 'starting'}[action];
  ui.notify(`${verb} ${id}…`);
  const result = await ui.source[action](id);
  ui.refreshStatus();
  if (result.ok) ui.notify(`${id}: ${action === 'stop' ? 'stopped' : action === 'start' ? 'start requested' : 'restarted'}`);
  else ui.notify(`${action} ${id}: ${result.error}`, 'error');
}

function copyEntry(ui: TuiController, entry: LogEntry): void {
  const text = stripVTControlCharacters(renderEntry(entry, {color: false, prefix: true, prefixWidth: 0, timestamps: true, raw: false}));
  ui.writeTerminal(copySequence(text));
  ui.notify(`copied entry #${entry.seq} to the clipboard (OSC 52)`);
}
