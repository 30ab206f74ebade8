/**
 * SELECTs for the EntityManager's finds: one row by its key (refresh, load, lock), and the typed
 * filters, orders and pages of the query layer.
 */
import type { ColumnMetadata, EntityMetadata } from '../mapping/index.js';
import { buildSelect, discriminatorCondition, type Filter, QueryError, type SelectQuery } from '../query/index.js';
import { and, column, countAll, eq, type Expression, type LockClause, type SelectNode, select } from '../sql/index.js';
import type { DialectTypes } from '../types/index.js';
import type { FindOptions, LockMode } from './find-options.js';

type Bag = Record<string, unknown>;

const col = (c: ColumnMetadata) => column(c.name, { type: c.type });

/**
 * `SELECT <columns> FROM <table> WHERE <key> = …` (and the discriminator of a subclass of a STI
 * hierarchy), locked when asked: how `refresh`, `load` and `lock` read one managed row.
 */
export function selectByKey(meta: EntityMetadata, key: readonly unknown[], lock?: LockMode): SelectNode {
  const where: Expression[] = meta.primaryKey.map((c, i) => eq(col(c), key[i]));
  const discriminator = discriminatorCondition(meta, col);
  if (discriminator) where.push(discriminator);
  return select({
    columns: meta.columns.map(col),
    from: meta.table,
    where: and(...where),
    ...(lock ? { lock: lockClause(lock) } : {}),
  });
}

/** The filter `{ id: 3 }` (or each column of a composite key) for key values. */
export function keyFilter<T>(meta: EntityMetadata, values: readonly unknown[]): Filter<T> {
  const filter: Bag = {};
  meta.primaryKey.forEach((c, i) => {
    filter[c.property] = values[i];
  });
  return filter as Filter<T>;
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

const LOCK_STRENGTHS: Readonly<Record<LockMode, LockClause['strength']>> = {
  'pessimistic-write': 'update',
  'pessimistic-read': 'share',
};

/**
 * Refuses anything but the two lock modes: a typo (`'pessimistic_write'`) must not quietly become
 * the weaker shared lock.
 */
export function checkLockMode(meta: EntityMetadata, mode: unknown): asserts mode is LockMode {
  if (typeof mode !== 'string' || !Object.hasOwn(LOCK_STRENGTHS, mode)) {
    const shown = typeof mode === 'string' ? JSON.stringify(mode.slice(0, 40)) : typeof mode;
    throw QueryError.invalid(
      meta.name,
      'lock',
      `${shown} is not a lock mode.\n  Use 'pessimistic-write' (FOR UPDATE) or 'pessimistic-read' (FOR SHARE).`,
    );
  }
}

export function lockClause(mode: LockMode): LockClause {
  return { strength: LOCK_STRENGTHS[mode] };
}

/** `SELECT COUNT(*)` of the rows a filter matches (to-one joins never multiply rows; to-many filters are EXISTS). */
export function countSelect<T>(meta: EntityMetadata, filter: Filter<T>, types: DialectTypes): SelectNode {
  const node = buildSelect<T>(meta, { where: filter, types });
  return select({ ...node, columns: [{ expression: countAll(), alias: 'n' }], orderBy: [] });
}
