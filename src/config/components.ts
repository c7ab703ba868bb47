/**
 * A lenient view of the components of either spelling, read from data that may not have
 * passed the schema yet: cross-component rules (ids, references, cycles, ports) run on it
 * so one `validate` reports them together with the schema errors.
 */
import type {ComponentKind, DependencyCondition} from './model.js';
import type {DocPath} from './locate.js';
import type {Spelling} from './schema.js';

export interface ComponentEntry {
  /** Where the component is in the document, e.g. `['spec', 'sources', 0]`. */
  path: DocPath;
  /** Position in declaration order. */
  index: number;
  /** Undefined when missing or not text (the schema or a rule reports it). */
  id: string | undefined;
  /** The key holding the id: `id` (v1, or compact) or `name` (compact). */
  idKey: 'id' | 'name';
  /** From the v1 section, or the compact `type`; undefined until inferred. */
  kind: ComponentKind | undefined;
  raw: Record<string, unknown>;
}

export interface DependencyRef {
  id: string;
  condition: DependencyCondition;
  /** Where the reference is written. */
  at: DocPath;
  /** Key references (the map form of depends_on) are located on the key. */
  part: 'key' | 'value';
  from: 'inputs' | 'depends_on';
}

const V1_SECTIONS: readonly [string, ComponentKind][] = [
  ['sources', 'source'],
  ['processors', 'processor'],
  ['sinks', 'sink'],
  ['pipelines', 'pipeline'],
];
const KINDS: readonly string[] = ['source', 'processor', 'sink', 'pipeline'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Components in declaration order: sources, processors, sinks, pipelines (v1) or list order (compact). */
export function listComponents(data: unknown, spelling: Spelling): ComponentEntry[] {
  const entries: ComponentEntry[] = [];
  const add = (raw: unknown, path: DocPath, kind: ComponentKind | undefined) => {
    if (!isRecord(raw)) return;
    const idKey = spelling === 'compact' && raw.name !== undefined ? 'name' : 'id';
    const id = typeof raw[idKey] === 'string' ? raw[idKey] : undefined;
    entries.push({path, index: entries.length, id, idKey, kind, raw});
  };
  if (!isRecord(data)) return entries;
  if (spelling === 'compact') {
    const body = data.pipeline;
    const list = isRecord(body) && Array.isArray(body.components) ? body.components : [];
    list.forEach((raw, index) => {
      const type = isRecord(raw) ? raw.type : undefined;
      add(raw, ['pipeline', 'components', index], typeof type === 'string' && KINDS.includes(type) ? (type as ComponentKind) : undefined);
    });
    inferKinds(entries);
    return entries;
  }
  const spec = data.spec;
  if (!isRecord(spec)) return entries;
  for (const [section, kind] of V1_SECTIONS) {
    const list = spec[section];
    if (Array.isArray(list)) list.forEach((raw, index) => add(raw, ['spec', section, index], kind));
  }
  return entries;
}

/** Compact components without `type`: no inputs → source, nobody reads from it → sink, else processor. */
function inferKinds(entries: ComponentEntry[]): void {
  const readFrom = new Set(entries.flatMap((entry) => dependencyRefs(entry).filter((ref) => ref.from === 'inputs').map((ref) => ref.id)));
  for (const entry of entries) {
    if (entry.kind !== undefined) continue;
    const hasInputs = Array.isArray(entry.raw.inputs) && entry.raw.inputs.length > 0;
    entry.kind = !hasInputs ? 'source' : entry.id !== undefined && readFrom.has(entry.id) ? 'processor' : 'sink';
  }
}

/** `inputs` (condition started) and `depends_on` (list or map), each with where it is written. */
export function dependencyRefs(entry: ComponentEntry): DependencyRef[] {
  const refs: DependencyRef[] = [];
  const {inputs, depends_on: dependsOn} = entry.raw;
  if (Array.isArray(inputs)) {
    inputs.forEach((id, index) => {
      if (typeof id === 'string') refs.push({id, condition: 'started', at: [...entry.path, 'inputs', index], part: 'value', from: 'inputs'});
    });
  }
  if (Array.isArray(dependsOn)) {
    dependsOn.forEach((id, index) => {
      if (typeof id === 'string') refs.push({id, condition: 'started', at: [...entry.path, 'depends_on', index], part: 'value', from: 'depends_on'});
    });
  } else if (isRecord(dependsOn)) {
    for (const [id, spec] of Object.entries(dependsOn)) {
      const condition = isRecord(spec) && typeof spec.condition === 'string' ? spec.condition : 'started';
      if (condition === 'started' || condition === 'healthy' || condition === 'completed_successfully') {
        refs.push({id, condition, at: [...entry.path, 'depends_on', id], part: 'key', from: 'depends_on'});
      }
    }
  }
  return refs;
}
