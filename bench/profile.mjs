#!/usr/bin/env node
// `node bench/profile.mjs [--lines N] [--workload A|B|C] [--no-store] [--analyse]`: runs `flowctl up --no-tui` under a workload (default A)
// with `node --cpu-prof` and prints where the time goes: self time per file:function, and the
// share of each source file. Profiles land in bench/results/tmp/prof/ (one per thread).
import {spawnSync} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {prepareGenerator, writeTemplates} from './lib/generators.mjs';
import {pipelineYaml} from './lib/systems.mjs';
import {workloads} from './lib/workloads.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const lines = Number(args[args.indexOf('--lines') + 1] ?? 0) || 1_000_000;
const analyseOnly = args.includes('--analyse');
const store = !args.includes('--no-store');
const workloadId = args[args.indexOf('--workload') + 1] ?? 'A';
const dir = join(root, 'bench/results/tmp/prof');
if (!analyseOnly) profileRun();
analyse();

function profileRun() {
rmSync(dir, {recursive: true, force: true});
mkdirSync(dir, {recursive: true});
const gen = prepareGenerator({root, buildDir: join(root, 'bench/.build')});
const templates = writeTemplates(join(root, 'fixtures/samples'), dir);
const workload = workloads({quick: false, scale: lines / 1_000_000})[args.includes('--workload') ? workloadId : 'A'];
if (workload === undefined) throw new Error(`bench/profile.mjs: no workload ${workloadId} (A, B or C)`);
const file = join(dir, 'pipeline.yaml');
writeFileSync(file, pipelineYaml({workload, gen, templates, logDir: join(dir, 'logs'), store}));
const started = performance.now();
// --max-semi-space-size=8: what the flowctl program's launcher gives Node (scripts/postbuild.mjs).
const run = spawnSync(process.execPath, ['--max-semi-space-size=8', '--cpu-prof', '--cpu-prof-dir', dir, join(root, 'dist/cli/main.js'), 'up', file, '--no-tui', '--no-color', '--control-plane-port', '0'], {
  cwd: root,
  env: {...process.env, NO_COLOR: '1', XDG_STATE_HOME: join(dir, 'state')},
  stdio: ['ignore', 'ignore', 'inherit'],
});
const wall = (performance.now() - started) / 1000;
console.log(`flowctl up, ${workloadId} with ${workload.components.reduce((sum, c) => sum + c.count, 0)} lines, store ${store ? 'on' : 'off'}: ${wall.toFixed(1)} s, exit ${run.status}`);
}

function analyse() {
for (const name of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const perFunction = new Map();
  const perFile = new Map();
  for (const [id, us] of self) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const where = frame.url === '' ? '(native)' : frame.url.startsWith('file:') ? relative(root, fileURLToPath(frame.url)) : frame.url;
    const key = `${where}:${frame.functionName || '(anonymous)'}${frame.url === '' ? '' : `:${frame.lineNumber + 1}`}`;
    perFunction.set(key, (perFunction.get(key) ?? 0) + us);
    perFile.set(where, (perFile.get(where) ?? 0) + us);
  }
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1e6).toFixed(2).padStart(6)} s  ${k}`);
  console.log(`\n${name}: ${(total / 1e6).toFixed(2)} s sampled\n self time by function:`);
  console.log(top(perFunction, 25).join('\n'));
  console.log(' self time by file:');
  console.log(top(perFile, 15).join('\n'));
}
}
