/**
 * One record per managed entity: its state, its key, its snapshot and the member keys of its
 * to-many relations as last flushed or loaded. Everything the unit of work knows about an
 * entity lives here, never in parallel maps.
 */
import type { EntityMetadata, Snapshot } from '../mapping/index.js';

/**
 * - `new`: persisted, not yet inserted (no snapshot).
 * - `managed`: loaded or flushed; changes are found by comparing with the snapshot.
 * - `removed`: scheduled for DELETE at the next flush.
 */
export type EntityState = 'new' | 'managed' | 'removed';

export interface EntityEntry {
  state: EntityState;
  readonly entity: object;
  readonly meta: EntityMetadata;
  /** The root of its inheritance hierarchy: identity is per root class and key. */
  readonly root: EntityMetadata;
  /** The identity key (single column: the value; composite: a joined string); undefined while unknown. */
  key: unknown;
  /** Column values as last read or written; undefined for new entities and uninitialized references. */
  snapshot: Snapshot | undefined;
  /** Per to-many relation name: the member entities as last read or flushed. */
  members: Map<string, readonly object[]>;
  /** False for a reference made by `getReference` (only its key is known) until `em.load` fills it. */
  isInitialized: boolean;
  /**
   * Loaded with `fields`: the column names read. The flush writes changes to these only; the
   * others were never read. Undefined when every column was loaded.
   */
  loadedColumns?: ReadonlySet<string> | undefined;
  /** The unit of work holding this entry; undefined once detached. */
  owner?: object | undefined;
  /**
   * True after a flush of this entity ended in CommitOutcomeUnknownError: the database may or may
   * not hold what it wrote, so planning refuses to write it again until `em.refresh` clears this
   * (or the entry is detached or cleared).
   */
  commitOutcomeUnknown: boolean;
}

export function rootOf(meta: EntityMetadata): EntityMetadata {
  return meta.inheritance?.root ?? meta;
}

/**
 * The members record of an entity none of whose to-many relations is loaded: shared by all such
 * entries (most loaded rows), so it must never change — `set` throws; replace it with a new Map.
 */
class NoMembers extends Map<string, readonly object[]> {
  override set(): this {
    throw new Error('NO_MEMBERS is shared: give the entry its own Map before recording members.');
  }
}
export const NO_MEMBERS: Map<string, readonly object[]> = new NoMembers();

/**
 * A new entry. Every entry is made here, so all have one shape: the loops of a flush read the
 * same fields of every entry, and one shape keeps those reads monomorphic.
 */
export function newEntry(
  state: EntityState,
  entity: object,
  meta: EntityMetadata,
  key: unknown,
  isInitialized: boolean,
  loadedColumns?: ReadonlySet<string>,
): EntityEntry {
  return {
    state,
    entity,
    meta,
    root: rootOf(meta),
    key,
    snapshot: undefined,
    members: NO_MEMBERS,
    isInitialized,
    loadedColumns,
    owner: undefined,
    commitOutcomeUnknown: false,
  };
}
