/** The rate-limited live view: entries as delivered, summaries placed between whole seqs, never on the wire. */
import {expect, test} from 'vitest';
import type {LogEntry} from '../../src/logs/entry.js';
import {LiveView} from '../../src/tui/live-view.js';
import {remoteHistoryPager} from '../../src/tui/remote-history.js';
import type {LogsQuery} from '../../src/control/wire.js';
import {entry} from '../logs/entries.js';

const summary = (seq: number, componentId: string): LogEntry =>
  entry({seq, componentId, stream: 'control', level: 'warn', message: `… lines from ${componentId} not shown`, fields: {flowctl: 'rate-limited', count: '3'}});

test('summaries sit after the entry appended before them and before the next whole seq; drop markers and stale entries are not kept', () => {
  const live = new LiveView(100);
  const added = live.add([entry({seq: 4}), entry({seq: 5}), summary(9, 'a'), summary(9, 'b'), entry({seq: 9}), entry({seq: 3}), {...summary(10, ''), fields: {flowctl: 'dropped', count: '1'}}]);
  expect(added.map((e) => e.seq)).toEqual([4, 5, 5.5, 5.75, 9]);
  expect(live.ring.query(undefined).map((e) => e.message)).toEqual(['line 4', 'line 5', '… lines from a not shown', '… lines from b not shown', 'line 9']);
  expect(live.unplaced).toBe(0);
});

test('the history pager asks the pipeline for whole seqs only', async () => {
  const asked: LogsQuery[] = [];
  const pager = remoteHistoryPager({
    readLogs(query) {
      asked.push(query);
      return Object.assign((async function* () {})(), {cancel: () => undefined});
    },
  });
  await pager.before(undefined, 5.5, 10);
  await pager.after(undefined, 5.75, 9.5, 10);
  expect(asked.map((q) => q.bounds)).toEqual([{beforeSeq: 6}, {afterSeq: 5, beforeSeq: 10, head: 10}]);
});
