/**
 * The reference tree a builder's callbacks receive: one typed column reference per scalar
 * property, nested objects for embeddables and relations, typed from the entity class like
 * filters are. At run time it is built lazily from the metadata (relations can be cyclic), and an
 * unknown property is a QueryError naming it rather than `undefined`.
 */
import type { ColumnMetadata, DataKeys, PropertyMetadata, RelationMetadata } from '../../mapping/index.js';
import { ValueError } from '../../errors/index.js';
import { param } from '../../sql/index.js';
import type { ScalarValue } from '../filter.js';
import { columnOf } from '../join-scope.js';
import { QueryError } from '../query-error.js';
import type { BuilderScope, ScopeTable } from './builder-scope.js';
import { Ref } from './typed-expression.js';

type OrNull<V, N> = N extends true ? V | null : V;
type IsNullable<V> = null extends V ? true : undefined extends V ? true : false;

/** The reference for a property `K` of type `V`; `N`: reached through something that may be absent. */
export type RefOf<V, N extends boolean, K extends string = string> = unknown extends V
  ? Ref<unknown, K>
  : [NonNullable<V>] extends [ScalarValue]
    ? Ref<OrNull<V, N>, K>
    : NonNullable<V> extends readonly (infer E)[]
      ? RefTree<E, true>
      : RefTree<NonNullable<V>, N extends true ? true : IsNullable<V>>;

/**
 * Column references of an entity class `T`. Columns of a LEFT-joinable relation (nullable, or
 * to-many) read as `| null`.
 * @example (i: RefTree<Invoice>) => i.customer.address.country // Ref<string | null>
 */
export type RefTree<T, N extends boolean = false> = { readonly [K in DataKeys<T>]-?: RefOf<T[K], N, K> };

/** The tree of `table`'s properties; relations resolve their joins through `scope` when read. */
export function refTree(scope: BuilderScope, table: ScopeTable): object {
  const values = new Map<string, () => unknown>();
  for (const property of table.meta.properties) {
    values.set(property.name, () => propertyRef(scope, table, property));
  }
  return guarded(table.meta.name, table.path, values);
}

function propertyRef(scope: BuilderScope, table: ScopeTable, property: PropertyMetadata): unknown {
  const path = table.path ? `${table.path}.${property.name}` : property.name;
  if (property.kind === 'column') return columnRef(scope, table, property.column, path);
  if (property.kind === 'relation') return relationRef(scope, table, property.relation, path);
  const fields = new Map<string, () => unknown>();
  for (const field of property.fields) {
    fields.set(field.property, () => columnRef(scope, table, field.column, `${path}.${field.property}`));
  }
  return guarded(property.embeddableName, path, fields);
}

/**
 * A relation's tree. Through an owning to-one not joined yet, the target's key reads the FK
 * columns of `table` (no join); any other property joins the relation when it is read.
 */
function relationRef(scope: BuilderScope, table: ScopeTable, relation: RelationMetadata, path: string): object {
  if (relation.joinColumns.length === 0 || scope.isJoined(path))
    return refTree(scope, scope.reach(table, relation, path));
  const values = new Map<string, () => unknown>();
  for (const property of relation.target.properties) {
    const i = property.kind === 'column' ? relation.referencedColumns.indexOf(property.column) : -1;
    const fk = relation.joinColumns[i];
    values.set(
      property.name,
      fk
        ? () => columnRef(scope, table, fk, `${path}.${property.name}`)
        : () => (refTree(scope, scope.reach(table, relation, path)) as Record<string, unknown>)[property.name],
    );
  }
  return guarded(relation.target.name, path, values);
}

function columnRef(scope: BuilderScope, table: ScopeTable, c: ColumnMetadata, path: string): Ref<unknown> {
  const mapper = scope.root.meta.name;
  return new Ref<unknown>(
    columnOf(table, c),
    (raw, types) => (raw === null || raw === undefined ? null : types.fromDriver(c.type, raw)),
    { mapper, path },
    c.type,
    (value) => {
      // Checked now, so a wrong value is a QueryError naming the property, before any SQL exists.
      try {
        scope.check(c, value);
      } catch (e) {
        if (e instanceof ValueError) throw QueryError.invalid(mapper, path, e.message, e);
        throw e;
      }
      return param(value, { type: c.type, column: c.name });
    },
  );
}

/** An object whose known keys answer their (memoised) value, and whose unknown keys throw. */
function guarded(owner: string, path: string, values: ReadonlyMap<string, () => unknown>): object {
  const cache = new Map<string, unknown>();
  return new Proxy(Object.create(null) as object, {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      const make = values.get(key);
      if (!make) {
        // Probes of promise-likes and serialisers are not property reads of the user.
        if (key === 'then' || key === 'toJSON') return undefined;
        throw QueryError.unknownProperty(owner, path ? `${path}.${key}` : key, [...values.keys()]);
      }
      if (!cache.has(key)) cache.set(key, make());
      return cache.get(key);
    },
    has: (_target, key) => typeof key === 'string' && values.has(key),
    ownKeys: () => [...values.keys()],
    getOwnPropertyDescriptor: (_target, key) =>
      typeof key === 'string' && values.has(key) ? { enumerable: true, configurable: true } : undefined,
  });
}
