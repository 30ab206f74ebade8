/** Tabula's public API: import everything from 'tabula'. */
export * from './connection';
export * from './dialects';
export * from './di';
export * from './entity-manager';
export * from './errors';
export * from './mapping';
export * from './query';
// The query layer's like.contains()/startsWith()/endsWith() helpers; the SQL node factory stays reachable from lib/sql.
export { like } from './query';
export * from './schema';
export * from './sql';
export * from './types';
export * from './unit-of-work';
