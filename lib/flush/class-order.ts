/**
 * Commit order by class first. The foreign keys between the classes of a flush usually form no
 * cycle (books reference authors, never the reverse); then every row of a parent class is written
 * before every row of a child class, and no graph of rows needs building — that graph cost more
 * than the rows' SQL. Only the rows of classes that reach themselves (a self-reference such as
 * `Employee.reportsTo`, or mutual references) are ordered row by row, by `orderRows`.
 */
import { type CommitOrder, layer, type OrderEdge, stronglyConnected } from './commit-order.js';

/** `before` must be written before `after` (both are class nodes of `classOf`). */
export interface ClassEdge<C> {
  readonly before: C;
  readonly after: C;
}

/**
 * Orders rows `0 … rowCount-1` whose classes are `classOf(row)`. `orderRowsOf(rows)` orders the
 * rows (ascending global indexes) of one cyclic group of classes and returns global indexes.
 * Deterministic: classes in order of their first row, rows ascending within a layer.
 */
export function orderByClass<C, E extends OrderEdge>(
  rowCount: number,
  classOf: (row: number) => C,
  classEdges: (classes: ReadonlySet<C>) => Iterable<ClassEdge<C>>,
  orderRowsOf: (rows: readonly number[]) => CommitOrder<E>,
): CommitOrder<E> {
  // The common request flush has no inserts, or no deletes: nothing to build a class graph for.
  if (rowCount === 0) return { layers: [], deferred: [] };
  const number = new Map<C, number>();
  const rowsOf: number[][] = [];
  for (let r = 0; r < rowCount; r++) {
    const c = classOf(r);
    let n = number.get(c);
    if (n === undefined) {
      n = rowsOf.length;
      number.set(c, n);
      rowsOf.push([]);
    }
    (rowsOf[n] as number[]).push(r);
  }
  const edges: OrderEdge[] = [];
  const selfLoop = new Set<number>();
  for (const e of classEdges(new Set(number.keys()))) {
    const from = number.get(e.before);
    const to = number.get(e.after);
    if (from === undefined || to === undefined) continue;
    if (from === to) selfLoop.add(from);
    else edges.push({ from, to, deferrable: false, label: '' });
  }
  // One class (a request's usual flush): its rows are one layer, or ordered row by row when the
  // class references itself; no component search or typed arrays for a graph of one node.
  if (rowsOf.length === 1) {
    const rows = rowsOf[0] as number[];
    return selfLoop.size === 0 ? { layers: [rows], deferred: [] } : orderRowsOf(rows);
  }
  const components = stronglyConnected(rowsOf.length, edges);
  const componentOf = new Int32Array(rowsOf.length);
  components.forEach((members, i) => {
    for (const m of members) componentOf[m] = i;
  });
  const between: OrderEdge[] = [];
  for (const e of edges) {
    const from = componentOf[e.from] as number;
    const to = componentOf[e.to] as number;
    if (from !== to) between.push({ from, to, deferrable: false, label: '' });
  }
  const layers: number[][] = [];
  const deferred: E[] = [];
  // Components of one layer are independent; the one whose first class appeared first goes first.
  for (const componentLayer of layer(components.length, between)) {
    // Tarjan lists each component's classes ascending, so [0] is its first class.
    const first = (c: number) => (components[c] as number[])[0] as number;
    for (const c of componentLayer.sort((a, b) => first(a) - first(b))) {
      const members = components[c] as number[];
      if (members.length === 1 && !selfLoop.has(members[0] as number)) {
        layers.push(rowsOf[members[0] as number] as number[]);
        continue;
      }
      const rows = members.flatMap((m) => rowsOf[m] as number[]).sort((a, b) => a - b);
      const order = orderRowsOf(rows);
      layers.push(...order.layers.map((l) => [...l]));
      deferred.push(...order.deferred);
    }
  }
  return { layers, deferred };
}

/**
 * Local positions in a subset of rows for `orderRows` on that subset: `local[global]` is the
 * position of row `global` in `rows`, or -1 when it is not in the subset.
 */
export function localIndexes(rowCount: number, rows: readonly number[]): Int32Array {
  const local = new Int32Array(rowCount).fill(-1);
  rows.forEach((r, i) => {
    local[r] = i;
  });
  return local;
}

/** An order computed on local positions, back in global row indexes (edges keep their extra fields). */
export function toGlobalOrder<E extends OrderEdge>(rows: readonly number[], order: CommitOrder<E>): CommitOrder<E> {
  const global = (r: number) => rows[r] as number;
  return {
    layers: order.layers.map((l) => l.map(global)),
    deferred: order.deferred.map((e) => ({ ...e, from: global(e.from), to: global(e.to) })),
  };
}
