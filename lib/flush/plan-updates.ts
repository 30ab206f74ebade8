/**
 * Update rows of a flush: for each changed entity, its changed columns (and the next version,
 * matched against the old one), grouped into one batch UPDATE per (table, changed column set).
 */
import type { ColumnChange, EntityMetadata } from '../mapping/index.js';
import type { ChangeSet } from '../unit-of-work/index.js';
import { type ColumnAccess, columnAccess } from './column-access.js';
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

function layoutFor(meta: EntityMetadata, changed: readonly ColumnChange[]): UpdateLayout {
  let layouts = layoutsOf.get(meta);
  if (!layouts) {
    layouts = { positions: new Map(meta.columns.map((c, i) => [c.name, i])), bySet: new Map() };
    layoutsOf.set(meta, layouts);
  }
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
 * The update steps of `updates`; each new version goes into `versions` (written back after
 * COMMIT). `referenceValue` reads a foreign key that may point at a row inserted by this flush.
 */
export function updateSteps(
  updates: readonly ChangeSet[],
  referenceValue: ReferenceValue,
  versions: Map<object, unknown>,
  target: PlanTarget,
): FlushStep[] {
  const rows = updates.map(({ entry, changes }) => {
    const { meta, entity } = entry;
    const snapshot = entry.snapshot as Bag;
    const layout = layoutFor(meta, changes);
    const values: unknown[] = [];
    for (const a of layout.accesses) values.push(a.kind === 'reference' ? referenceValue(a, entity) : a.read(entity));
    let match: readonly unknown[] = NONE;
    if (meta.version) {
      const old = snapshot[meta.version.name];
      const next = nextVersion(meta.version, old);
      versions.set(entity, next);
      values.push(next);
      match = [old];
    }
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
