/**
 * The UI's state and behaviour, outside React: keys in, a version counter out. React reads
 * `frame()` when the version moved (useSyncExternalStore), so log data never enters React
 * state and a flood of entries costs at most one frame per `FRAME_MS`, and none at all when
 * nothing visible changed (paused views only update their "▼ N new lines" badge).
 */
import type {Key} from './ink.js';
import type {LogEntry} from '../logs/entry.js';
import type {ComponentStatus} from '../supervisor/status.js';
import {applyAction} from './actions.js';
import {compileView, EMPTY_FILTER, type TuiFilter} from './filter-state.js';
import {withDisplayFloor} from '../logs/display-floor.js';
import {actionFor, keyName} from './keymap.js';
import {computeLayout, type LayoutResult} from './layout.js';
import {LastStarts, START_NOTES} from './last-starts.js';
import {LogWindow} from './log-window.js';
import {MergedWindow} from './merged-window.js';
import type {PaneWindow} from './pane-window.js';
import {NO_OVERLAY, type Overlay, type Toast} from './overlay.js';
import {handlePromptKey} from './prompt.js';
import type {TuiSource} from './source.js';
import {RateHistory} from './stats.js';
import {shortPath} from './text.js';
import {BackgroundWork} from './background.js';
import {FramePacer} from './frame-pacer.js';
import {realTimers, type Timers} from './ui-timers.js';

/** Frame budget under a flood: one per this many ms (6 fps, run.ts's `DEFAULT_MAX_FPS`); keys draw at once (frame-pacer.ts). */
export const FRAME_MS = 167;
const TICK_MS = 1000;
/** Control bytes inside a chunk of typed keys, by key name. */
const CHUNK_KEYS: Readonly<Record<string, string>> = {'\r': 'enter', '\x7f': 'backspace', '\b': 'backspace', '\t': 'tab', ' ': 'space', '\x03': 'ctrl+c'};

/** Pane id of the merged timeline. */
export const MERGED = '*';

export type {Timers} from './ui-timers.js';

export interface ControllerOptions {
  source: TuiSource;
  /** Shown in the header. */
  pipelineName?: string;
  logDir: string;
  cwd?: string; // default process.cwd(): the log folder is named relative to it
  color: boolean;
  columns: number;
  rows: number;
  /** Raw bytes to the terminal, for OSC 52 (copy). */
  writeTerminal: (data: string) => void;
  now?: () => number;
  timers?: Timers;
  /** Least time between two frames drawn for new data (default `FRAME_MS`). */
  frameMs?: number;
}

export class TuiController {
  readonly source: TuiSource;
  readonly pipelineName: string;
  readonly logDir: string;
  readonly logDirLabel: string; // `logDir` relative to the working directory when inside it
  readonly color: boolean;
  readonly now: () => number;
  readonly writeTerminal: (data: string) => void;
  readonly rates = new RateHistory();
  focus: 'components' | 'logs' = 'components';
  selected = 0;
  filter: TuiFilter = EMPTY_FILTER;
  filterError: string | undefined;
  search = '';
  searchRegex: RegExp | undefined;
  split = false;
  showTime = true;
  overlay: Overlay = NO_OVERLAY;
  toast: Toast | undefined;
  statuses: ComponentStatus[];
  columns: number;
  rows: number;
  /** Resolves when quitting finished (the pipeline stopped, or the UI detached). */
  readonly done: Promise<void>;
  /** When the last key was handled (for the key → frame latency figure). */
  lastInputAt: number | undefined;
  resolveDone!: () => void;
  readonly #windows = new Map<string, PaneWindow>();
  readonly #listeners = new Set<() => void>();
  readonly #timers: Timers;
  readonly #handles: unknown[] = [];
  readonly #unsubscribe: (() => void)[] = [];
  readonly #starts = new LastStarts();
  readonly #pacer: FramePacer;
  /** Exports still running (cancelled and awaited when the UI ends). */
  readonly background = new BackgroundWork();
  #version = 0;

  constructor(options: ControllerOptions) {
    this.source = options.source;
    this.pipelineName = options.pipelineName ?? options.source.pipelineName;
    this.logDir = options.logDir;
    this.logDirLabel = shortPath(options.logDir, options.cwd ?? process.cwd());
    this.color = options.color;
    this.columns = options.columns;
    this.rows = options.rows;
    this.writeTerminal = options.writeTerminal;
    this.now = options.now ?? Date.now;
    this.#timers = options.timers ?? realTimers;
    this.#pacer = new FramePacer(this.#timers, this.now, options.frameMs ?? FRAME_MS, () => this.changed());
    this.statuses = this.source.status();
    this.#starts.observeStatuses(this.statuses);
    this.#starts.observeEntries(this.source.ring.query(START_NOTES));
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.rates.sample(this.statuses, this.now());
    this.#unsubscribe.push(this.source.subscribe((batch) => this.#onEntries(batch)));
    this.#unsubscribe.push(
      this.source.onStatusChange(() => {
        this.statuses = this.source.status();
        if (this.#starts.observeStatuses(this.statuses)) this.#followRestart();
        this.#pacer.dataChanged();
      }),
    );
    this.#handles.push(this.#timers.setInterval(() => this.#tick(), TICK_MS));
  }

  // ---- React side ------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getVersion = (): number => this.#version;

  /** Ink input handler (stable identity, so Ink does not re-subscribe every render). */
  handleInput = (input: string, key: Key): void => {
    this.lastInputAt = this.now();
    // Keys typed faster than the terminal is read arrive as one chunk, which Ink hands over
    // like a paste ("o4", "Sent\rn"): they are separate key presses. (Escape sequences Ink
    // did not recognise, like mouse clicks, arrive as `[…` or with ESC: not keys.)
    const name = keyName(input, key);
    if (name === undefined && input.length > 1 && !key.ctrl && !key.meta && !input.startsWith('[') && !input.includes('\x1b')) {
      for (const char of input) {
        const charName = CHUNK_KEYS[char] ?? (char < ' ' ? undefined : char);
        if (charName !== undefined) this.press(charName, charName === 'backspace' || charName === 'enter' ? '' : char);
      }
      return;
    }
    this.press(name, input);
  };

  resize(columns: number, rows: number): void {
    if (columns === this.columns && rows === this.rows) return;
    this.columns = columns;
    this.rows = rows;
    this.changed();
  }

  dispose(): void {
    for (const handle of this.#handles) this.#timers.clearInterval(handle);
    this.#pacer.dispose();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#listeners.clear();
  }

  // ---- keys ------------------------------------------------------------------------------

  /** One key press by name (see `keyName`); `input` is the raw text for prompts. */
  press(name: string | undefined, input = ''): void {
    if (this.overlay.kind === 'prompt') {
      handlePromptKey(this, this.overlay, name, input);
      return this.changed();
    }
    if (name === undefined) return;
    applyAction(this, name, actionFor(name));
    this.changed();
  }

  // ---- views -----------------------------------------------------------------------------

  /** When `id` last started (kept after it exits), if seen. */
  lastStart(id: string): number | undefined {
    return this.#starts.of(id);
  }

  /** Component ids in declaration order. */
  componentIds(): string[] {
    return this.statuses.map((s) => s.id);
  }

  selectedStatus(): ComponentStatus | undefined {
    return this.statuses[this.selected];
  }

  /** The panes shown: the merged timeline, or 2–4 components side by side. */
  panes(): string[] {
    if (!this.split) return [MERGED];
    const ids = this.componentIds();
    const visible = ids.filter((id) => !this.filter.hidden.has(id));
    if (visible.length >= 2) return visible.slice(0, 4);
    const start = Math.max(0, this.selected);
    const picked: string[] = [];
    for (let i = 0; i < Math.min(4, ids.length); i++) picked.push(ids[(start + i) % ids.length] as string);
    return picked;
  }

  /** The pane keys act on: the selected component's pane in a split, else the first. */
  activePane(): string {
    const panes = this.panes();
    const id = this.selectedStatus()?.id;
    return id !== undefined && panes.includes(id) ? id : (panes[0] ?? MERGED);
  }

  window(pane: string): PaneWindow {
    let window = this.#windows.get(pane);
    if (window === undefined) {
      const options = {
        ...(this.source.history && {history: this.source.history}),
        live: () => this.source.liveRing?.(),
        onChange: () => this.changed(),
        onFailure: (m: string) => this.notify(m, 'error'),
      };
      // The merged timeline orders every component's entries by time; a component's pane by arrival.
      window = pane === MERGED ? new MergedWindow(this.source.ring, undefined, {...options, componentIds: () => this.componentIds()}) : new LogWindow(this.source.ring, undefined, options);
      this.#windows.set(pane, window);
      this.#compileWindow(pane, window);
    }
    return window;
  }

  layout(): LayoutResult {
    return computeLayout(this.columns, this.rows, this.statuses.length, this.panes().length);
  }

  /** Log rows per pane in the current layout (at least 1, for scroll arithmetic). */
  logHeight(): number {
    const layout = this.layout();
    return layout.fits ? Math.max(1, layout.layout.logHeight) : 1;
  }

  /** Replaces the filter; an invalid one keeps the previous and reports why. */
  setFilter(next: TuiFilter): boolean {
    const check = compileView(next, this.componentIds(), undefined, this.now());
    if (!check.ok) {
      this.filterError = check.error;
      return false;
    }
    this.filter = next;
    this.filterError = undefined;
    this.#recompile();
    return true;
  }

  setSearch(pattern: string): boolean {
    if (pattern === '') {
      this.search = '';
      this.searchRegex = undefined;
      return true;
    }
    try {
      this.searchRegex = new RegExp(pattern, /[A-Z]/.test(pattern) ? '' : 'i');
      this.search = pattern;
      return true;
    } catch (error) {
      this.filterError = `search: ${(error as Error).message}`;
      return false;
    }
  }

  /** `forMs`: how long it stays (a running search says so until it ends: Infinity). */
  notify(text: string, level: Toast['level'] = 'info', forMs = 4000): void {
    this.toast = {text, level, until: this.now() + forMs};
    this.changed();
  }

  /** Something visible changed because of the user: draw now. */
  changed(): void {
    this.#pacer.drew();
    this.#version++;
    for (const listener of this.#listeners) listener();
  }

  // ---- internals -------------------------------------------------------------------------

  #compileWindow(pane: string, window: PaneWindow): void {
    const compiled = compileView(this.filter, this.componentIds(), pane === MERGED ? undefined : pane, this.now());
    if (compiled.ok) window.filter = withDisplayFloor(compiled.value, this.source.displayFloor);
  }

  #recompile(): void {
    for (const [pane, window] of this.#windows) this.#compileWindow(pane, window);
  }

  #onEntries(batch: readonly LogEntry[]): void {
    if (this.#starts.observeEntries(batch)) this.#followRestart();
    const shown = new Set(this.panes());
    for (const [pane, window] of this.#windows) {
      if (!shown.has(pane)) continue;
      if (window.onEntries(batch)) this.#pacer.dataChanged();
    }
  }

  /** "Since the last restart" follows the component's newest start. */
  #followRestart(): void {
    const since = this.filter.restartSince;
    if (this.filter.time !== 'restart' || since === undefined) return;
    const at = this.#starts.of(since.id);
    if (at === undefined || at === since.at) return;
    this.filter = {...this.filter, restartSince: {id: since.id, at}};
    this.#recompile();
    this.#pacer.dataChanged();
  }

  #tick(): void {
    this.statuses = this.source.status();
    if (this.#starts.observeStatuses(this.statuses)) this.#followRestart();
    if (this.selected >= this.statuses.length) this.selected = Math.max(0, this.statuses.length - 1);
    this.rates.sample(this.statuses, this.now());
    if (this.toast && this.toast.until <= this.now()) this.toast = undefined;
    // Relative windows ("last 5 m") move with the clock.
    if (this.filter.time === '5m' || this.filter.time === '1h') this.#recompile();
    this.changed();
  }

  /** Fresh status now (after an action), instead of waiting for the tick. */
  refreshStatus(): void {
    this.statuses = this.source.status();
  }
}
