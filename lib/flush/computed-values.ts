/**
 * Which columns of a class the flush computes itself (`.onUpdate`) or leaves to the database
 * (`.defaultSql`), found once per class: a class with none costs a WeakMap lookup per class and
 * flush, never work per row.
 */
import type { ColumnMetadata, EntityMetadata } from '../mapping/index.js';
import { NONE } from './group-steps.js';

interface ComputedColumns {
  readonly sqlDefaults: readonly ColumnMetadata[];
  readonly onUpdate: readonly ColumnMetadata[];
}

const EMPTY: ComputedColumns = Object.freeze({ sqlDefaults: NONE, onUpdate: NONE });
const byClass = new WeakMap<EntityMetadata, ComputedColumns>();

function computedColumns(meta: EntityMetadata): ComputedColumns {
  let found = byClass.get(meta);
  if (!found) {
    const sqlDefaults = meta.columns.filter((c) => c.source === 'property' && c.defaultSql !== undefined);
    const onUpdate = meta.columns.filter((c) => c.source === 'property' && c.onUpdate !== undefined);
    found = sqlDefaults.length + onUpdate.length === 0 ? EMPTY : Object.freeze({ sqlDefaults, onUpdate });
    byClass.set(meta, found);
  }
  return found;
}

/** Columns with a database DEFAULT (`.defaultSql`), in column order. */
export function sqlDefaultColumns(meta: EntityMetadata): readonly ColumnMetadata[] {
  return computedColumns(meta).sqlDefaults;
}

/** Columns with `.onUpdate(fn)`, in column order. */
export function onUpdateColumns(meta: EntityMetadata): readonly ColumnMetadata[] {
  return computedColumns(meta).onUpdate;
}
