export { buildSelect, type SelectQuery } from './build-select';
export * from './filter';
export { type CompiledFilter, compileFilter, type FilterOptions, type Join } from './filter-compiler';
export { like } from './like-patterns';
export type { OrderBy, OrderCondition, OrderDirection } from './order-by';
export { compileOrderBy } from './order-compiler';
export { columnOf, type TableRef } from './join-scope';
export { QueryError } from './query-error';
export * from './builder';
