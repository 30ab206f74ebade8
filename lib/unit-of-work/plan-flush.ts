/**
 * Plans a flush: change sets, row-level commit order, statements grouped by (table, operation,
 * column set) and chunked under the bind ceiling, each compiled so the plan shows its SQL.
 * Pure: no SQL runs and no tracked state changes.
 */
import type { ColumnMetadata, EntityMetadata } from '../mapping';
import type { ColumnSpec, SqlNode } from '../sql';
import { chunkStatements } from './chunk-statements';
import { type ChangeSource, collectChanges, type DeleteCandidate } from './collect-changes';
import { columnAccess } from './column-access';
import { orderRows } from './commit-order';
import { describePlan } from './describe-plan';
import { describeEntity, identityKey } from './entity-key';
import { rootOf } from './entity-entry';
import type { FlushPlan, FlushStep, PlannedRow, RowReason, StepKind } from './flush-plan';
import { type InsertDraft, draftInserts, insertEdges, nextVersion } from './plan-inserts';
import { pivotEnds, planPivots } from './plan-pivots';

/** What planning needs from the dialect. */
export interface PlanTarget {
  readonly maxBindParameters: number;
  compile(node: SqlNode): { readonly sql: string; readonly params: readonly unknown[] };
  /** One INSERT per row for generated keys (no RETURNING and no safe way to correlate ids). */
  readonly insertOneRowPerStatement?: boolean;
  /** INSERT … RETURNING is available; without it generated keys come from the driver's insertId. */
  readonly hasReturning: boolean;
  /** Compile each statement so the plan shows its SQL (default); a flush leaves that to execution. */
  readonly compileStatements?: boolean;
}

type Bag = Record<string, unknown>;

const NONE: readonly ColumnMetadata[] = Object.freeze([]);

const spec = (c: ColumnMetadata): ColumnSpec => ({ name: c.name, type: c.type });

interface StepShape {
  readonly kind: StepKind;
  readonly meta: EntityMetadata;
  readonly columns: readonly ColumnMetadata[];
  readonly key: readonly ColumnMetadata[];
  readonly match: readonly ColumnMetadata[];
  readonly returning: readonly ColumnMetadata[];
}

/** Rows grouped by shape in order of first appearance, so the same state gives the same steps. */
function group(rows: readonly { shape: StepShape; row: PlannedRow }[], target: PlanTarget): FlushStep[] {
  const byShape = new Map<string, { shape: StepShape; rows: PlannedRow[] }>();
  let lastShape: StepShape | undefined;
  let lastId = '';
  for (const { shape, row } of rows) {
    // Rows of one class usually share their shape's arrays; the key string is built once per change.
    if (
      lastShape === undefined ||
      shape.kind !== lastShape.kind ||
      shape.meta !== lastShape.meta ||
      shape.columns !== lastShape.columns ||
      shape.returning !== lastShape.returning
    ) {
      lastShape = shape;
      lastId = [
        shape.kind,
        shape.meta.table,
        ...shape.columns.map((c) => c.name),
        '|',
        ...shape.returning.map((c) => c.name),
      ].join(',');
    }
    const id = lastId;
    let g = byShape.get(id);
    if (!g) byShape.set(id, (g = { shape, rows: [] }));
    g.rows.push(row);
  }
  return [...byShape.values()].map(({ shape, rows: list }) => buildStep(shape, list, target));
}

function buildStep(shape: StepShape, rows: readonly PlannedRow[], target: PlanTarget): FlushStep {
  const base = {
    kind: shape.kind,
    table: shape.meta.table,
    entity: shape.meta,
    columns: shape.columns.map(spec),
    key: shape.key.map(spec),
    match: shape.match.map(spec),
    returning: shape.returning.map(spec),
    rows,
    isVersioned: shape.match.length > 0,
  };
  const oneByOne = shape.kind === 'insert' && shape.returning.length > 0 && target.insertOneRowPerStatement === true;
  const statements = oneByOne ? chunkStatements(base, rows, target, 1) : chunkStatements(base, rows, target);
  return { ...base, statements };
}

function insertSteps(drafts: InsertDraft[], index: Map<object, number>, target: PlanTarget): FlushStep[] {
  const { edges, relationOf } = insertEdges(drafts, index);
  const order = orderRows(drafts.length, edges, (r) => (drafts[r] as InsertDraft).label);
  const breaks: { shape: StepShape; row: PlannedRow }[] = [];
  for (const edge of order.deferred) {
    const child = drafts[edge.to] as InsertDraft;
    const parent = drafts[edge.from] as InsertDraft;
    const relation = relationOf.get(edge);
    if (!relation) continue;
    const values = relation.joinColumns.map((c) => {
      const at = child.columns.indexOf(c);
      const value = child.values[at];
      child.values[at] = null;
      return value;
    });
    const reason: RowReason = { kind: 'cycle-break', columns: relation.joinColumns.map((c) => c.name) };
    breaks.push({
      shape: {
        kind: 'break-cycle',
        meta: child.meta,
        columns: relation.joinColumns,
        key: child.meta.primaryKey,
        match: [],
        returning: [],
      },
      row: {
        entity: child.entity,
        label: `${child.label} -> ${parent.label}`,
        reason,
        key: child.key,
        values,
        match: [],
      },
    });
  }
  const steps: FlushStep[] = [];
  for (const layer of order.layers) {
    const rows = layer.map((i) => {
      const d = drafts[i] as InsertDraft;
      return {
        shape: {
          kind: 'insert' as const,
          meta: d.meta,
          columns: d.columns,
          key: NONE,
          match: NONE,
          returning: d.returning,
        },
        row: {
          entity: d.entity,
          label: d.label,
          reason: { kind: 'new' } as const,
          key: d.key,
          values: d.values,
          match: [],
        },
      };
    });
    steps.push(...group(rows, target));
  }
  return [...steps, ...group(breaks, target)];
}

function deleteSteps(deletes: readonly DeleteCandidate[], target: PlanTarget): FlushStep[] {
  const index = new Map<EntityMetadata, Map<unknown, number>>();
  deletes.forEach((d, i) => {
    let rows = index.get(d.entry.root);
    if (!rows) index.set(d.entry.root, (rows = new Map()));
    rows.set(d.entry.key, i);
  });
  const edges = deletes.flatMap((d, child) =>
    d.entry.meta.relations.flatMap((relation) => {
      if (relation.joinColumns.length === 0 || d.entry.snapshot === undefined) return [];
      const snapshot = d.entry.snapshot;
      const key = identityKey(relation.joinColumns.map((c) => snapshot[c.name]));
      const parent = index.get(rootOf(relation.target))?.get(key);
      if (parent === undefined) return [];
      return [
        {
          from: child,
          to: parent,
          deferrable: relation.nullable,
          label: `${d.entry.meta.table}.${relation.joinColumns.map((c) => c.name).join(',')}`,
        },
      ];
    }),
  );
  const label = (d: DeleteCandidate) =>
    describeEntity(
      d.entry.meta,
      d.entry.meta.primaryKey.map((c) => d.entry.snapshot?.[c.name]),
    );
  const order = orderRows(deletes.length, edges, (r) => label(deletes[r] as DeleteCandidate));
  const keyOf = (d: DeleteCandidate) => d.entry.meta.primaryKey.map((c) => d.entry.snapshot?.[c.name]);
  const nulls = order.deferred.map((edge) => {
    const d = deletes[edge.from] as DeleteCandidate;
    const relation = d.entry.meta.relations.find((r) =>
      edge.label.endsWith(`.${r.joinColumns.map((c) => c.name).join(',')}`),
    );
    const columns = relation?.joinColumns ?? [];
    return {
      shape: {
        kind: 'break-cycle' as const,
        meta: d.entry.meta,
        columns,
        key: d.entry.meta.primaryKey,
        match: [],
        returning: [],
      },
      row: {
        entity: d.entry.entity,
        label: label(d),
        reason: { kind: 'cycle-break' as const, columns: columns.map((c) => c.name) },
        key: keyOf(d),
        values: columns.map(() => null),
        match: [],
      },
    };
  });
  const steps = group(nulls, target);
  for (const layer of order.layers) {
    const rows = layer.map((i) => {
      const d = deletes[i] as DeleteCandidate;
      const version = d.entry.meta.version;
      return {
        shape: {
          kind: 'delete' as const,
          meta: d.entry.meta,
          columns: [],
          key: d.entry.meta.primaryKey,
          match: version ? [version] : [],
          returning: [],
        },
        row: {
          entity: d.entry.entity,
          label: label(d),
          reason: d.reason,
          key: keyOf(d),
          values: [],
          match: version ? [d.entry.snapshot?.[version.name]] : [],
        },
      };
    });
    steps.push(...group(rows, target));
  }
  return steps;
}

/** Plans the next flush of `source` for `target`. Throws CommitOrderError for a NOT NULL cycle. */
export function planFlush(source: ChangeSource, target: PlanTarget): FlushPlan {
  const changes = collectChanges(source);
  const { drafts, index, referenceValue } = draftInserts(changes.inserts);
  const steps = insertSteps(drafts, index, target);
  const versions = new Map<object, unknown>();
  const updates = changes.updates.map(({ entry, changes: changed }) => {
    const names = new Set(changed.map((c) => c.column));
    const meta = entry.meta;
    const snapshot = entry.snapshot as Bag;
    const accesses = columnAccess(meta).filter((a) => names.has(a.column.name) && !a.column.isVersion);
    const columns = accesses.map((a) => a.column);
    const values = accesses.map((a) =>
      a.kind === 'reference' ? referenceValue(a, entry.entity) : a.read(entry.entity),
    );
    const match: unknown[] = [];
    if (meta.version) {
      const old = snapshot[meta.version.name];
      const next = nextVersion(meta.version, old);
      versions.set(entry.entity, next);
      columns.push(meta.version);
      values.push(next);
      match.push(old);
    }
    const key = meta.primaryKey.map((c) => snapshot[c.name]);
    const reason: RowReason = {
      kind: 'changed',
      changes: changed.map((c) => ({ property: c.property, column: c.column, old: c.old, new: c.new })),
    };
    return {
      shape: {
        kind: 'update' as const,
        meta,
        columns,
        key: meta.primaryKey,
        match: meta.version ? [meta.version] : [],
        returning: [],
      },
      row: { entity: entry.entity, label: describeEntity(meta, key), reason, key, values, match },
    };
  });
  steps.push(...group(updates, target));
  const pivots = planPivots(changes.pivots, pivotEnds(source, drafts, index), target);
  steps.push(...pivots.unlinks, ...pivots.links);
  steps.push(...deleteSteps(changes.deletes, target));
  return finishPlan(
    steps,
    drafts,
    versions,
    changes.deletes.map((d) => d.entry.entity),
    [...updates.map((u) => u.row.entity), ...pivots.owners],
  );
}

/** A pivot row is labelled by its pair; the entity it belongs to is its owner. */
function entityLabel(row: PlannedRow): string {
  return row.reason.kind === 'link' || row.reason.kind === 'unlink' ? row.reason.owner : row.label;
}

function finishPlan(
  steps: FlushStep[],
  drafts: readonly InsertDraft[],
  versions: Map<object, unknown>,
  deletes: readonly object[],
  updated: readonly object[],
): FlushPlan {
  // Why each entity is in the plan: only describe() and readers of `entities` need it, so it is
  // gathered on first use (a flush never pays for it).
  let entities: FlushPlan['entities'] | undefined;
  const gatherReasons = (): FlushPlan['entities'] => {
    const reasons = new Map<object, { label: string; entity: object; reasons: RowReason[] }>();
    for (const step of steps) {
      for (const row of step.rows) {
        const found = reasons.get(row.entity);
        if (found) found.reasons.push(row.reason);
        else reasons.set(row.entity, { label: entityLabel(row), entity: row.entity, reasons: [row.reason] });
      }
    }
    return [...reasons.values()];
  };
  const plan: FlushPlan = {
    steps,
    inserts: drafts,
    versions,
    deletes,
    touched: [...drafts.map((d) => d.entity), ...updated],
    get entities() {
      entities ??= gatherReasons();
      return entities;
    },
    isEmpty: steps.length === 0,
    statementCount: steps.reduce((n, s) => n + s.statements.length, 0),
    describe: () => describePlan(plan),
  };
  return plan;
}
