/**
 * `flowctl up` with the terminal UI, as a script, until `up` calls `runTui` itself: a real
 * Supervisor on the stand-in components, a real Hub and Ring, and `runTui` on this
 * process's terminal. argv[2] is the work folder. After the UI ended it prints
 * `tui-result=<reason> alive=<component processes still alive>`.
 */
import {join} from 'node:path';
import {Supervisor} from '../../src/supervisor/supervisor.js';
import {createLocalTuiSource, runTui} from '../../src/tui/index.js';
import {component, createHub, fixture, pipeline} from '../supervisor/support/pipeline.js';

const dir = process.argv[2] ?? process.cwd();
const hub = createHub();
const env = {HEALTH_PORT: '0'};
const resolved = pipeline(
  dir,
  [
    component('ledger-source', fixture('source'), {kind: 'source', env: {...env, RATE: '20'}}),
    component('ttp-processor', fixture('processor'), {kind: 'processor', env: {...env, RATE: '10'}}),
    component('event-sink', fixture('consumer'), {kind: 'sink', env: {...env, RATE: '5'}}),
  ],
  'tui-e2e',
);
const supervisor = new Supervisor({pipeline: resolved, hub, reaper: {graceMs: 500}, color: false});
supervisor.installExitHandler();
await supervisor.start();
const pids = new Set<number>();
const remember = (): void => {
  for (const status of supervisor.status()) if (status.pid !== undefined) pids.add(status.pid);
};
supervisor.onStatusChange(remember);
remember();
const result = await runTui({source: createLocalTuiSource({hub, control: supervisor}), pipelineName: resolved.name, logDir: join(dir, 'logs')});
await supervisor.done;
const alive = [...pids].filter((pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
});
process.stdout.write(`tui-result=${result.reason}${result.error ? ` (${result.error.message})` : ''} alive=${alive.length}\n`);
process.exit(0);
