/**
 * Global filters at read time: which of a class's filters apply to one query, with which
 * parameters, as conditions to AND to the query's own filter. A class without filters costs one
 * length check; a filter that needs parameters and has none refuses the query (QueryError),
 * never runs it unfiltered.
 */
import { type EntityMetadata, SOFT_DELETE_FILTER } from '../mapping/index.js';
import { type Filter, QueryError } from '../query/index.js';

/**
 * A query's say over global filters: `false` disables all of them (the soft-delete one too);
 * by name, `false` disables one, `true` enables one (with the EntityManager's parameters), and an
 * object enables one with these parameters.
 * @example await em.find(Doc, {}, { filters: { tenant: { id: 2 } } });
 */
export type QueryFilters = false | Readonly<Record<string, boolean | object>>;

/** The filter options of a read (find, count, populate, streams, the query builder, bulk DML). */
export interface FilterOptions {
  /** Enables, disables or parameterises global filters for this query; see QueryFilters. */
  readonly filters?: QueryFilters | undefined;
  /** Includes soft-deleted rows (disables the built-in `softDelete` filter). */
  readonly withDeleted?: boolean | undefined;
}

/** Parameters of filters by name, as `em.setFilterParams` stores them. */
export type FilterParamsLookup = (name: string) => object | undefined;

const NO_PARAMS: FilterParamsLookup = () => undefined;

/** The conditions `meta`'s active filters add to a query; undefined when none applies. */
export function filterConditions(
  meta: EntityMetadata,
  options: FilterOptions | undefined,
  params: FilterParamsLookup = NO_PARAMS,
): object[] | undefined {
  const { filters } = meta;
  if (filters.length === 0) return undefined;
  const asked = options?.filters;
  if (asked === false) return undefined;
  let conditions: object[] | undefined;
  for (const f of filters) {
    const setting = asked?.[f.name];
    if (setting === false || (f.name === SOFT_DELETE_FILTER && options?.withDeleted)) continue;
    if (setting === undefined && !f.default) continue;
    const given = typeof setting === 'object' && setting !== null ? setting : params(f.name);
    if (f.needsParams && given === undefined) {
      throw QueryError.invalid(
        meta.name,
        `filters.${f.name}`,
        `the filter '${f.name}' needs parameters, and none were given.\n  Call em.setFilterParams('${f.name}', { … }), pass { filters: { ${f.name}: { … } } } to the query, or disable it with { filters: { ${f.name}: false } }.`,
      );
    }
    (conditions ??= []).push((f.cond as (p: object | undefined) => object)(given));
  }
  return conditions;
}

/** `filter` restricted by the conditions (itself when there are none). */
export function withConditions<T>(filter: Filter<T>, conditions: readonly object[] | undefined): Filter<T> {
  if (conditions === undefined) return filter;
  return { $and: [filter, ...conditions] } as unknown as Filter<T>;
}
