/**
 * Start-up check: NOT NULL foreign keys must not form a cycle between tables (a self-reference
 * included), because then no row of the cycle could be inserted first.
 */
import { MappingError } from './mapping-error.js';
import { type EntityDraft, rootOf } from './resolve-hierarchy.js';

interface Edge {
  readonly from: EntityDraft;
  readonly to: EntityDraft;
  /** The entity and property declaring the FK, for the message. */
  readonly mapper: string;
  readonly property: string;
}

export function checkNotNullCycles(ordered: readonly EntityDraft[]): void {
  const edges = new Map<EntityDraft, Edge[]>();
  for (const draft of ordered) {
    for (const relation of draft.relations) {
      const isNotNull = relation.joinColumns.length > 0 && relation.joinColumns.every((c) => !c.nullable);
      if (!isNotNull || !Object.hasOwn(draft.mapper.definition.properties, relation.name)) continue;
      const from = rootOf(draft);
      const list = edges.get(from) ?? [];
      edges.set(from, list);
      list.push({ from, to: rootOf(relation.target as EntityDraft), mapper: draft.name, property: relation.name });
    }
  }
  const done = new Set<EntityDraft>();
  for (const start of edges.keys()) {
    const cycle = findCycle(start, edges, done, []);
    if (cycle) {
      const first = cycle[0] as Edge;
      const chain = [...cycle.map((e) => `${e.mapper}.${e.property}`), first.from.className].join(' → ');
      throw MappingError.notNullCycle(first.mapper, first.property, chain);
    }
  }
}

/** Depth-first search; returns the edges of the first cycle met on the current path. */
function findCycle(
  node: EntityDraft,
  edges: ReadonlyMap<EntityDraft, readonly Edge[]>,
  done: Set<EntityDraft>,
  path: Edge[],
): Edge[] | undefined {
  if (done.has(node)) return undefined;
  for (const edge of edges.get(node) ?? []) {
    const back = path.findIndex((e) => e.from === edge.to);
    if (back >= 0) return [...path.slice(back), edge];
    if (edge.to === node) return [edge];
    const found = findCycle(edge.to, edges, done, [...path, edge]);
    if (found) return found;
  }
  done.add(node);
  return undefined;
}
