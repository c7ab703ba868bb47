/** `logging.level` as a floor: the filter's rule, applied with the user's filter. */
import {describe, expect, it} from 'vitest';
import {DisplayFloor, keepDisplayFloor, withDisplayFloor} from '../../src/logs/display-floor.js';
import {LEVELS, levelRank, type Level, type LogEntry} from '../../src/logs/entry.js';
import {compileFilter} from '../../src/logs/filter.js';
import {entry} from './entries.js';

const ALL_LEVELS: Level[] = [...LEVELS, 'unknown'];
const floor = DisplayFloor.of([{id: 'noisy', minLevel: 'warn'}, {id: 'quiet', minLevel: undefined}, {id: 'chatty', minLevel: 'debug'}]) as DisplayFloor;

function everyKind(): LogEntry[] {
  let seq = 0;
  return ['noisy', 'quiet', 'chatty', 'other'].flatMap((componentId) =>
    ALL_LEVELS.flatMap((level) => (['stdout', 'control'] as const).map((stream) => entry({seq: ++seq, componentId, level, stream, message: `${componentId} ${level} ${stream}`}))),
  );
}

describe('DisplayFloor', () => {
  it('none without a level anywhere', () => {
    expect(DisplayFloor.of([{id: 'a', minLevel: undefined}])).toBeUndefined();
    expect(withDisplayFloor(undefined, undefined)).toBeUndefined();
  });

  it("hides what --min-level would hide, per component, and never flowctl's notes", () => {
    const minWarn = compileFilter({minLevel: 'warn'});
    if (!minWarn.ok) throw new Error(minWarn.error.message);
    for (const e of everyKind()) {
      const expected = e.stream === 'control' || (e.componentId === 'noisy' ? minWarn.value.matches(e) : e.componentId === 'chatty' ? levelRank(e.level) >= levelRank('debug') : true);
      expect(floor.shows(e), e.message).toBe(expected);
    }
    expect(floor.shows(entry({componentId: 'noisy', level: 'unknown'}))).toBe(false);
  });

  it('combined with a filter: what both keep', () => {
    const entries = everyKind();
    const user = compileFilter({components: ['noisy', 'quiet', 'chatty'], levels: ['debug', 'info', 'warn', 'error', 'unknown']});
    if (!user.ok) throw new Error(user.error.message);
    const floored = withDisplayFloor(user.value, floor);
    if (floored === undefined) throw new Error('expected a filter');
    expect(floored.spec).toBe(user.value.spec);
    const kept = entries.filter((e) => floored.matches(e)).map((e) => e.seq);
    expect(kept).toEqual(entries.filter((e) => user.value.matches(e) && floor.shows(e)).map((e) => e.seq));
    expect(kept.length).toBeGreaterThan(0);
    expect(entries.filter((e) => user.value.matches(e)).length).toBeGreaterThan(kept.length);
  });

  it('a filter rebuilt from a floored one keeps the floor (search builds its own from the pane\'s spec)', () => {
    const floored = withDisplayFloor(undefined, floor);
    const rebuilt = compileFilter({include: ['noisy']});
    if (!rebuilt.ok || floored === undefined) throw new Error('expected filters');
    const kept = keepDisplayFloor(floored, rebuilt.value);
    expect(kept.matches(entry({componentId: 'noisy', level: 'info', raw: 'noisy'}))).toBe(false);
    expect(kept.matches(entry({componentId: 'noisy', level: 'error', raw: 'noisy'}))).toBe(true);
    expect(keepDisplayFloor(undefined, rebuilt.value)).toBe(rebuilt.value);
  });
});
