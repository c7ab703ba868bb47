/**
 * Which columns of the component list fit a terminal width, and how wide each is. Every
 * column has a comfortable width and a compact one (`LINES/S` → `L/S`, `processor` → `proc`,
 * a shorter sparkline, the id cut with `…`): as the terminal narrows, columns shrink in
 * `SHRINK_ORDER` down to their compact width, so all of them fit in 80 columns; below that,
 * the least useful columns go first (`DROP_ORDER`) and state always stays.
 */

export type ColumnName = 'state' | 'health' | 'pid' | 'uptime' | 'restarts' | 'rate' | 'sparkline' | 'warnings' | 'errors' | 'type';

export interface ColumnSpec {
  readonly name: ColumnName;
  /** Header at the comfortable width, and when compact. */
  readonly header: string;
  readonly compactHeader: string;
  readonly width: number;
  readonly compactWidth: number;
}

/** Left to right. Widths hold every value: `backing-off` (11, compact `backoff`), a 7-digit pid. */
export const COLUMNS: readonly ColumnSpec[] = [
  {name: 'state', header: 'STATE', compactHeader: 'STATE', width: 11, compactWidth: 9},
  {name: 'health', header: 'HEALTH', compactHeader: 'HEALTH', width: 9, compactWidth: 9},
  {name: 'pid', header: 'PID', compactHeader: 'PID', width: 7, compactWidth: 7},
  {name: 'uptime', header: 'UP', compactHeader: 'UP', width: 7, compactWidth: 6},
  {name: 'restarts', header: '↻', compactHeader: '↻', width: 3, compactWidth: 3},
  {name: 'rate', header: 'LINES/S', compactHeader: 'L/S', width: 7, compactWidth: 4},
  {name: 'sparkline', header: '', compactHeader: '', width: 8, compactWidth: 5},
  {name: 'warnings', header: 'WARN', compactHeader: 'WARN', width: 6, compactWidth: 4},
  {name: 'errors', header: 'ERR', compactHeader: 'ERR', width: 6, compactWidth: 4},
  {name: 'type', header: 'TYPE', compactHeader: 'TYPE', width: 9, compactWidth: 4},
];

/** The selection mark, the shown/hidden dot and a space before the id. */
export const LEAD_WIDTH = 3;
/** The id column: up to this wide when there is room, never narrower than the compact width. */
const ID_MAX = 24;
const ID_COMFORT = 9;
export const ID_COMPACT = 6;

type Shrinkable = ColumnName | 'id';
/** Shrunk first → last: decoration before information. */
const SHRINK_ORDER: readonly Shrinkable[] = ['sparkline', 'type', 'rate', 'warnings', 'errors', 'uptime', 'state', 'id'];
/** Dropped first → last once every column is compact; `state` is never dropped. */
const DROP_ORDER: readonly ColumnName[] = ['sparkline', 'type', 'rate', 'restarts', 'uptime', 'warnings', 'health', 'pid', 'errors'];

export interface FittedColumn {
  readonly spec: ColumnSpec;
  readonly width: number;
  readonly compact: boolean;
}

export interface ListColumns {
  readonly idWidth: number;
  readonly columns: readonly FittedColumn[];
}

/** Columns for `width` terminal columns when the longest id is `longestId` wide. */
export function fitColumns(width: number, longestId: number): ListColumns {
  const widths = new Map<Shrinkable, number>(COLUMNS.map((c) => [c.name, c.width]));
  widths.set('id', Math.min(ID_MAX, Math.max(ID_COMFORT, longestId)));
  const kept = new Set<ColumnName>(COLUMNS.map((c) => c.name));
  // Each column is preceded by one space.
  const total = (): number => LEAD_WIDTH + (widths.get('id') ?? 0) + [...kept].reduce((sum, name) => sum + 1 + (widths.get(name) ?? 0), 0);
  for (const name of SHRINK_ORDER) {
    const over = total() - width;
    if (over <= 0) break;
    const current = widths.get(name) ?? 0;
    const least = name === 'id' ? Math.min(current, ID_COMPACT) : (COLUMNS.find((c) => c.name === name)?.compactWidth ?? current);
    widths.set(name, Math.max(least, current - over));
  }
  for (const name of DROP_ORDER) {
    if (total() <= width) break;
    kept.delete(name);
  }
  // Room left after dropping (a dropped column freed more than needed) goes back to the id.
  const spare = width - total();
  const id = widths.get('id') ?? ID_COMPACT;
  if (spare > 0) widths.set('id', Math.min(Math.max(ID_COMFORT, Math.min(ID_MAX, longestId)), id + spare));
  return {
    idWidth: widths.get('id') ?? ID_COMPACT,
    columns: COLUMNS.filter((c) => kept.has(c.name)).map((spec) => {
      const columnWidth = widths.get(spec.name) ?? spec.width;
      return {spec, width: columnWidth, compact: columnWidth < spec.width};
    }),
  };
}

/** Short forms for compact columns: every value still fits its compact width. */
const COMPACT_STATE: Readonly<Record<string, string>> = {'backing-off': 'backoff'};
const COMPACT_TYPE: Readonly<Record<string, string>> = {source: 'src', processor: 'proc', sink: 'sink', pipeline: 'pipe'};

export function compactValue(column: ColumnName, value: string): string {
  if (column === 'state') return COMPACT_STATE[value] ?? value;
  if (column === 'type') return COMPACT_TYPE[value] ?? value;
  return value;
}
