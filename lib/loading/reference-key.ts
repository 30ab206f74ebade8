/**
 * The key `em.getReference(Entity, key)` is given, checked before a reference exists: a reference
 * made from `{"$ne": null}` would sit in the identity map under an object and, once loaded, read
 * whatever row that "key" matched. Refusals name the class and the key's shape, never the value.
 */
import { ValueError } from '../errors/index.js';
import type { ColumnMetadata, EntityMetadata } from '../mapping/index.js';
import type { DialectTypes } from '../types/index.js';

/** The key values of `key` in primary-key order, each a valid value of its column; else a ValueError. */
export function referenceKey(meta: EntityMetadata, key: unknown, types: DialectTypes): unknown[] {
  const columns = meta.primaryKey;
  const values = columns.length === 1 ? [key] : compositeValues(meta, key);
  columns.forEach((c, i) => {
    checkKeyValue(meta, c, values[i], types);
  });
  return values;
}

function compositeValues(meta: EntityMetadata, key: unknown): unknown[] {
  const columns = meta.primaryKey;
  const shape = `${columns.length} values in key order (${columns.map((c) => c.property).join(', ')})`;
  if (Array.isArray(key)) {
    if (key.length !== columns.length) {
      throw refuse(meta, `a list of ${key.length} values is not ${meta.className}'s key: give ${shape}`);
    }
    return key;
  }
  if (isPlainObject(key)) {
    const names = new Set(columns.map((c) => c.property));
    const keys = Object.keys(key);
    if (keys.length !== columns.length || !keys.every((k) => names.has(k))) {
      throw refuse(meta, `an object whose properties are not exactly ${meta.className}'s key: give ${shape}`);
    }
    return columns.map((c) => key[c.property]);
  }
  throw refuse(meta, `${kindOf(key)} is not ${meta.className}'s composite key: give ${shape}`);
}

function checkKeyValue(meta: EntityMetadata, c: ColumnMetadata, value: unknown, types: DialectTypes): void {
  const what = meta.primaryKey.length === 1 ? 'the key' : `key part ${c.property}`;
  if (value === null || value === undefined) throw refuse(meta, `${what} is ${String(value)}: a key has a value`);
  if (!isScalar(value)) {
    const fix =
      Array.isArray(value) || isPlainObject(value) ? ', not data from a request body: pass the key value itself' : '';
    throw refuse(meta, `${what} is ${kindOf(value)}${fix}`);
  }
  try {
    types.toDriver(c.type, value, c.name);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    throw new ValueError(
      `getReference(${meta.className}): ${what} is ${kindOf(value)} that column ${c.name} (${c.type.kind}) cannot hold.`,
      c.name,
      { cause: e },
    );
  }
}

function refuse(meta: EntityMetadata, why: string): ValueError {
  return new ValueError(`getReference(${meta.className}): ${why}.`);
}

function isScalar(value: unknown): boolean {
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'bigint' || t === 'boolean') return true;
  return value instanceof Date || value instanceof Uint8Array;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (isPlainObject(value)) return 'a plain object';
  if (value instanceof Date) return 'a Date';
  const t = typeof value;
  return t === 'object' ? 'an instance of a class' : t === 'undefined' ? 'undefined' : `a ${t}`;
}
