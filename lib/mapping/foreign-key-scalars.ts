/**
 * Scalar foreign keys (`companyId: p.foreignKey('company')`) at write time: which of the two
 * properties on one FK column a flush writes, the checks it makes first, and the helpers the
 * generated compare binds. The rule (docs/mapping.md, "A scalar foreign key beside its relation"):
 * a changed relation wins (the scalar mirrors its key after COMMIT); a scalar changed alone is
 * written (the relation becomes a reference to that key after COMMIT); both changed to different
 * keys is an EntityStateError before any SQL.
 */
import { EntityStateError, ValueError } from '../errors/index.js';
import { describeValue, valueCheckers } from '../types/index.js';
import type { ColumnMetadata, EntityMetadata, ForeignKeyPropertyMetadata } from './metadata.js';

type Bag = Record<string, unknown>;

const CHECKS = valueCheckers({});

/** `Employee#3`, `Employee#?` for a new one: how the errors name the entity. */
function label(meta: EntityMetadata, entity: object): string {
  const keys = meta.primaryKey.map((c) => (entity as Bag)[c.property]);
  return `${meta.className}#${keys.map((v) => (v === undefined || typeof v === 'object' ? '?' : String(v))).join(',')}`;
}

/** The property of the target's key that the FK column holds. */
export function foreignKeyTargetProperty(property: ForeignKeyPropertyMetadata): string {
  return (property.foreignKeyOf.target.primaryKey[0] as ColumnMetadata).property;
}

/** The value of a scalar foreign key checked against its column's type; a ValueError names the property. */
export function checkForeignKeyValue(
  meta: EntityMetadata,
  property: ForeignKeyPropertyMetadata,
  value: unknown,
): unknown {
  if (value == null) return null;
  const { column } = property;
  try {
    CHECKS[column.type.kind](column.type, value, column.name);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    throw new ValueError(`${meta.className}.${property.name}: ${e.message}`, column.name, { cause: e });
  }
  return value;
}

/** The error for a scalar and its relation changed to different keys. */
export function foreignKeyDisagrees(
  meta: EntityMetadata,
  property: ForeignKeyPropertyMetadata,
  entity: object,
  scalarValue: unknown,
  relationKey: unknown,
): EntityStateError {
  return EntityStateError.foreignKeyDisagrees(
    label(meta, entity),
    property.name,
    property.foreignKeyOf.name,
    describeValue(scalarValue),
    relationKey === undefined ? 'not generated yet (a new entity)' : describeValue(relationKey),
  );
}

/**
 * Which side an INSERT writes: the relation when it holds an entity (a scalar set beside it must
 * hold the same key), else the scalar. A scalar left null or undefined is not set.
 */
export function insertSide(
  meta: EntityMetadata,
  property: ForeignKeyPropertyMetadata,
  entity: object,
): 'relation' | 'scalar' {
  const scalar = (entity as Bag)[property.name];
  const target = (entity as Bag)[property.foreignKeyOf.name];
  if (target == null || typeof target !== 'object') return scalar == null ? 'relation' : 'scalar';
  if (scalar == null) return 'relation';
  const key = (target as Bag)[foreignKeyTargetProperty(property)];
  if (key !== scalar) throw foreignKeyDisagrees(meta, property, entity, scalar, key);
  return 'relation';
}
