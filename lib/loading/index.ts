export { EntityLoader, type LoadingContext, type PopulateOptions, type Unchecked } from './entity-loader.js';
export type { FindOptions, LockMode, PopulatePath, PopulateStrategy, ReadOptions } from './find-options.js';
export { checkLockMode } from './find-select.js';
export { ManagedMaterializer, type MaterializingContext } from './managed-materializer.js';
export { isReadOnlyStub, type Materializer, readOnlyMaterializer } from './materializer.js';
export type { CursorOptions, CursorPage } from './pagination.js';
export type { StreamOptions } from './stream.js';
export {
  type FilterOptions,
  type FilterParamsLookup,
  filterConditions,
  type QueryFilters,
  withConditions,
} from './global-filters.js';
export { assembleRows, describeJoinedRows } from './joined-rows.js';
export { planLevels } from './joined-select.js';
export { populateTree } from './populate.js';
export { referenceKey } from './reference-key.js';
