/**
 * Scalar foreign keys in a flush (`companyId: p.foreignKey('company')`): the value an INSERT or
 * UPDATE writes to the shared FK column, and the two properties made to agree after COMMIT. Only
 * classes with such a property reach this file: their FK column's access carries `scalar`.
 */
import {
  type ColumnMetadata,
  type EntityMetadata,
  type ForeignKeyPropertyMetadata,
  foreignKeyTargetProperty,
  insertSide,
  checkForeignKeyValue,
  type ColumnChange,
} from '../mapping/index.js';
import { identityKey, newEntry, rootOf, type UnitOfWork } from '../unit-of-work/index.js';
import type { ColumnAccess } from './column-access.js';
import type { ForeignKeyWrite } from './flush-plan.js';
import type { ReferenceValue } from './insert-draft.js';

type Bag = Record<string, unknown>;
type ReferenceAccess = Extract<ColumnAccess, { kind: 'reference' }>;

/**
 * The FK value an INSERT writes: the relation's key when it holds an entity (read by
 * `referenceValue`: it may be a key still pending), else the scalar, checked. Records which side
 * was written.
 */
export function insertForeignKey(
  meta: EntityMetadata,
  access: ReferenceAccess,
  entity: object,
  referenceValue: ReferenceValue,
  writes: ForeignKeyWrite[],
): unknown {
  const scalar = access.scalar as ForeignKeyPropertyMetadata;
  const side = insertSide(meta, scalar, entity);
  writes.push({ entity, property: scalar, side });
  return side === 'relation'
    ? referenceValue(access, entity)
    : checkForeignKeyValue(meta, scalar, (entity as Bag)[scalar.name]);
}

/**
 * The FK value an UPDATE writes: the compare reported the column under the scalar's name when the
 * scalar alone changed (its checked value is the change's `new`), else under the relation's.
 */
export function updateForeignKey(
  access: ReferenceAccess,
  entity: object,
  changes: readonly ColumnChange[],
  referenceValue: ReferenceValue,
  writes: ForeignKeyWrite[],
): unknown {
  const scalar = access.scalar as ForeignKeyPropertyMetadata;
  const change = changes.find((c) => c.column === access.column.name);
  const side = change?.property === scalar.name ? 'scalar' : 'relation';
  writes.push({ entity, property: scalar, side });
  return side === 'scalar' ? (change as ColumnChange).new : referenceValue(access, entity);
}

/**
 * After COMMIT, before the snapshots: the side not written follows the one written. The scalar
 * takes the relation's key (generated keys are in place by now); the relation takes the entity of
 * the scalar's key — the managed one, or a reference holding only the key (em.getReference).
 */
export function syncForeignKeys(uow: UnitOfWork, writes: readonly ForeignKeyWrite[]): void {
  for (const { entity, property, side } of writes) {
    const bag = entity as Bag;
    const relation = property.foreignKeyOf;
    const keyProperty = foreignKeyTargetProperty(property);
    if (side === 'relation') {
      const target = bag[relation.name];
      bag[property.name] = target == null || typeof target !== 'object' ? null : (target as Bag)[keyProperty];
      continue;
    }
    const key = bag[property.name];
    if (key == null) {
      bag[relation.name] = null;
      continue;
    }
    const held = bag[relation.name];
    if (held != null && typeof held === 'object' && (held as Bag)[keyProperty] === key) continue;
    bag[relation.name] = reference(uow, relation.target, key);
  }
}

function reference(uow: UnitOfWork, meta: EntityMetadata, key: unknown): object {
  const id = identityKey([key]);
  const existing = uow.identityMap.get(rootOf(meta), id);
  if (existing) return existing.entity;
  const ref = Object.create(meta.entityClass.prototype) as Bag;
  ref[(meta.primaryKey[0] as ColumnMetadata).property] = key;
  uow.register(newEntry('managed', ref, meta, id, false));
  return ref;
}
