/**
 * The dependency graph: cycles (to report them as `a → b → a`) and a start order that puts
 * dependencies first and otherwise keeps declaration order, so the order users read in the
 * file is the order things start unless an edge says otherwise.
 */

/** `edges.get(a)` lists what `a` depends on. Ids absent from `ids` are ignored. */
export type DependencyEdges = ReadonlyMap<string, readonly string[]>;

/** Every elementary cycle found by a depth-first search, each as `[a, b, …, a]`, once per cycle. */
export function findCycles(ids: readonly string[], edges: DependencyEdges): string[][] {
  const known = new Set(ids);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (!known.has(next)) continue;
      if (state.get(next) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = canonical(cycle);
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of ids) if (!state.has(id)) visit(id);
  return cycles;
}

/** The same cycle found from another start is the same cycle: rotate to its smallest id. */
function canonical(cycle: string[]): string {
  const ring = cycle.slice(0, -1);
  let start = 0;
  ring.forEach((id, index) => {
    if (id < (ring[start] ?? id)) start = index;
  });
  return [...ring.slice(start), ...ring.slice(0, start)].join('\u0000');
}

/**
 * Kahn's algorithm, always taking the earliest-declared ready id. Assumes no cycles; ids
 * caught in one (if any) are appended in declaration order so the result is still complete.
 */
export function startOrder(ids: readonly string[], edges: DependencyEdges): string[] {
  const known = new Set(ids);
  const remaining = new Map(ids.map((id) => [id, new Set((edges.get(id) ?? []).filter((dep) => known.has(dep) && dep !== id))]));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = ids.find((id) => remaining.get(id)?.size === 0);
    if (ready === undefined) {
      order.push(...ids.filter((id) => remaining.has(id)));
      break;
    }
    order.push(ready);
    remaining.delete(ready);
    for (const deps of remaining.values()) deps.delete(ready);
  }
  return order;
}
