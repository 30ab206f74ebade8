export { EntityManager, type LockMode } from './entity-manager';
export type { EqualityFilter } from './find-query';
export type { FlushEvent, FlushListener } from './flush-event';
export { Tabula, type TabulaOptions } from './tabula';
