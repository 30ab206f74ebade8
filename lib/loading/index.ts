export { EntityLoader, type LoadingContext } from './entity-loader';
export type { FindOptions, LockMode, PopulatePath, PopulateStrategy } from './find-options';
export { ManagedMaterializer, type MaterializingContext } from './managed-materializer';
export { type Materializer, readOnlyMaterializer } from './materializer';
export type { CursorOptions, CursorPage } from './pagination';
export type { StreamOptions } from './stream';
export { assembleRows, describeJoinedRows } from './joined-rows';
export { planLevels } from './joined-select';
export { populateTree } from './populate';
