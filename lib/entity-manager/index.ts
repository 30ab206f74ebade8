export type { BulkOptions, UpdateChanges } from './bulk-dml';
export { EntityManagerContext } from './em-context';
export { EntityManager, entityManagerInternals } from './entity-manager';
