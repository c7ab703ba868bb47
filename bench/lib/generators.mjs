/**
 * The line generators: the C one (bench/gen/gen.c) compiled with the machine's `cc` into
 * bench/.build/, or, without a compiler, a Node script that builds its whole output in memory
 * first and then only writes buffers (bench/gen/gen-fallback.mjs). Either way the generator is
 * much faster than whatever it feeds, so the aggregator is what gets measured.
 *
 * Also prepares the workload C templates: single-line samples from fixtures/samples/, each
 * with a start marker `{M}` early and an end marker `{E}` last (see gen.c).
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

/**
 * @typedef {{kind: 'c' | 'node', argv: string[], path: string}} Generator
 *   argv: the command prefix; append NAME COUNT SIZE FORMAT [TEMPLATES|RATE].
 */

/**
 * Compiles gen.c when the binary is missing or older than its source.
 * @param {{root: string, buildDir: string, forceNode?: boolean}} options
 * @returns {Generator}
 */
export function prepareGenerator({root, buildDir, forceNode = false}) {
  const source = join(root, 'bench/gen/gen.c');
  const fallback = join(root, 'bench/gen/gen-fallback.mjs');
  const nodeGen = {kind: /** @type {const} */ ('node'), argv: [process.execPath, fallback], path: fallback};
  if (forceNode) return nodeGen;
  const binary = join(buildDir, 'gen');
  mkdirSync(buildDir, {recursive: true});
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return {kind: 'c', argv: [binary], path: binary};
  const cc = spawnSync('cc', ['-O2', '-o', binary, source], {encoding: 'utf8'});
  if (cc.error !== undefined || cc.status !== 0) {
    const why = cc.error !== undefined ? cc.error.message : cc.stderr.trim();
    process.stderr.write(`bench: cannot compile the C generator (${why}); using the Node generator (pre-built buffers)\n`);
    return nodeGen;
  }
  return {kind: 'c', argv: [binary], path: binary};
}

/** Measures one generator alone (lines/s into /dev/null), to show it outruns the aggregators. */
export function generatorSpeed(/** @type {Generator} */ gen, lines = 1_000_000) {
  const started = process.hrtime.bigint();
  execFileSync(gen.argv[0] ?? '', [...gen.argv.slice(1), 'g0', String(lines), '200', 'zap'], {stdio: ['ignore', 'ignore', 'inherit']});
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return lines / seconds;
}

/**
 * Single-line samples that every parser reads as one entry, with markers added where a
 * renderer keeps them: inside `msg` and as a last field for JSON lines, at the end for text.
 * @returns {string[]}
 */
export function mixedTemplates(/** @type {string} */ samplesDir) {
  const templates = [];
  for (const file of readdirSync(samplesDir).filter((f) => f.endsWith('.log')).sort()) {
    for (const line of readFileSync(join(samplesDir, file), 'utf8').split('\n')) {
      if (!usable(line)) continue;
      templates.push(withMarkers(line));
    }
  }
  return templates;
}

function usable(/** @type {string} */ line) {
  if (line.trim() === '' || line.length > 2000) return false;
  // Continuation lines (indented, closers, Go stack parts) and lone-CR progress bars would merge or overwrite.
  if (/^[\s}\]]/.test(line) || line.includes('\r') || /^(goroutine |created by |panic:|\[signal|fatal error:)/.test(line)) return false;
  if (line === '{' || line === '[' || line.endsWith(':') || line.endsWith('{') || line.endsWith('[')) return false;
  if (line.trimStart().startsWith('{')) {
    try {
      JSON.parse(line);
    } catch {
      return false;
    }
  }
  return true;
}

function withMarkers(/** @type {string} */ line) {
  if (line.startsWith('{')) {
    const object = JSON.parse(line);
    const key = ['msg', 'message'].find((k) => typeof object[k] === 'string');
    if (key !== undefined) object[key] = `{M} ${object[key]}`;
    else object.bench = '{M}';
    object.end = '{E}';
    return JSON.stringify(object);
  }
  return `${line} {M} {E}`;
}

/** Writes the templates file for workload C; returns its path. */
export function writeTemplates(/** @type {string} */ samplesDir, /** @type {string} */ dir) {
  const path = join(dir, 'mixed-templates.txt');
  mkdirSync(dir, {recursive: true});
  writeFileSync(path, mixedTemplates(samplesDir).join('\n') + '\n');
  return path;
}
