/**
 * The generated hot paths of one entity for one dialect — hydrate, snapshot, compare — compiled
 * once (the MetadataRegistry caches them), and printable for review: `describeHydrator(…)` returns
 * exactly the source that runs.
 */
import type { DialectTypes } from '../types/index.js';
import { type ColumnChange, comparatorSource } from './hot-paths/generate-comparator.js';
import { type Hydrator, hydratorSource } from './hot-paths/generate-hydrator.js';
import { type Snapshot, snapshotSource } from './hot-paths/generate-snapshot.js';
import type { EntityMetadata } from './metadata.js';

export type { ColumnChange } from './hot-paths/generate-comparator.js';
export { NO_CHANGES } from './hot-paths/generate-comparator.js';
export type { Hydrator, ReferenceResolver } from './hot-paths/generate-hydrator.js';
export type { Snapshot } from './hot-paths/generate-snapshot.js';

export interface HotPaths<T = object> {
  /** A row keyed by column name → a new instance (no constructor run); STI rows → their subclass. */
  readonly hydrate: Hydrator<T>;
  /** The entity's column values, keyed by column name (to-one relations as the referenced key). */
  readonly snapshot: (entity: T) => Snapshot;
  /** The columns whose value differs from `snapshot` (the shared empty `NO_CHANGES` when none). */
  readonly compare: (entity: T, snapshot: Snapshot) => readonly ColumnChange[];
}

/** Compiles the three functions; `lookup` supplies the hot paths of STI subclasses. */
export function compileHotPaths(
  entity: EntityMetadata,
  types: DialectTypes,
  lookup: (entity: EntityMetadata) => HotPaths,
): HotPaths {
  const h = hydratorSource(entity, types, (d) => lookup(d).hydrate);
  const s = snapshotSource(entity);
  const c = comparatorSource(entity);
  return Object.freeze({
    hydrate: h.source.compile<Hydrator>(h.title, h.signature),
    snapshot: s.source.compile<HotPaths['snapshot']>(s.title, s.signature),
    compare: c.source.compile<HotPaths['compare']>(c.title, c.signature),
  });
}

/**
 * The source of an entity's generated hydrator, as it runs (subclass hydrators are bound by name).
 * @example console.log(describeHydrator(registry.get(Book), sqliteTypes));
 */
export function describeHydrator(entity: EntityMetadata, types: DialectTypes): string {
  const h = hydratorSource(entity, types, () => () => ({}));
  return h.source.print(h.title, h.signature);
}

/** The source of an entity's generated snapshot function. */
export function describeSnapshot(entity: EntityMetadata): string {
  const s = snapshotSource(entity);
  return s.source.print(s.title, s.signature);
}

/** The source of an entity's generated compare function. */
export function describeComparator(entity: EntityMetadata): string {
  const c = comparatorSource(entity);
  return c.source.print(c.title, c.signature);
}
