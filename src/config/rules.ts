/**
 * Rules the schema cannot express, over the lenient component view so they are reported
 * together with schema errors: unique ids, references to existing components, no cycles,
 * no shared ports, something runnable, sound health checks, and files that exist.
 */
import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import {dependencyRefs, type ComponentEntry} from './components.js';
import type {Diagnostic} from './diagnostic.js';
import {errorDiagnostic, MAX_SHOWN_DIAGNOSTICS, warningDiagnostic} from './diagnose.js';
import {didYouMean} from './did-you-mean.js';
import {findCycles} from './graph.js';
import {resolveHealthCheck} from './health.js';
import {formatPath, locatePath, nodeAt, type DocPath, type ParsedYaml} from './locate.js';
import {portConflicts} from './ports.js';
import {isRemote, remoteDependencyProblem, remoteProblems, type RemoteProblem} from './remote.js';
import type {Spelling} from './schema.js';

export interface RuleContext {
  parsed: ParsedYaml;
  spelling: Spelling;
  entries: readonly ComponentEntry[];
  /** The pipeline file's folder. */
  dir: string;
}

type Emit = (severity: 'error' | 'warning', code: string, message: string, at: DocPath, extra?: {hint?: string | undefined; part?: 'key' | 'value'}) => void;

export function checkRules(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const emit: Emit = (severity, code, message, at, extra = {}) => {
    const details = {path: formatPath(at), location: locatePath(context.parsed, at, extra.part ?? 'value'), hint: extra.hint};
    diagnostics.push(severity === 'error' ? errorDiagnostic(code, message, details) : warningDiagnostic(code, message, details));
  };
  checkPresence(context, emit);
  checkIds(context, emit);
  checkReferences(context, emit);
  checkPorts(context, emit);
  // Built once: per component it made 4 000 components take 7.8 s.
  const ids = new Set(context.entries.flatMap((entry) => (entry.id === undefined ? [] : [entry.id])));
  for (const entry of context.entries) {
    checkRunnable(context, ids, entry, emit);
    checkFiles(context, entry, emit);
  }
  return diagnostics;
}

function checkPresence({spelling, entries, parsed}: RuleContext, emit: Emit): void {
  if (entries.length > 0) return;
  const at: DocPath = spelling === 'v1' ? ['spec'] : ['pipeline', 'components'];
  // Only when the place exists: a missing `spec` is already a schema error.
  if (nodeAt(parsed, at) === undefined) return;
  emit('error', 'no-components', 'the pipeline has no components', at, {
    hint: spelling === 'v1' ? 'add at least one entry under spec.sources (or processors, sinks, pipelines)' : 'add at least one entry under components',
    part: 'key',
  });
}

function checkIds({spelling, entries, parsed}: RuleContext, emit: Emit): void {
  const first = new Map<string, ComponentEntry>();
  for (const entry of entries) {
    if (spelling === 'compact') {
      if (entry.raw.name === undefined && entry.raw.id === undefined) {
        emit('error', 'missing-id', 'component has no `name`', entry.path, {hint: 'give every component a unique `name`'});
      } else if (entry.raw.name !== undefined && entry.raw.id !== undefined) {
        emit('error', 'name-and-id', 'component has both `name` and `id`', [...entry.path, 'id'], {hint: 'keep one of them (`name`)', part: 'key'});
      }
    }
    if (entry.id === undefined) continue;
    const earlier = first.get(entry.id);
    if (earlier === undefined) {
      first.set(entry.id, entry);
      continue;
    }
    const firstLine = locatePath(parsed, [...earlier.path, earlier.idKey])?.line;
    emit('error', 'duplicate-id', `duplicate component id \`${entry.id}\` (first declared on line ${firstLine ?? '?'})`, [...entry.path, entry.idKey], {
      hint: 'ids must be unique across sources, processors, sinks and pipelines',
    });
  }
}

function checkReferences({entries}: RuleContext, emit: Emit): void {
  const byId = new Map(entries.flatMap((entry) => (entry.id === undefined ? [] : [[entry.id, entry] as const])));
  const ids = [...byId.keys()];
  const edges = new Map<string, string[]>();
  const edgeAt = new Map<string, {at: DocPath; part: 'key' | 'value'}>();
  let unknown = 0;
  for (const entry of entries) {
    for (const ref of dependencyRefs(entry)) {
      const target = byId.get(ref.id);
      if (target === undefined) {
        // Each suggestion compares with every id: only for as many as are shown (MAX_SHOWN_DIAGNOSTICS).
        unknown += 1;
        const suggestion = unknown <= MAX_SHOWN_DIAGNOSTICS ? didYouMean(ref.id, ids) : undefined;
        const listed = ids.length > 10 ? `${ids.slice(0, 10).join(', ')}, … (${ids.length})` : ids.join(', ') || '(none)';
        emit('error', 'unknown-component', `\`${ref.from}\` names \`${ref.id}\`, which is not a component of this pipeline`, ref.at, {
          hint: suggestion ? `did you mean \`${suggestion}\`?` : `components: ${listed}`,
          part: ref.part,
        });
        continue;
      }
      const remote = remoteDependencyProblem(entry, ref, target);
      if (remote !== undefined) emitProblem(emit, remote);
      if (ref.condition === 'healthy' && resolvesToNoCheck(target, byId)) {
        emit('error', 'healthy-without-check', `\`${entry.id ?? '?'}\` waits for \`${ref.id}\` to be healthy, but \`${ref.id}\` has no health check`, ref.at, {
          hint: `give \`${ref.id}\` a health_check, or use condition: started`,
          part: ref.part,
        });
      }
      if (entry.id === undefined) continue;
      edges.set(entry.id, [...(edges.get(entry.id) ?? []), ref.id]);
      if (!edgeAt.has(`${entry.id}\u0000${ref.id}`)) edgeAt.set(`${entry.id}\u0000${ref.id}`, {at: ref.at, part: ref.part});
    }
  }
  for (const cycle of findCycles(ids, edges)) {
    const [from, to] = cycle;
    const where = edgeAt.get(`${from}\u0000${to}`);
    if (!where) continue;
    emit('error', 'dependency-cycle', `dependency cycle: ${cycle.join(' → ')}`, where.at, {
      hint: 'remove one of these inputs/depends_on so the components can start in some order',
      part: where.part,
    });
  }
}

function resolvesToNoCheck(target: ComponentEntry, byId: ReadonlyMap<string, ComponentEntry>): boolean {
  const result = resolveHealthCheck(target.raw, new Set(byId.keys()));
  return result.ok && result.check === undefined;
}

function checkPorts({entries}: RuleContext, emit: Emit): void {
  for (const {claim, first} of portConflicts(entries)) {
    emit('error', 'port-conflict', `port ${claim.port} is used by both \`${first.componentId}\` (${first.via}) and \`${claim.componentId}\` (${claim.via})`, claim.at, {
      hint: 'give each component its own port',
    });
  }
}

function checkRunnable({spelling}: RuleContext, ids: ReadonlySet<string>, entry: ComponentEntry, emit: Emit): void {
  const {command, image, type} = entry.raw;
  const health = resolveHealthCheck(entry.raw, ids);
  if (!health.ok) emit('error', 'invalid-health-check', health.problem.message, [...entry.path, ...health.problem.at], {hint: health.problem.hint});
  if (isRemote(entry)) {
    for (const problem of remoteProblems(entry, ids)) emitProblem(emit, problem);
    return;
  }
  if (command !== undefined) return;
  const name = `\`${entry.id ?? formatPath(entry.path)}\``;
  // Errors for validate as for up: flowctl has only the process runtime, and a ✓ for a file
  // `up` refuses (a real contract-events pipeline) was a false promise.
  const freeType = spelling === 'v1' && typeof type === 'string' ? type : undefined;
  if (typeof image === 'string') {
    emit('error', 'image-only', `${name} has only an image (${image}): flowctl runs components as local processes and cannot run it`, [...entry.path, 'image'], {
      hint: 'add a `command` that starts the component\'s binary',
      part: 'key',
    });
  } else if (freeType !== undefined) {
    const registry = freeType.includes('@') ? ` is a flowctl registry component, which flowctl does not download` : ` is not a command`;
    emit('error', 'type-only', `${name} has no command: \`type: ${freeType}\`${registry}`, [...entry.path, 'type'], {
      hint: 'add a `command` that starts the component\'s binary',
      part: 'key',
    });
  } else if (!Object.keys(entry.raw).some((key) => didYouMean(key, ['command', 'image']) !== undefined)) {
    // (A misspelled `comand:` is reported as an unknown key with "did you mean"; once is enough.)
    emit('error', 'no-command', `${name} has no command${spelling === 'v1' ? ', image or type' : ' or image'}`, entry.path, {
      hint: 'add `command: ["program", "arg"]` (or a string run by /bin/sh -c)',
    });
  }
}

function emitProblem(emit: Emit, {severity, code, message, at, hint, part}: RemoteProblem): void {
  emit(severity, code, message, at, {hint, part});
}

function checkFiles({dir}: RuleContext, entry: ComponentEntry, emit: Emit): void {
  // A remote component's working_dir is ignored (with a warning), not looked for.
  if (isRemote(entry)) return;
  const {command, working_dir: workingDir} = entry.raw;
  const program = Array.isArray(command) ? command[0] : undefined;
  if (typeof program === 'string' && program.includes('/') && !existsSync(path.resolve(dir, program))) {
    emit('warning', 'command-not-found', `command \`${program}\` does not exist (resolved to ${path.resolve(dir, program)})`, [...entry.path, 'command', 0], {
      hint: 'relative commands resolve against the pipeline file\'s folder',
    });
  }
  if (typeof workingDir === 'string' && workingDir !== '' && !workingDir.includes('${')) {
    const resolved = path.resolve(dir, workingDir);
    if (!existsSync(resolved) || !statSync(resolved).isDirectory()) {
      emit('error', 'working-dir-not-found', `working_dir ${resolved} is not a directory`, [...entry.path, 'working_dir'], {
        hint: 'working_dir is relative to the pipeline file\'s folder',
      });
    }
  }
}
