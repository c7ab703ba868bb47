/** One log entry as one pane row: how much of the time a pane's width leaves room for. */
import {describe, expect, test} from 'vitest';
import {entryRow, shortTime, timeColumnFor, type RowStyle} from '../../src/tui/rows.js';
import {entry} from '../logs/entries.js';

const style = (time: RowStyle['time']): RowStyle => ({color: false, prefix: false, prefixWidth: 0, time, colorIndex: new Map(), search: undefined});

describe('narrow-split-time-eats-message', () => {
  test('the time takes at most a third of the pane: milliseconds from 39 columns, HH:MM:SS from 27, none below', () => {
    expect(timeColumnFor(80)).toBe('milliseconds');
    expect(timeColumnFor(39)).toBe('milliseconds'); // two panes at 80 columns
    expect(timeColumnFor(38)).toBe('seconds');
    expect(timeColumnFor(27)).toBe('seconds');
    expect(timeColumnFor(26)).toBe('none'); // three panes at 80 columns
    expect(timeColumnFor(19)).toBe('none'); // four panes at 80 columns
  });

  test('a row leads with the time it is given, and a 18-column row keeps 12 columns of message without it', () => {
    const structured = entry({raw: '{"level":"info","msg":"msg-0123456789"}', message: 'msg-0123456789'});
    const time = shortTime(structured.timestamp);
    expect(time).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(entryRow(structured, style('milliseconds'), 80)).toBe(`${time} INFO  msg-0123456789`);
    expect(entryRow(structured, style('seconds'), 80)).toBe(`${time.slice(0, 8)} INFO  msg-0123456789`);
    expect(entryRow(structured, style('none'), 18)).toBe('INFO  msg-01234567');
    expect(shortTime(Number.NaN, false)).toBe('--:--:--');
  });
});

describe('joined-row-marker-past-edge', () => {
  test('a multi-line entry wider than the pane is cut before its ⏎+N marker, which always shows', () => {
    const message = `ERROR c.e.Worker - job failed ${'x'.repeat(120)}\njava.lang.IllegalStateException: boom\n\tat c.e.Worker.run(Worker.java:42)`;
    const joined = entry({raw: message, message, level: 'error'});
    const row = entryRow(joined, style('none'), 60);
    expect(row).toHaveLength(60);
    expect(row.endsWith(' ⏎+2')).toBe(true);
    expect(row.startsWith('ERROR ')).toBe(true);
    // A short one keeps the marker right after its text, as before.
    const short = entry({raw: 'ERROR short\n\tat x', message: 'ERROR short\n\tat x', level: 'error'});
    expect(entryRow(short, style('none'), 60)).toMatch(/short ⏎\+1$/);
    // In colour the marker is dimmed and the cut still leaves it whole.
    const coloured = entryRow(joined, {...style('none'), color: true}, 60);
    expect(coloured).toContain('⏎+2');
  });
});
