/**
 * Row-level commit order: a dependency graph between the rows of one flush, cycles broken through
 * edges that may be deferred (nullable foreign keys), then a layered topological order. Pure
 * data in, pure data out; the planner turns layers into statements.
 */
import { CommitOrderError } from '../errors/index.js';

/** `from` must be written before `to` (a parent row before the child that references it). */
export interface OrderEdge {
  readonly from: number;
  readonly to: number;
  /** True when the reference can be written later by an UPDATE (a nullable foreign key). */
  readonly deferrable: boolean;
  /** For messages and plans: e.g. `books.author_id`. */
  readonly label: string;
}

export interface CommitOrder<E extends OrderEdge = OrderEdge> {
  /** Row indexes per layer; every row of a layer depends only on rows of earlier layers. Ascending in each layer. */
  readonly layers: readonly (readonly number[])[];
  /** Edges left out to break cycles (the caller's own objects): their references are written by a follow-up UPDATE. */
  readonly deferred: readonly E[];
}

function cycleError(cycle: readonly OrderEdge[], describeRow: (row: number) => string): CommitOrderError {
  const steps = cycle.map((e) => `${describeRow(e.from)} -> ${describeRow(e.to)} (${e.label})`);
  return new CommitOrderError(
    steps,
    `These rows reference each other only through NOT NULL foreign keys, so none can be written first:\n  ${steps.join(
      '\n  ',
    )}\n  Make one of these foreign keys nullable, or write the rows in two flushes.`,
  );
}

/**
 * Orders `rowCount` rows under `edges`. Throws CommitOrderError when a cycle has no deferrable edge.
 * Deterministic: the same input gives the same layers and the same deferred edges.
 */
export function orderRows<E extends OrderEdge>(
  rowCount: number,
  edges: readonly E[],
  describeRow: (row: number) => string = (r) => `row ${r}`,
): CommitOrder<E> {
  const components = stronglyConnected(rowCount, edges);
  const componentOf = new Int32Array(rowCount);
  components.forEach((members, i) => {
    for (const m of members) componentOf[m] = i;
  });
  const internal = new Map<number, E[]>();
  const kept: E[] = [];
  for (const e of edges) {
    const c = componentOf[e.from] as number;
    if (c === componentOf[e.to]) {
      const list = internal.get(c) ?? [];
      list.push(e);
      internal.set(c, list);
    } else kept.push(e);
  }
  const deferred: E[] = [];
  for (const [c, list] of [...internal].sort((a, b) => a[0] - b[0])) {
    const members = components[c] as number[];
    if (members.length === 1 && !list.some((e) => e.from === e.to)) {
      kept.push(...list);
      continue;
    }
    const { keep, defer } = breakCycles(list, describeRow);
    kept.push(...keep);
    deferred.push(...defer);
  }
  return { layers: layer(rowCount, kept), deferred };
}

/** Defers every deferrable edge of a cyclic component, then takes back those not needed to stay acyclic. */
function breakCycles<E extends OrderEdge>(edges: readonly E[], describeRow: (row: number) => string) {
  const hard = edges.filter((e) => !e.deferrable);
  const soft = edges.filter((e) => e.deferrable);
  const cycle = findCycle(hard);
  if (cycle) throw cycleError(cycle, describeRow);
  const keep = [...hard];
  const defer: E[] = [];
  for (const e of soft) {
    if (e.from !== e.to && !reaches(keep, e.to, e.from)) keep.push(e);
    else defer.push(e);
  }
  return { keep, defer };
}

function adjacency(edges: readonly OrderEdge[]): Map<number, OrderEdge[]> {
  const out = new Map<number, OrderEdge[]>();
  for (const e of edges) {
    const list = out.get(e.from) ?? [];
    list.push(e);
    out.set(e.from, list);
  }
  return out;
}

function reaches(edges: readonly OrderEdge[], start: number, target: number): boolean {
  const out = adjacency(edges);
  const seen = new Set<number>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const n = stack.pop() as number;
    if (n === target) return true;
    for (const e of out.get(n) ?? []) {
      if (!seen.has(e.to)) {
        seen.add(e.to);
        stack.push(e.to);
      }
    }
  }
  return false;
}

/** A cycle among `edges` as the list of its edges, or undefined. Iterative DFS with colours. */
function findCycle(edges: readonly OrderEdge[]): OrderEdge[] | undefined {
  const out = adjacency(edges);
  const colour = new Map<number, 1 | 2>();
  for (const root of [...out.keys()].sort((a, b) => a - b)) {
    if (colour.has(root)) continue;
    const path: OrderEdge[] = [];
    const stack: { node: number; next: number }[] = [{ node: root, next: 0 }];
    colour.set(root, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { node: number; next: number };
      const list = out.get(top.node) ?? [];
      if (top.next >= list.length) {
        colour.set(top.node, 2);
        stack.pop();
        path.pop();
        continue;
      }
      const e = list[top.next++] as OrderEdge;
      const c = colour.get(e.to);
      if (c === 1) {
        const start = path.findIndex((p) => p.from === e.to);
        return [...(start >= 0 ? path.slice(start) : []), e];
      }
      if (c === undefined) {
        colour.set(e.to, 1);
        path.push(e);
        stack.push({ node: e.to, next: 0 });
      }
    }
  }
  return undefined;
}

/** Tarjan's algorithm, iterative so 100,000-row chains do not overflow the stack. Components come sinks first. */
export function stronglyConnected(n: number, edges: readonly OrderEdge[]): number[][] {
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) (out[e.from] as number[]).push(e.to);
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const result: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: { v: number; i: number }[] = [{ v: root, i: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1] as { v: number; i: number };
      const targets = out[frame.v] as number[];
      if (frame.i < targets.length) {
        const w = targets[frame.i++] as number;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push({ v: w, i: 0 });
        } else if (onStack[w]) low[frame.v] = Math.min(low[frame.v] as number, index[w] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.v] = Math.min(low[parent.v] as number, low[frame.v] as number);
      if (low[frame.v] === index[frame.v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          component.push(w);
        } while (w !== frame.v);
        result.push(component.sort((a, b) => a - b));
      }
    }
  }
  return result;
}

/** Kahn's algorithm by layers: a row's layer is the length of the longest path reaching it. */
export function layer(n: number, edges: readonly OrderEdge[]): number[][] {
  const indegree = new Int32Array(n);
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    (out[e.from] as number[]).push(e.to);
    indegree[e.to] = (indegree[e.to] as number) + 1;
  }
  const layers: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) current.push(i);
  while (current.length > 0) {
    layers.push(current);
    const next: number[] = [];
    for (const v of current) {
      for (const w of out[v] as number[]) {
        indegree[w] = (indegree[w] as number) - 1;
        if (indegree[w] === 0) next.push(w);
      }
    }
    current = next.sort((a, b) => a - b);
  }
  return layers;
}
