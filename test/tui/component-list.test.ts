/** Which rows of the component list show when there are more components than rows. */
import {describe, expect, test} from 'vitest';
import {firstListRow} from '../../src/tui/component-list.js';

describe('hidden-components-unmarked', () => {
  test('the window shows the selection and one row past it, so the edge rows stay free for ▲ / ▼', () => {
    // 7 components in 6 rows (80×24).
    expect([0, 1, 2, 3, 4].map((selected) => firstListRow(selected, 7, 6))).toEqual([0, 0, 0, 0, 0]);
    expect(firstListRow(5, 7, 6)).toBe(1); // the 6th: the 7th comes into view below it
    expect(firstListRow(6, 7, 6)).toBe(1);
    // Everything fits: no scrolling.
    expect(firstListRow(2, 3, 6)).toBe(0);
    // 2 rows (a 12-row terminal) have no room for context: the selection alone.
    expect([0, 1, 2, 3].map((selected) => firstListRow(selected, 4, 2))).toEqual([0, 0, 1, 2]);
  });
});
