/**
 * Update rows of a flush: for each changed entity, its changed columns (and the next version,
 * matched against the old one), grouped into one batch UPDATE per (table, changed column set).
 */
import type { ColumnChange, ColumnMetadata, EntityMetadata } from '../mapping/index.js';
import type { ChangeSet } from '../unit-of-work/index.js';
import { type ColumnAccess, columnAccess } from './column-access.js';
import { onUpdateColumns } from './computed-values.js';
import type { FlushStep } from './flush-plan.js';
import { group, NONE, type StepShape } from './group-steps.js';
import { nextVersion, type ReferenceValue } from './insert-draft.js';
import { KeyedRow } from './keyed-row.js';
import type { PlanTarget } from './plan-target.js';

type Bag = Record<string, unknown>;

/** The written columns of one changed-column set of a class: shared by its rows, so they group by identity. */
interface UpdateLayout {
  readonly accesses: readonly ColumnAccess[];
  readonly shape: StepShape;
}

interface ClassLayouts {
  /** Column name → position in `meta.columns`, for the changed-set signature. */
  readonly positions: ReadonlyMap<string, number>;
  readonly bySet: Map<string | number | undefined, UpdateLayout>;
}

const layoutsOf = new WeakMap<EntityMetadata, ClassLayouts>();

function classLayouts(meta: EntityMetadata): ClassLayouts {
  let layouts = layoutsOf.get(meta);
  if (!layouts) {
    layouts = { positions: new Map(meta.columns.map((c, i) => [c.name, i])), bySet: new Map() };
    layoutsOf.set(meta, layouts);
  }
  return layouts;
}

/**
 * The changes of an entity with `.onUpdate` columns: each such column the program did not change
 * itself gets its function's value, shown in the plan and written by the same UPDATE, and
 * recorded in `stamped` (written into the entity after COMMIT only).
 */
function stampChanges(
  meta: EntityMetadata,
  columns: readonly ColumnMetadata[],
  changes: readonly ColumnChange[],
  snapshot: Bag,
): { changes: readonly ColumnChange[]; stamped: Bag | undefined } {
  let stamped: Bag | undefined;
  let all: ColumnChange[] | undefined;
  for (const column of columns) {
    if (changes.some((c) => c.column === column.name)) continue;
    const value = (column.onUpdate as () => unknown)();
    (stamped ??= {})[column.property] = value;
    (all ??= [...changes]).push({
      column: column.name,
      property: column.property,
      old: snapshot[column.name],
      new: value,
    });
  }
  if (!all) return { changes, stamped };
  // Layouts are named by the changed columns in column order.
  const { positions } = classLayouts(meta);
  all.sort((a, b) => (positions.get(a.column) as number) - (positions.get(b.column) as number));
  return { changes: all, stamped };
}

function layoutFor(meta: EntityMetadata, changed: readonly ColumnChange[]): UpdateLayout {
  const layouts = classLayouts(meta);
  // The comparator reports changes in column order, so the positions name the set (one changed
  // column, the common case, by its position alone: no string per row).
  let signature: string | number | undefined;
  if (changed.length === 1) signature = layouts.positions.get((changed[0] as ColumnChange).column);
  else {
    signature = '';
    for (const c of changed) signature += `${layouts.positions.get(c.column)},`;
  }
  let layout = layouts.bySet.get(signature);
  if (!layout) {
    const names = new Set(changed.map((c) => c.column));
    const accesses = columnAccess(meta).filter((a) => names.has(a.column.name) && !a.column.isVersion);
    const columns = accesses.map((a) => a.column);
    if (meta.version) columns.push(meta.version);
    const match = meta.version ? [meta.version] : NONE;
    layout = { accesses, shape: { kind: 'update', meta, columns, key: meta.primaryKey, match, returning: NONE } };
    layouts.bySet.set(signature, layout);
  }
  return layout;
}

/**
 * The version match of an UPDATE of `entity` (a change or a soft delete): the next version goes
 * into `values` and `versions` (written back after COMMIT), and the old one is returned to match.
 * Nothing without a version column.
 */
export function bumpVersion(
  meta: EntityMetadata,
  snapshot: Bag,
  entity: object,
  versions: Map<object, unknown>,
  values: unknown[],
): readonly unknown[] {
  if (!meta.version) return NONE;
  const old = snapshot[meta.version.name];
  const next = nextVersion(meta.version, old);
  versions.set(entity, next);
  values.push(next);
  return [old];
}

/**
 * The update steps of `updates`; each new version goes into `versions` and each `.onUpdate` value
 * into `assigned` (both written back after COMMIT). `referenceValue` reads a foreign key that may
 * point at a row inserted by this flush.
 */
export function updateSteps(
  updates: readonly ChangeSet[],
  referenceValue: ReferenceValue,
  versions: Map<object, unknown>,
  target: PlanTarget,
  assigned?: Map<object, Bag>,
): FlushStep[] {
  let lastMeta: EntityMetadata | undefined;
  let stamping: readonly ColumnMetadata[] = NONE;
  const rows = updates.map((update) => {
    const { meta, entity } = update.entry;
    const snapshot = update.entry.snapshot as Bag;
    if (meta !== lastMeta) {
      lastMeta = meta;
      stamping = onUpdateColumns(meta);
    }
    let changes = update.changes;
    let stamped: Bag | undefined;
    if (stamping.length > 0) {
      ({ changes, stamped } = stampChanges(meta, stamping, changes, snapshot));
      if (stamped) assigned?.set(entity, stamped);
    }
    const layout = layoutFor(meta, changes);
    const values: unknown[] = [];
    for (const a of layout.accesses) {
      if (a.kind === 'reference') values.push(referenceValue(a, entity));
      else values.push(stamped && a.column.property in stamped ? stamped[a.column.property] : a.read(entity));
    }
    const match = bumpVersion(meta, snapshot, entity, versions, values);
    const key = meta.primaryKey.map((c) => snapshot[c.name]);
    const row = new KeyedRow(entity, meta, { kind: 'changed', changes }, key, values, match);
    return { shape: layout.shape, row };
  });
  return group(
    rows,
    (r) => r.shape,
    (r) => r.row,
    target,
  );
}
