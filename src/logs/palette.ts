/**
 * Colours for the console, the TUI and the text exporter: one stable colour per component
 * and one per level. Component colours are the Okabe–Ito palette (distinguishable with the
 * common forms of colour blindness), as xterm-256 codes brightened for dark backgrounds.
 * Levels never rely on colour alone: their label is always printed too.
 */
import type {Level} from './entry.js';

export interface PaletteColor {
  /** Okabe–Ito name. */
  readonly name: string;
  /** The reference sRGB value. */
  readonly hex: string;
  /** Nearest readable xterm-256 index (`ESC[38;5;<n>m`). */
  readonly ansi256: number;
}

/** Ordered so neighbours (components declared one after another) contrast most. */
export const COMPONENT_PALETTE: readonly PaletteColor[] = [
  {name: 'orange', hex: '#E69F00', ansi256: 214},
  {name: 'sky blue', hex: '#56B4E9', ansi256: 74},
  {name: 'bluish green', hex: '#009E73', ansi256: 36},
  {name: 'reddish purple', hex: '#CC79A7', ansi256: 175},
  {name: 'yellow', hex: '#F0E442', ansi256: 221},
  {name: 'blue', hex: '#0072B2', ansi256: 32},
  {name: 'vermillion', hex: '#D55E00', ansi256: 166},
];

/**
 * A stable palette slot for a component: `colorIndex` when the caller assigns one (e.g. the
 * declaration order, so the first seven never collide), else a hash of the id, so the same
 * component has the same colour in `up`, `logs` and exports, run after run.
 */
export function componentColor(componentId: string, colorIndex?: number): PaletteColor {
  const index = colorIndex ?? fnv1a(componentId);
  const slot = ((index % COMPONENT_PALETTE.length) + COMPONENT_PALETTE.length) % COMPONENT_PALETTE.length;
  return COMPONENT_PALETTE[slot] ?? (COMPONENT_PALETTE[0] as PaletteColor);
}

/** SGR parameters of a component colour. */
export function componentSgr(componentId: string, colorIndex?: number): string {
  return `38;5;${componentColor(componentId, colorIndex).ansi256}`;
}

/** SGR parameters per level (the 16 base colours, which every terminal theme maps). */
export const LEVEL_SGR: Readonly<Record<Level, string>> = {
  trace: '90',
  debug: '35',
  info: '36',
  warn: '33',
  error: '31',
  fatal: '1;31',
  unknown: '',
};

/** Fixed-width labels for the level column. */
export const LEVEL_LABEL: Readonly<Record<Level, string>> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'FATAL',
  unknown: '',
};

export const LEVEL_COLUMN_WIDTH = 5;

/** flowctl's own lifecycle notes: dim italic, so they read apart from the children's output. */
export const CONTROL_SGR = '2;3';
export const TIMESTAMP_SGR = '2';
export const FIELD_KEY_SGR = '2';

export const RESET = '\x1b[0m';

/** `text` in the given SGR parameters, reset right after; no escape at all for `''` params or text. */
export function paint(sgr: string, text: string): string {
  return sgr === '' || text === '' ? text : `\x1b[${sgr}m${text}${RESET}`;
}

/** 32-bit FNV-1a over UTF-16 code units: cheap, stable across runs and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
