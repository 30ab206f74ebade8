export type { BulkOptions, UpdateChanges } from './bulk-dml';
export { EntityManager, type LockMode } from './entity-manager';
export type { EqualityFilter } from './find-query';
export type { FindOptions, PopulatePath, PopulateStrategy } from './find-options';
export type { CursorOptions, CursorPage } from './pagination';
export type { StreamOptions } from './stream';
export type { FlushEvent, FlushListener } from './flush-event';
export { Tabula, type TabulaOptions } from './tabula';
