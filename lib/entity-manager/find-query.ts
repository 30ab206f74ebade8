/**
 * SELECTs for the EntityManager's finds: by primary key and equality (refresh, lock), and the
 * typed filters, orders and pages of the query layer; and how rows become entities.
 */
import { discriminatorCondition } from '../query/discriminator';
import { InternalError } from '../errors';
import type { ColumnMetadata, EntityMetadata, HotPaths, ReferenceResolver } from '../mapping';
import { buildSelect, type Filter, type SelectQuery } from '../query';
import { and, column, countAll, eq, type Expression, isNull, type LockClause, type SelectNode, select } from '../sql';
import type { DialectTypes } from '../types/dialect-types';
import type { FindOptions, LockMode } from './find-options';
import { clearUnloaded } from './partial-fields';

/** Equality on properties: `{ name: 'Ann' }`, `{ author: ann }` or `{ author: 3 }`; null means IS NULL. */
export type EqualityFilter = Readonly<Record<string, unknown>>;

type Bag = Record<string, unknown>;

const col = (c: ColumnMetadata) => column(c.name, { type: c.type });

function equals(c: ColumnMetadata, value: unknown): Expression {
  return value === null ? isNull(col(c)) : eq(col(c), value);
}

/** The WHERE of a filter, including the discriminator of a subclass of a STI hierarchy. */
export function filterWhere(meta: EntityMetadata, filter: EqualityFilter): Expression[] {
  const parts: Expression[] = [];
  for (const [name, value] of Object.entries(filter)) {
    const property = meta.properties.find((p) => p.name === name);
    if (!property) throw new InternalError(`${meta.className} has no mapped property ${name} to find its key by.`);
    if (property.kind === 'column') parts.push(equals(property.column, value));
    else if (property.kind === 'relation' && property.relation.joinColumns.length > 0) {
      const { relation } = property;
      relation.joinColumns.forEach((c, k) => {
        const keyProperty = (relation.target.primaryKey[k] as ColumnMetadata).property;
        const key =
          value !== null && typeof value === 'object' && !Array.isArray(value)
            ? (value as Bag)[keyProperty]
            : Array.isArray(value)
              ? value[k]
              : value;
        parts.push(equals(c, value === null ? null : key));
      });
    } else
      throw new InternalError(`${meta.className}.${name} is a key but neither a column nor an owning to-one relation.`);
  }
  const discriminator = discriminatorCondition(meta, col);
  if (discriminator) parts.push(discriminator);
  return parts;
}

/** `SELECT <columns> FROM <table> WHERE …`. */
export function selectEntities(
  meta: EntityMetadata,
  filter: EqualityFilter,
  options: { limit?: number; lock?: LockClause } = {},
): SelectNode {
  const where = filterWhere(meta, filter);
  return select({
    columns: meta.columns.map(col),
    from: meta.table,
    ...(where.length > 0 ? { where: and(...where) } : {}),
    orderBy: meta.primaryKey.map(col),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.lock ? { lock: options.lock } : {}),
  });
}

/** The filter `{ id: 3 }` (or each column of a composite key) for key values. */
export function keyFilter(meta: EntityMetadata, values: readonly unknown[]): EqualityFilter {
  const filter: Bag = {};
  meta.primaryKey.forEach((c, i) => {
    filter[c.property] = values[i];
  });
  return filter;
}

/** Turns rows into entities: the EntityManager's managed instances, or plain read-only ones. */
export interface Materializer {
  /** `loaded`: the columns a partial find (`fields`) read; the others stay unset. */
  entity(meta: EntityMetadata, row: Readonly<Record<string, unknown>>, loaded?: ReadonlySet<string>): object;
  /** False for a reference that holds only its key. */
  isLoaded(entity: object): boolean;
  /** Records that `entity`'s to-many `relation` now holds its loaded members (the flush compares against them). */
  loadedMembers(entity: object, relation: string, members: readonly object[]): void;
  /** Whether `entity`'s to-many `relation` was loaded before (managed: keep its array and its unflushed changes). */
  hasMembers(entity: object, relation: string): boolean;
}

/** Plain instances: nothing registered, to-one relations as stubs holding the key. */
export function readOnlyMaterializer(hotPaths: (meta: EntityMetadata) => HotPaths): Materializer {
  const stubs = new WeakSet<object>();
  const resolver: ReferenceResolver = {
    reference(target, key) {
      const values = Array.isArray(key) ? key : [key];
      const stub = Object.create(target.entityClass.prototype) as Bag;
      target.primaryKey.forEach((c, i) => {
        stub[c.property] = values[i];
      });
      stubs.add(stub);
      return stub;
    },
  };
  return {
    entity: (meta, row, loaded) => {
      const entity = hotPaths(meta).hydrate(row, resolver);
      if (loaded) clearUnloaded(meta, entity, loaded);
      return entity;
    },
    isLoaded: (entity) => !stubs.has(entity),
    loadedMembers: () => undefined,
    hasMembers: () => false,
  };
}

/** The SELECT of `em.find`: the typed filter, order, page and lock of the query layer. */
export function findSelect<T>(
  meta: EntityMetadata,
  filter: Filter<T>,
  options: FindOptions<T>,
  types: DialectTypes,
  conditions?: SelectQuery<T>['conditions'],
): SelectNode {
  return buildSelect<T>(meta, {
    where: filter,
    types,
    ...(options.orderBy === undefined ? {} : { orderBy: options.orderBy }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.offset === undefined ? {} : { offset: options.offset }),
    ...(options.lock === undefined ? {} : { lock: lockClause(options.lock) }),
    ...(conditions === undefined ? {} : { conditions }),
  });
}

export function lockClause(mode: LockMode): LockClause {
  return { strength: mode === 'pessimistic-write' ? 'update' : 'share' };
}

/** `SELECT COUNT(*)` of the rows a filter matches (to-one joins never multiply rows; to-many filters are EXISTS). */
export function countSelect<T>(meta: EntityMetadata, filter: Filter<T>, types: DialectTypes): SelectNode {
  const node = buildSelect<T>(meta, { where: filter, types });
  return select({ ...node, columns: [{ expression: countAll(), alias: 'n' }], orderBy: [] });
}
