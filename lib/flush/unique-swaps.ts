/**
 * Cycles of freed unique values (two rows swapping values): each is broken by a temporary NULL in
 * a freeing row where the constraint has a nullable column, or reported as a UniqueOrderError
 * naming the cycle when it has none.
 */
import { UniqueOrderError } from '../errors/index.js';
import type { EntityMetadata } from '../mapping/index.js';
import { stronglyConnected } from './commit-order.js';
import type { PlannedRow, RowReason } from './flush-plan.js';
import type { RowEdge, RowGraph } from './unique-graph.js';
import type { TableUnique } from './unique-values.js';

/**
 * Breaks one cycle through a freed value in each cyclic part of the graph with a temporary NULL
 * in a freeing row: a nullable column of the constraint that its UPDATE writes again, or any
 * nullable one of a deleted row.
 */
export function breakSwaps(graph: RowGraph): void {
  const parts = stronglyConnected(graph.size, graph.edges);
  const partOf = new Int32Array(graph.size).fill(-1);
  parts.forEach((members, p) => {
    if (members.length > 1) for (const m of members) partOf[m] = p;
  });
  const inside = new Map<number, RowEdge[]>();
  for (const e of graph.edges) {
    const p = partOf[e.from] as number;
    if (e.unique === undefined || p === -1 || partOf[e.to] !== p) continue;
    const list = inside.get(p);
    if (list) list.push(e);
    else inside.set(p, [e]);
  }
  parts.forEach((members, p) => {
    if (members.length < 2) return;
    // Every other edge points to a later step, so a cycle always runs through a freed value.
    const edges = (inside.get(p) ?? []).sort((a, b) => a.from - b.from || a.to - b.to);
    const pick = edges.find((e) => nullableColumns(graph, e).length > 0);
    if (pick) nullFirst(graph, pick);
    else throw swapError(graph, partOf, edges[0] as RowEdge);
  });
}

function nullableColumns(graph: RowGraph, edge: RowEdge): readonly string[] {
  const step = graph.stepOf(edge.from);
  const nullable = edge.unique?.nullable ?? [];
  if (step.kind === 'delete') return nullable;
  // An UPDATE must write the column again afterwards: only a column it writes will do.
  return step.kind === 'update' ? nullable.filter((c) => step.columns.some((s) => s.name === c)) : [];
}

/** A break-cycle row setting the freeing row's nullable columns of the constraint to NULL; the value's edges start there. */
function nullFirst(graph: RowGraph, edge: RowEdge): void {
  const { nullSlots } = graph;
  const step = graph.stepOf(edge.from);
  const row = graph.rowOf[edge.from] as PlannedRow;
  const unique = edge.unique as TableUnique;
  const columns = nullableColumns(graph, edge);
  const slotKey = `${step.table}|${columns.join(',')}`;
  let slot = nullSlots.get(slotKey);
  if (slot === undefined) {
    slot = graph.slots.length;
    nullSlots.set(slotKey, slot);
    const meta = step.entity as EntityMetadata;
    graph.slots.push({
      template: {
        kind: 'break-cycle',
        table: step.table,
        entity: meta,
        columns: columns.map((name) => ({ name, type: meta.columns.find((c) => c.name === name)?.type })),
        key: step.key,
        match: [],
        returning: [],
        rows: [],
        statements: [],
        isVersioned: false,
      },
      nodes: [],
    });
  }
  const reason: RowReason = {
    kind: 'frees-unique',
    how: 'nulled',
    unique: unique.label,
    columns,
    takenBy: `the ${graph.describe(edge.to)}`,
  };
  const values = columns.map(() => null);
  const temporary = graph.node(slot, { entity: row.entity, label: row.label, reason, key: row.key, values, match: [] });
  const moved: number[] = [];
  const left: number[] = [];
  for (const i of graph.uniqueFrom.get(edge.from) ?? []) {
    const e = graph.edges[i] as RowEdge;
    if (e.unique !== unique) left.push(i);
    else {
      graph.edges[i] = { ...e, from: temporary };
      moved.push(i);
    }
  }
  graph.uniqueFrom.set(edge.from, left);
  graph.uniqueFrom.set(temporary, moved);
}

function swapError(graph: RowGraph, partOf: Int32Array, start: RowEdge): UniqueOrderError {
  const part = partOf[start.from];
  const out = new Map<number, RowEdge[]>();
  for (const e of graph.edges) {
    if (partOf[e.from] !== part || partOf[e.to] !== part) continue;
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  // The way back from the taker to the freer, inside the cycle: breadth first, so the shortest.
  const via = new Map<number, RowEdge>();
  const queue = [start.to];
  for (let i = 0; i < queue.length && !via.has(start.from); i++) {
    for (const e of out.get(queue[i] as number) ?? []) {
      if (via.has(e.to) || e.to === start.to) continue;
      via.set(e.to, e);
      queue.push(e.to);
    }
  }
  const path: RowEdge[] = [];
  for (let node = start.from; node !== start.to; ) {
    const e = via.get(node) as RowEdge;
    path.unshift(e);
    node = e.from;
  }
  path.unshift(start);
  // One line per row to row; the barriers between them are folded into the first edge's label.
  const lines: string[] = [];
  const entities: string[] = [];
  let from = start.from;
  let label: string | undefined;
  for (const e of path) {
    label ??= e.label;
    if (graph.slotOf[e.to] === -1) continue;
    lines.push(`${graph.describe(from)} -> ${graph.describe(e.to)} (${label})`);
    const name = (graph.rowOf[from] as PlannedRow).label;
    if (!entities.includes(name)) entities.push(name);
    from = e.to;
    label = undefined;
  }
  return UniqueOrderError.cycle(lines, (start.unique as TableUnique).label, entities);
}
