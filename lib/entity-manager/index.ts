export type { BulkOptions, UpdateChanges } from './bulk-dml';
export { EntityManager, type LockMode } from './entity-manager';
export type { EqualityFilter } from '../loading/find-select';
export type { FindOptions, PopulatePath, PopulateStrategy } from '../loading/find-options';
export type { CursorOptions, CursorPage } from '../loading/pagination';
export type { StreamOptions } from '../loading/stream';
export type { FlushEvent, FlushListener } from '../flush/flush-event';
export { Tabula, type TabulaOptions } from '../tabula';
