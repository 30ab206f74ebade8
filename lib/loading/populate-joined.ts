/**
 * `populate` with strategy `joined`: the roots and every requested relation level in one SELECT
 * with LEFT JOINs, hydrated through the same materializer as select-in (an instance already
 * managed wins; populated to-many arrays become the members a flush compares against).
 */
import type { ColumnMetadata, EntityMetadata } from '../mapping/index.js';
import { buildSelect, columnOf, compileFilter, type Filter, QueryError } from '../query/index.js';
import { select, type SelectNode } from '../sql/index.js';
import { describeValue } from '../types/index.js';
import { identityOf, keyValues } from '../unit-of-work/index.js';
import type { FindOptions, PopulateStrategy } from './find-options.js';
import { findSelect } from './find-select.js';
import { assembleRows } from './joined-rows.js';
import {
  type JoinedLevel,
  type LevelRestriction,
  levelColumns,
  levelJoins,
  levelOrder,
  pageCondition,
  planLevels,
} from './joined-select.js';
import { chunks, keyCondition, type PathTree, type PopulateContext } from './populate.js';

/** The strategy `options` ask for; a QueryError names an unknown one before any SQL runs. */
export function populateStrategy(meta: EntityMetadata, strategy: unknown): PopulateStrategy {
  if (strategy === undefined || strategy === 'select-in') return 'select-in';
  if (strategy === 'joined') return 'joined';
  throw QueryError.invalid(
    meta.name,
    'strategy',
    `unknown populate strategy ${describeValue(strategy)}; use 'select-in' (the default) or 'joined'.`,
  );
}

/**
 * `em.find` with `strategy: 'joined'`: one SELECT for the roots (filter, order, page, partial
 * `fields`) and all levels of `tree`. Returns the roots in the order of the find.
 */
export async function findJoined<T>(
  ctx: PopulateContext,
  meta: EntityMetadata,
  tree: PathTree,
  query: { readonly filter: Filter<T>; readonly options: FindOptions<T>; readonly loaded?: ReadonlySet<string> },
): Promise<object[]> {
  const { filter, options, loaded } = query;
  if (options.lock) {
    // PostgreSQL refuses FOR UPDATE on the nullable side of an outer join; MySQL would lock every joined row.
    throw QueryError.invalid(
      meta.name,
      'strategy',
      `a ${options.lock} lock cannot be taken with strategy 'joined'; use 'select-in'.`,
    );
  }
  const base = findSelect(meta, filter, options, ctx.types);
  const rootAlias = base.from?.alias ?? meta.table;
  const columns = loaded ? meta.columns.filter((c) => loaded.has(c.name)) : meta.columns;
  const levels = planLevels(meta, rootAlias, columns, tree);
  const isPaged = base.limit !== undefined || base.offset !== undefined;
  // A to-many join repeats each root per member: a page of rows is not a page of roots.
  const outer =
    isPaged && levels.some((l) => l.multiplies)
      ? buildSelect<T>(meta, {
          ...(options.orderBy ? { orderBy: options.orderBy } : {}),
          conditions: () => [pageCondition(meta, rootAlias, base)],
        })
      : base;
  const rows = await ctx.queryable.query(
    joinedSelect(outer, levels, options.orderBy !== undefined, levelRestriction(ctx)),
  );
  return assembleRows(rows, {
    levels,
    materializer: ctx.materializer,
    types: ctx.types,
    root: (row) => ctx.materializer.entity(meta, row, loaded),
  });
}

/**
 * Populates entities already loaded (`findOne` from the identity map, a cursor page): their keys,
 * chunked under the bind limit, select the joined levels; the entities themselves are not re-read.
 */
export async function populateJoined(
  ctx: PopulateContext,
  meta: EntityMetadata,
  entities: readonly object[],
  tree: PathTree,
): Promise<void> {
  if (tree.size === 0 || entities.length === 0) return;
  const byKey = new Map<unknown, object>();
  for (const e of entities) {
    const key = identityOf(meta, e);
    if (!byKey.has(key)) byKey.set(key, e);
  }
  const levels = planLevels(meta, 't0', meta.primaryKey, tree);
  const keys = [...byKey.values()].map((e) => keyValues(meta, e));
  const rows: Record<string, unknown>[] = [];
  for (const chunk of chunks(keys, ctx.maxBindParameters, meta.primaryKey.length)) {
    const base = buildSelect(meta, {
      types: ctx.types,
      conditions: (root) => [
        keyCondition(
          meta.primaryKey.map((c: ColumnMetadata) => columnOf(root, c)),
          chunk,
        ),
      ],
    });
    rows.push(...(await ctx.queryable.query(joinedSelect(base, levels, false, levelRestriction(ctx)))));
  }
  assembleRows(rows, {
    levels,
    materializer: ctx.materializer,
    types: ctx.types,
    root: (_row, key) => byKey.get(key),
    owners: [...byKey.values()],
  });
}

/**
 * The global filters of joined levels, compiled on each level's alias. A condition that would need
 * joins of its own is refused: its aliases could collide with the levels' (select-in takes it).
 */
function levelRestriction(ctx: PopulateContext): LevelRestriction | undefined {
  const { conditions } = ctx;
  if (!conditions) return undefined;
  return (meta, alias) => {
    const filtered = conditions(meta);
    if (!filtered) return undefined;
    const { where, joins } = compileFilter(meta, { $and: filtered }, { alias, types: ctx.types });
    if (joins.length > 0) {
      throw QueryError.invalid(
        meta.name,
        'filters',
        "a global filter whose condition follows a relation cannot be joined with strategy 'joined'; use 'select-in' for this populate.",
      );
    }
    return where;
  };
}

/** The roots' SELECT with every level joined, labelled and ordered. */
function joinedSelect(
  roots: SelectNode,
  levels: readonly JoinedLevel[],
  rootKeyToo: boolean,
  restrict: LevelRestriction | undefined,
): SelectNode {
  return select({
    ...roots,
    columns: levelColumns(levels),
    joins: [...roots.joins, ...levelJoins(levels, restrict)],
    orderBy: [...roots.orderBy, ...levelOrder(levels, rootKeyToo)],
  });
}
