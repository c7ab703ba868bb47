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
  const position = new Map(ids.map((id, index) => [id, index]));
  const waitingOn = ids.map(() => 0);
  const dependents = ids.map((): number[] => []);
  ids.forEach((id, index) => {
    for (const dependency of new Set(edges.get(id) ?? [])) {
      const at = position.get(dependency);
      if (at === undefined || dependency === id) continue;
      waitingOn[index] = (waitingOn[index] ?? 0) + 1;
      dependents[at]?.push(index);
    }
  });
  // The ready ids by declaration position, smallest first (a binary heap: linear scans made 5 000 components take seconds).
  const ready = new MinHeap();
  waitingOn.forEach((count, index) => {
    if (count === 0) ready.push(index);
  });
  const order: string[] = [];
  const done = new Set<number>();
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    order.push(ids[next] ?? '');
    done.add(next);
    for (const dependent of dependents[next] ?? []) {
      waitingOn[dependent] = (waitingOn[dependent] ?? 0) - 1;
      if (waitingOn[dependent] === 0) ready.push(dependent);
    }
  }
  order.push(...ids.filter((_, index) => !done.has(index)));
  return order;
}

class MinHeap {
  readonly #items: number[] = [];

  push(value: number): void {
    const items = this.#items;
    items.push(value);
    let at = items.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if ((items[parent] ?? 0) <= value) break;
      items[at] = items[parent] ?? 0;
      at = parent;
    }
    items[at] = value;
  }

  pop(): number | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (items[right] ?? 0) < (items[left] ?? 0) ? right : left;
      if ((items[child] ?? 0) >= last) break;
      items[at] = items[child] ?? 0;
      at = child;
    }
    items[at] = last;
    return top;
  }
}
