/**
 * Reverse dependency order for a graceful stop: a component is asked to stop only once every
 * component that depends on it has stopped (a sink before its processor before its source),
 * and independent branches stop in parallel.
 */
import type {ResolvedComponent} from '../config/model.js';

/**
 * Runs `stopOne` for every component, each after the stops of its dependents settled.
 * Cycles (refused by the loader) cannot deadlock: a component already being visited is not
 * waited for again.
 */
export async function stopInReverseOrder(
  components: readonly Pick<ResolvedComponent, 'id' | 'dependsOn'>[],
  stopOne: (id: string) => Promise<void>,
): Promise<void> {
  const dependents = new Map<string, string[]>();
  for (const component of components) {
    for (const dep of component.dependsOn) {
      const list = dependents.get(dep.id) ?? [];
      list.push(component.id);
      dependents.set(dep.id, list);
    }
  }
  const stops = new Map<string, Promise<void>>();
  const stopAfterDependents = (id: string, visiting: Set<string>): Promise<void> => {
    const existing = stops.get(id);
    if (existing) return existing;
    visiting.add(id);
    const before = (dependents.get(id) ?? []).filter((d) => !visiting.has(d)).map((d) => stopAfterDependents(d, new Set(visiting)));
    const stop = Promise.all(before).then(() => stopOne(id));
    stops.set(id, stop);
    return stop;
  };
  await Promise.all(components.map((c) => stopAfterDependents(c.id, new Set())));
}
