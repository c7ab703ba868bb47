/**
 * The aggregators compared on one workload, each as a `sh -c` script whose stdout the harness
 * captures to a file:
 * - `null`: the generators straight into /dev/null — the physical limit;
 * - `sed`: each generator through `stdbuf -oL sed` adding `name | ` (the cheapest line-safe
 *   aggregator: line-buffered output, so each prefixed line is one write and never tears;
 *   `sed -u` would also read byte by byte, 50× slower);
 * - `concurrently`: concurrently 9 with `-p "{name} |"`, the same prefix;
 * - `node-ceiling`: bench/ceiling/aggregate.mjs, a bare line-safe Node aggregator (no flowctl
 *   code): spawn, keep each child's partial line, one prefixed write per chunk. What any Node
 *   supervisor doing line-safe prefixing can reach here (issue 5's "ceiling for Node");
 * - `node-ceiling-io`: bench/ceiling/aggregate-io.mjs, that plus the writes flowctl's
 *   everything-on cannot avoid: raw lines to `logs/<id>.log`, one row per chunk into SQLite
 *   from a worker thread (`ceiling.sqlite` in the run's dir);
 * - `flowctl-nostore`: `flowctl up --no-tui --no-store` (parse, ring, files, console);
 * - `flowctl`: everything on (parse, ring, files, SQLite history, console);
 * - `flowctl-pipe`: everything on, its output read through a pipe (`| cat`), as behind
 *   `| tee`, `| grep`, an SSH session or a CI log collector. Into a file flowctl writes
 *   synchronously and its console can never fall behind; into a pipe it writes from the
 *   thread pool and drops (counted) what the reader cannot take: only this system shows that.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {delimiter, dirname, join} from 'node:path';

export const SYSTEMS = /** @type {const} */ (['null', 'sed', 'concurrently', 'node-ceiling', 'node-ceiling-io', 'flowctl-nostore', 'flowctl', 'flowctl-pipe']);
/** @typedef {(typeof SYSTEMS)[number]} SystemId */

export const SYSTEM_TITLES = {
  null: 'generators > /dev/null',
  sed: 'sed prefix (line-buffered)',
  concurrently: 'concurrently 9',
  'node-ceiling': 'bare Node aggregator (ceiling)',
  'node-ceiling-io': 'bare Node + files + SQLite (ceiling)',
  'flowctl-nostore': 'flowctl up, store off',
  flowctl: 'flowctl up, everything on',
  'flowctl-pipe': 'flowctl up, everything on, | cat',
};

/**
 * flowctl as users run it (`flowctl`, `npx flowctl`): the program file itself, whose sh launcher
 * starts Node with the CLI's start-up flags (scripts/postbuild.mjs), not `node dist/cli/main.js`.
 */
export function flowctlProgram(/** @type {string} */ root) {
  return join(root, 'dist/cli/main.js');
}

/** `env` with the Node running the bench first on PATH: the launcher execs `node` from PATH. */
export function withThisNode(/** @type {NodeJS.ProcessEnv} */ env) {
  return {...env, PATH: `${dirname(process.execPath)}${delimiter}${env.PATH ?? ''}`};
}

/** POSIX shell quoting. */
export function shq(/** @type {string} */ text) {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * @param {import('./generators.mjs').Generator} gen
 * @param {import('./workloads.mjs').ComponentLoad} c
 * @param {string} templates path of workload C's templates
 */
export function generatorArgv(gen, c, templates) {
  const extra = c.format === 'mixed' ? [templates] : c.format === 'rate' ? [String(c.rate ?? 1000)] : [];
  return [...gen.argv, c.id, String(c.count), String(c.size), c.format, ...extra];
}

/**
 * The flowctl/v1 pipeline file for a workload: every component a source, no health checks,
 * files rotated late enough that a run's lines all stay on disk for the verifier.
 * @param {{workload: import('./workloads.mjs').Workload, gen: import('./generators.mjs').Generator, templates: string, logDir: string, store: boolean}} o
 */
export function pipelineYaml({workload, gen, templates, logDir, store}) {
  const lines = [
    'apiVersion: flowctl/v1',
    'kind: Pipeline',
    'metadata:',
    `  name: bench-${workload.id.toLowerCase()}`,
    'spec:',
    '  logging:',
    `    dir: ${JSON.stringify(logDir)}`,
    `    store: ${store ? 'sqlite' : 'none'}`,
    '    rotation: {max_size: 64MB, max_files: 100}',
    '  sources:',
  ];
  for (const c of workload.components) {
    lines.push(`    - id: ${c.id}`, `      command: ${JSON.stringify(generatorArgv(gen, c, templates))}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * The script for one system; flowctl's pipeline file is written into `runDir`.
 * @param {{system: SystemId, workload: import('./workloads.mjs').Workload, gen: import('./generators.mjs').Generator, templates: string, runDir: string, root: string, extraFlags?: string[]}} o
 * @returns {{command: string, logDir?: string, blocksDb?: string}} blocksDb: node-ceiling-io's history
 */
export function systemCommand({system, workload, gen, templates, runDir, root, extraFlags = []}) {
  const cmd = (/** @type {import('./workloads.mjs').ComponentLoad} */ c) => generatorArgv(gen, c, templates).map(shq).join(' ');
  switch (system) {
    case 'null':
      return {command: workload.components.map((c) => `${cmd(c)} >/dev/null &`).join('\n') + '\nwait'};
    case 'sed':
      return {command: workload.components.map((c) => `${cmd(c)} | stdbuf -oL sed ${shq(`s/^/${c.id} | /`)} &`).join('\n') + '\nwait'};
    case 'concurrently': {
      const bin = join(root, 'node_modules/.bin/concurrently');
      const names = workload.components.map((c) => c.id).join(',');
      return {command: `exec ${shq(bin)} --names ${shq(names)} --prefix ${shq('{name} |')} ${workload.components.map((c) => shq(cmd(c))).join(' ')}`};
    }
    case 'node-ceiling':
    case 'node-ceiling-io': {
      mkdirSync(runDir, {recursive: true});
      const spec = join(runDir, 'components.json');
      writeFileSync(spec, JSON.stringify(workload.components.map((c) => ({id: c.id, argv: generatorArgv(gen, c, templates)}))));
      const node = shq(process.execPath);
      if (system === 'node-ceiling') return {command: `exec ${node} ${shq(join(root, 'bench/ceiling/aggregate.mjs'))} ${shq(spec)}`};
      const logDir = join(runDir, 'logs');
      const blocksDb = join(runDir, 'ceiling.sqlite');
      return {command: `exec ${node} ${shq(join(root, 'bench/ceiling/aggregate-io.mjs'))} ${[spec, logDir, blocksDb].map(shq).join(' ')}`, logDir, blocksDb};
    }
    case 'flowctl-nostore':
    case 'flowctl':
    case 'flowctl-pipe': {
      const logDir = join(runDir, 'logs');
      mkdirSync(runDir, {recursive: true});
      const file = join(runDir, 'pipeline.yaml');
      const store = system !== 'flowctl-nostore';
      writeFileSync(file, pipelineYaml({workload, gen, templates, logDir, store}));
      const flags = ['--no-tui', '--no-color', '--log-dir', logDir, '--control-plane-port', '0', ...(store ? [] : ['--no-store']), ...extraFlags];
      const up = `${shq(flowctlProgram(root))} up ${shq(file)} ${flags.map(shq).join(' ')}`;
      // The launcher execs `node` from PATH: the Node running the bench goes first.
      const path = `PATH=${shq(dirname(process.execPath))}:"$PATH"; export PATH\n`;
      // \`set -o pipefail\` is not POSIX: flowctl's exit code is kept by hand.
      if (system === 'flowctl-pipe') return {command: `${path}{ ${up}; echo $? > ${shq(join(runDir, 'exit'))}; } | cat; exit "$(cat ${shq(join(runDir, 'exit'))})"`, logDir};
      return {command: `${path}exec ${up}`, logDir};
    }
  }
  throw new Error(`unknown system ${system}`);
}
