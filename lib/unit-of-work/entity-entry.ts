/**
 * One record per managed entity: its state, its key, its snapshot and the member keys of its
 * to-many relations as last flushed or loaded. Everything the unit of work knows about an
 * entity lives here, never in parallel maps (but for the columns of a partial load, the rare case,
 * kept beside it keyed by the entry).
 */
import { type EntityMetadata, holdShapeModels, type Snapshot } from '../mapping/index.js';

/**
 * - `new`: persisted, not yet inserted (no snapshot).
 * - `managed`: loaded or flushed; changes are found by comparing with the snapshot.
 * - `removed`: scheduled for DELETE at the next flush.
 */
export type EntityState = 'new' | 'managed' | 'removed';

/** Bits of `EntityEntry.flags`: what is almost always the same costs one small integer, not a field each. */
const INITIALIZED = 1;
const OUTCOME_UNKNOWN = 2;
const PARTIAL = 4;

/** The columns read by a partial load, for the few entries loaded with `fields` (flag PARTIAL). */
const loadedColumnsOf = new WeakMap<EntityEntry, ReadonlySet<string>>();

/**
 * Every entry is made by `newEntry`, so all have one shape (eight fields, assigned in the
 * constructor in one order): the loops of a flush read the same fields of every entry, and one
 * shape keeps those reads monomorphic. A loaded row's entry is most of the unit of work's memory
 * per entity, so the rarely set facts (`commitOutcomeUnknown`, `loadedColumns`) are bits of
 * `flags`, and `root` is read from the metadata.
 */
export class EntityEntry {
  state: EntityState;
  readonly entity: object;
  readonly meta: EntityMetadata;
  /** The identity key (single column: the value; composite: a joined string); undefined while unknown. */
  key: unknown;
  /** Column values as last read or written; undefined for new entities and uninitialized references. */
  snapshot: Snapshot | undefined;
  /** Per to-many relation name: the member entities as last read or flushed. */
  members: Map<string, readonly object[]>;
  /** The unit of work holding this entry; undefined once detached. */
  owner: object | undefined;
  private flags: number;

  constructor(state: EntityState, entity: object, meta: EntityMetadata, key: unknown, isInitialized: boolean) {
    this.state = state;
    this.entity = entity;
    this.meta = meta;
    this.key = key;
    this.snapshot = undefined;
    this.members = NO_MEMBERS;
    this.owner = undefined;
    this.flags = isInitialized ? INITIALIZED : 0;
  }

  /** The root of its inheritance hierarchy: identity is per root class and key. */
  get root(): EntityMetadata {
    return rootOf(this.meta);
  }

  /** False for a reference made by `getReference` (only its key is known) until `em.load` fills it. */
  get isInitialized(): boolean {
    return (this.flags & INITIALIZED) !== 0;
  }

  set isInitialized(value: boolean) {
    this.flags = value ? this.flags | INITIALIZED : this.flags & ~INITIALIZED;
  }

  /**
   * True after a flush of this entity ended in CommitOutcomeUnknownError: the database may or may
   * not hold what it wrote, so planning refuses to write it again until `em.refresh` clears this
   * (or the entry is detached or cleared).
   */
  get commitOutcomeUnknown(): boolean {
    return (this.flags & OUTCOME_UNKNOWN) !== 0;
  }

  set commitOutcomeUnknown(value: boolean) {
    this.flags = value ? this.flags | OUTCOME_UNKNOWN : this.flags & ~OUTCOME_UNKNOWN;
  }

  /**
   * Loaded with `fields`: the column names read. The flush writes changes to these only; the
   * others were never read. Undefined when every column was loaded.
   */
  get loadedColumns(): ReadonlySet<string> | undefined {
    return (this.flags & PARTIAL) === 0 ? undefined : loadedColumnsOf.get(this);
  }

  set loadedColumns(columns: ReadonlySet<string> | undefined) {
    if (columns === undefined) {
      if ((this.flags & PARTIAL) === 0) return;
      this.flags &= ~PARTIAL;
      loadedColumnsOf.delete(this);
      return;
    }
    this.flags |= PARTIAL;
    loadedColumnsOf.set(this, columns);
  }
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

// A request's EntityManager drops all its entries when it ends, and a GC between requests would drop
// their hidden class with them (shape-models.ts).
holdShapeModels(new EntityEntry('managed', {}, null as unknown as EntityMetadata, null, false));

/** A new entry (every entry is made here). */

export function newEntry(
  state: EntityState,
  entity: object,
  meta: EntityMetadata,
  key: unknown,
  isInitialized: boolean,
  loadedColumns?: ReadonlySet<string>,
): EntityEntry {
  const entry = new EntityEntry(state, entity, meta, key, isInitialized);
  if (loadedColumns !== undefined) entry.loadedColumns = loadedColumns;
  return entry;
}
