/**
 * A real hub and ring fed into a real SQLite history in a temp dir, wired like `flowctl up`
 * wires them (a hub subscription appending to the store), for the scrollback tests.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Hub} from '../../src/logs/hub.js';
import {Ring} from '../../src/logs/ring.js';
import {openStore, type LogStore} from '../../src/logs/store/index.js';
import type {Subscription} from '../../src/logs/api.js';
import type {HistoryPager} from '../../src/tui/history.js';
import {createLocalTuiSource, type LocalTuiSourceOptions} from '../../src/tui/local-source.js';
import type {TuiSource} from '../../src/tui/source.js';
import {ScriptedControl} from './helpers.js';

export interface StoredFixture {
  hub: Hub;
  ring: Ring;
  store: LogStore;
  control: ScriptedControl;
  source: TuiSource;
  dir: string;
  /** Everything published so far is committed. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

export async function storedFixture(
  ids: readonly string[] = ['source', 'sink'],
  ringSize = 300,
  sourceOptions: Pick<LocalTuiSourceOptions, 'levels'> = {},
): Promise<StoredFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-tui-history-'));
  const ring = new Ring({maxEntries: ringSize});
  const hub = new Hub({ring, runId: 'run-1'});
  const opened = await openStore(join(dir, 'history.db'), {retentionMs: 0});
  if (!opened.ok) throw new Error(opened.error);
  const store = opened.value;
  store.beginRun('run-1', {pipeline: 'demo', startedAt: Date.now()});
  const subscription: Subscription = hub.subscribe({name: 'history', maxQueue: 500_000}, (batch) => store.append(batch));
  const control = new ScriptedControl(ids);
  let closed = false;
  return {
    hub,
    ring,
    store,
    control,
    dir,
    source: createLocalTuiSource({hub, control, store, ...sourceOptions}),
    async flushed() {
      await subscription.drained();
      await store.flush();
    },
    async close() {
      if (closed) return;
      closed = true;
      subscription.close();
      await store.close();
      rmSync(dir, {recursive: true, force: true});
    },
  };
}

/**
 * `history` whose first forward read runs `flood` after reading its page: what a flood does to
 * the ring while a reader is between two history reads. `flooded()` says whether it ran.
 */
export function floodOnFirstRead(history: HistoryPager, flood: () => void | Promise<void>): HistoryPager & {flooded(): boolean} {
  let flooded = false;
  return {
    before: (...args) => history.before(...args),
    after: async (...args) => {
      const page = await history.after(...args);
      if (!flooded) {
        flooded = true;
        await flood();
      }
      return page;
    },
    flooded: () => flooded,
  };
}
