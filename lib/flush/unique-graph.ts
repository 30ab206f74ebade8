/**
 * The graph `unique-order.ts` orders: the plan's rows as nodes, barriers, rows of temporary NULLs,
 * and the edges between them (dependencies, and freed-before-taken unique values).
 */
import type { OrderEdge } from './commit-order.js';
import type { FlushStep, PlannedRow } from './flush-plan.js';
import type { TableUnique } from './unique-values.js';

export interface RowEdge extends OrderEdge {
  /** Set on an edge from a row that frees a value of this constraint to the row that takes it. */
  readonly unique?: TableUnique | undefined;
}

/** A step of the output: an original step, or a step of temporary NULLs; its nodes in row order. */
export interface Slot {
  readonly template: FlushStep;
  readonly nodes: number[];
}

/**
 * The rows of the plan as nodes (numbered across the steps, as `uniqueEdges` numbers them), then
 * barriers (nodes without a row that stand for "all of these before all of those") and rows of
 * temporary NULLs, with the edges between them.
 */
export class RowGraph {
  readonly edges: RowEdge[] = [];
  /** Per node: its slot, or -1 for a barrier. */
  readonly slotOf: number[] = [];
  readonly rowOf: (PlannedRow | undefined)[] = [];
  readonly slots: Slot[] = [];
  /** The slots of temporary NULLs, by table and columns. */
  readonly nullSlots = new Map<string, number>();
  /** Per node, the indexes in `edges` of the freed values it gives up. */
  readonly uniqueFrom = new Map<number, number[]>();

  get size(): number {
    return this.slotOf.length;
  }

  node(slot: number, row: PlannedRow | undefined): number {
    this.slotOf.push(slot);
    this.rowOf.push(row);
    const node = this.slotOf.length - 1;
    if (slot >= 0) this.slots[slot]?.nodes.push(node);
    return node;
  }

  barrier(): number {
    return this.node(-1, undefined);
  }

  edge(from: number, to: number, label: string, unique?: TableUnique): void {
    if (from === to) return;
    if (unique) {
      const list = this.uniqueFrom.get(from);
      if (list) list.push(this.edges.length);
      else this.uniqueFrom.set(from, [this.edges.length]);
    }
    this.edges.push({ from, to, deferrable: false, label, unique });
  }

  stepOf(node: number): FlushStep {
    return (this.slots[this.slotOf[node] as number] as Slot).template;
  }

  /** `update of Account#2`, for messages. */
  describe(node: number): string {
    return `${this.stepOf(node).kind} of ${(this.rowOf[node] as PlannedRow).label}`;
  }
}
