/**
 * Identity keys: a single-column key is its value; a composite key is its values joined by a
 * separator no key value contains in practice (U+0000), with the value's type tag so 1 and '1' differ.
 */
import type { ColumnMetadata, EntityMetadata } from '../mapping/index.js';

const SEPARATOR = '\u0000';

/** The key values of `entity` in primary-key order (undefined where not yet assigned). */
export function keyValues(meta: EntityMetadata, entity: object): unknown[] {
  const bag = entity as Record<string, unknown>;
  return meta.primaryKey.map((c) => {
    const value = bag[c.property];
    if (c.source !== 'foreign-key' || value == null || typeof value !== 'object') return value;
    // A key column that is a foreign key (PlaylistTrack.playlist): the identity is the target's key.
    const relation = meta.relations.find((r) => r.joinColumns.includes(c));
    const targetKey = relation?.target.primaryKey[relation.joinColumns.indexOf(c)];
    return targetKey ? (value as Record<string, unknown>)[targetKey.property] : value;
  });
}

/** The identity-map key of the given key values, or undefined when one of them is missing. */
export function identityKey(values: readonly unknown[]): unknown {
  if (values.length === 1) return values[0] ?? undefined;
  if (values.some((v) => v == null)) return undefined;
  return values.map((v) => `${typeof v}:${String(v)}`).join(SEPARATOR);
}

/**
 * The identity-map key of `entity` (undefined while a key value is missing). A single-column key
 * held by a property is read directly: this runs for every row loaded or flushed.
 */
export function identityOf(meta: EntityMetadata, entity: object): unknown {
  const only = meta.primaryKey.length === 1 ? meta.primaryKey[0] : undefined;
  if (only !== undefined && only.source !== 'foreign-key')
    return (entity as Record<string, unknown>)[only.property] ?? undefined;
  return identityKey(keyValues(meta, entity));
}

/** `key` as the user passes it to find / getReference: a value, or an array of values for a composite key. */
export function keyInput(meta: EntityMetadata, key: unknown): unknown[] {
  if (meta.primaryKey.length === 1) return [key];
  return Array.isArray(key)
    ? key
    : meta.primaryKey.map((c: ColumnMetadata) => (key as Record<string, unknown>)[c.property]);
}

/** `Author#3`, `Book#0190…`: how plans and errors name an entity. */
export function describeEntity(meta: EntityMetadata, values: readonly unknown[]): string {
  return `${meta.className}#${values.map((v) => (v === undefined ? '?' : String(v))).join(',')}`;
}
