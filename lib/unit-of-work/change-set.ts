/**
 * The named records change detection hands to the flush planner: what is inserted, which columns of
 * which managed entity changed, and what is deleted and why.
 */
import type { ColumnChange, EntityMetadata } from '../mapping/index.js';
import type { EntityEntry } from './entity-entry.js';

/** A new entity to insert (persisted, or reached through a cascade-persist relation). */
export interface InsertCandidate {
  readonly entity: object;
  readonly meta: EntityMetadata;
}

/** A managed entity whose columns differ from its snapshot: one UPDATE row. */
export interface ChangeSet {
  readonly entry: EntityEntry;
  readonly changes: readonly ColumnChange[];
}

/** Why an entity is deleted: removed by the program, or taken out of an orphan-removal array. */
export type DeleteReason =
  | { readonly kind: 'removed' }
  | { readonly kind: 'orphaned'; readonly parent: string; readonly relation: string };

/** A managed entity to delete. */
export interface DeleteCandidate {
  readonly entry: EntityEntry;
  readonly reason: DeleteReason;
}

/** An entity whose comparison threw (a json value that cannot be serialised). */
export interface FailedComparison {
  readonly entry: EntityEntry;
  readonly error: unknown;
}
