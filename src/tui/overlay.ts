/** What covers the log panes or the footer for a moment; one at a time. */
import type {LogEntry} from '../logs/entry.js';

export type PromptField = 'include' | 'exclude' | 'search';

export type Overlay =
  | {kind: 'none'}
  | {kind: 'help'; scroll: number}
  | {kind: 'detail'; entry: LogEntry; scroll: number}
  | {kind: 'confirmStop'; id: string}
  | {kind: 'exportFormat'}
  /** Text being typed; applied as typed. `previous` comes back on esc. */
  | {kind: 'prompt'; field: PromptField; text: string; previous: string; error: string | undefined}
  | {kind: 'quitting'; force: boolean};

export const NO_OVERLAY: Overlay = {kind: 'none'};

/** A short note in the footer that goes away after a few seconds. */
export interface Toast {
  text: string;
  level: 'info' | 'error';
  until: number;
}
