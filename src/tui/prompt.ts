/**
 * Typing a regex (`/` include, `\` exclude, `?` search): every key edits the text and the
 * view follows at once; an invalid pattern is reported and the last valid one stays in
 * force. Enter keeps the text, esc puts back what was there before.
 */
import {requestQuit} from './actions.js';
import type {TuiController} from './controller.js';
import type {Overlay} from './overlay.js';
import {NO_OVERLAY} from './overlay.js';

type PromptOverlay = Extract<Overlay, {kind: 'prompt'}>;

export function handlePromptKey(ui: TuiController, prompt: PromptOverlay, name: string | undefined, input: string): void {
  if (name === 'ctrl+c') {
    // Ctrl+C always quits (the help says so); esc is what closes a prompt.
    ui.overlay = NO_OVERLAY;
    apply(ui, prompt.field, prompt.previous);
    ui.filterError = undefined;
    return requestQuit(ui);
  }
  if (name === 'enter') {
    ui.overlay = NO_OVERLAY;
    if (prompt.error !== undefined) apply(ui, prompt.field, prompt.previous);
    ui.filterError = undefined;
    return;
  }
  if (name === 'esc') {
    ui.overlay = NO_OVERLAY;
    apply(ui, prompt.field, prompt.previous);
    ui.filterError = undefined;
    return;
  }
  let text = prompt.text;
  if (name === 'backspace') text = [...text].slice(0, -1).join('');
  else if (name === 'ctrl+u') text = '';
  // Printable text, one key or a paste; arrows and other named keys are ignored here.
  // eslint-disable-next-line no-control-regex -- pasted control characters are dropped
  else if (input !== '' && (name === undefined || name.length === 1 || name === 'space')) text += input.replace(/[\x00-\x1f\x7f]/g, '');
  else return;
  const applied = apply(ui, prompt.field, text);
  ui.overlay = {...prompt, text, error: applied ? undefined : ui.filterError};
}

/** Puts `text` into the field; false (and `ui.filterError` set) when it does not compile. */
function apply(ui: TuiController, field: PromptOverlay['field'], text: string): boolean {
  if (field === 'search') {
    ui.filterError = undefined;
    return ui.setSearch(text);
  }
  return ui.setFilter({...ui.filter, [field]: text});
}
