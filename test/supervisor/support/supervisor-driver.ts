/**
 * A supervisor in a process of its own, so a test can SIGKILL it. argv[2] is JSON:
 * `{dir, components: [{id, command, env?, stopGracePeriodMs?}], reaperGraceMs?, scanIntervalMs?}`.
 * Prints JSON lines: `{reaper}` once, `{entry: {id, stream, raw}}` for every entry,
 * `{groups: [...]}` whenever the tracked process groups change. Stops on SIGTERM.
 */
import {Supervisor} from '../../../src/supervisor/supervisor.js';
import {component, createHub, pipeline} from './pipeline.js';

interface DriverSpec {
  dir: string;
  components: {id: string; command: string[]; env?: Record<string, string>; stopGracePeriodMs?: number}[];
  reaperGraceMs?: number;
  /** How often escaped descendants are looked for (default 100 ms). */
  scanIntervalMs?: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as DriverSpec;
const hub = createHub();
const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
hub.subscribe({name: 'driver'}, (batch) => {
  for (const e of batch) print({entry: {id: e.componentId, stream: e.stream, raw: e.raw}});
});
const supervisor = new Supervisor({
  pipeline: pipeline(
    spec.dir,
    spec.components.map((c) =>
      component(c.id, c.command, {env: {HEALTH_PORT: '0', ...c.env}, stopGracePeriodMs: c.stopGracePeriodMs ?? 10_000}),
    ),
  ),
  hub,
  reaper: {graceMs: spec.reaperGraceMs ?? 500},
  scanIntervalMs: spec.scanIntervalMs ?? 100,
});
supervisor.installExitHandler();
process.on('SIGTERM', () => void supervisor.shutdown().then(() => process.exit(0)));
void supervisor.done.then(() => process.exit(0));
await supervisor.start();
print({reaper: supervisor.reaperPid});
let last = '';
setInterval(() => {
  const groups = JSON.stringify([...supervisor.trackedGroups].sort());
  if (groups !== last) {
    last = groups;
    print({groups: JSON.parse(groups) as number[]});
  }
}, 50);
