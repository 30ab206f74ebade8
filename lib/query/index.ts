export { buildSelect, type SelectQuery } from './build-select.js';
export * from './filter.js';
export type {} from './filter-definition.js';
export {
  type CompiledFilter,
  compileFilter,
  type FilterOptions,
  type Join,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LIST,
} from './filter-compiler.js';
export { like } from './like-patterns.js';
export { isOp, type Op, op } from './op.js';
export type { OrderBy, OrderCondition, OrderDirection } from './order-by.js';
export { compileOrderBy } from './order-compiler.js';
export { columnOf, type TableRef } from './join-scope.js';
export { QueryError } from './query-error.js';
export * from './builder/index.js';
export { discriminatorCondition } from './discriminator.js';
export { propertyOf } from './filter-compiler.js';
export type {
  EntityType,
  KeyOf,
  Loaded,
  LoadedMark,
  loadedFrom,
  MapperOf,
  PopulatePath,
  Reference,
  RegisteredMappers,
  WithPopulated,
} from './loaded.js';
