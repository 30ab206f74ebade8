/**
 * The UnitOfWork: the entries of one EntityManager and its identity map. It changes state only
 * through its methods: persist / remove / register / detach / snapshot, called by the EntityManager,
 * by loading (rows into managed entities) and by a committed flush (flush/apply-results.ts).
 */
import { EntityStateError } from '../errors/index.js';
import type { EntityMetadata, HotPaths, MetadataRegistry, RelationMetadata } from '../mapping/index.js';
import type { ChangeSource } from './collect-changes.js';
import type { PivotChange } from './collect-pivots.js';
import { type EntityEntry, NO_MEMBERS, newEntry } from './entity-entry.js';
import { sameMembers } from './flush-scan.js';

export { NO_MEMBERS } from './entity-entry.js';
import { describeEntity, identityOf, keyValues } from './entity-key.js';
import { markEntry, markedEntry, stampEntry } from './entity-owner.js';
import { IdentityMap } from './identity-map.js';

type Bag = Record<string, unknown>;

export class UnitOfWork implements ChangeSource {
  readonly identityMap = new IdentityMap();
  /** Entries held (each entity carries its entry: see entity-owner.ts). */
  private count = 0;
  /**
   * The entries in registration order, as an array: every flush walks all of them, and an indexed
   * loop over an array costs a fraction of a Map iterator in code not yet optimised (a fresh
   * process). Detached entries stay until the next read compacts the list.
   */
  private list: EntityEntry[] = [];
  private listHasDetached = false;
  private lastPathsOf: EntityMetadata | undefined;
  private lastPaths: HotPaths | undefined;
  /** Whether the last class has to-many relations (without, an entry's members record never changes). */
  private lastHasToMany = false;
  /** Whether the last class's prototype answers one of its to-many names (never, but for odd classes). */
  private lastMembersOnProto = false;

  constructor(
    private readonly registry: MetadataRegistry,
    private readonly paths: (meta: EntityMetadata) => HotPaths,
  ) {}

  /** Every entry, in registration order. */
  get entries(): readonly EntityEntry[] {
    if (this.listHasDetached) {
      this.list = this.list.filter((e) => e.owner === this && markedEntry(e.entity) === e);
      this.listHasDetached = false;
    }
    return this.list;
  }

  get size(): number {
    return this.count;
  }

  entryOf(entity: object): EntityEntry | undefined {
    const entry = markedEntry(entity);
    return entry !== undefined && entry.owner === this ? entry : undefined;
  }

  metaOf(entity: object): EntityMetadata {
    return this.registry.get(entity.constructor as new () => object);
  }

  private checkEntity(entity: unknown, operation: string): asserts entity is object {
    // `constructor` picks the mapper: JSON data assigned onto an instance can shadow it with a
    // string, and a prototype-less object has none.
    if (
      typeof entity !== 'object' ||
      entity === null ||
      Array.isArray(entity) ||
      typeof (entity as { constructor?: unknown }).constructor !== 'function'
    ) {
      throw EntityStateError.notAnEntity(entity, operation);
    }
  }

  /** Refuses an entity that another unit of work manages. */
  claim(entity: object, meta: EntityMetadata): void {
    this.claimed(entity, meta);
  }

  /** Adds an entry and, when its key is known and it is not new, indexes it in the identity map. */
  register(entry: EntityEntry): EntityEntry {
    const replaced = this.entryOf(entry.entity);
    if (replaced) {
      replaced.owner = undefined;
      this.listHasDetached = true;
    } else this.count++;
    entry.owner = this;
    markEntry(entry.entity, entry);
    this.list.push(entry);
    if (entry.state !== 'new' && entry.key !== undefined) this.identityMap.set(entry);
    return entry;
  }

  /**
   * As `register` then `snapshot`, for an instance made a moment ago by the hydrator (no unit of
   * work can hold it): loading skips the look-up of a previous entry, once per row.
   */
  registerLoaded(entity: object, meta: EntityMetadata, key: unknown, loaded?: ReadonlySet<string>): EntityEntry {
    const entry = this.registerNew(newEntry('managed', entity, meta, key, true, loaded));
    if (meta !== this.lastPathsOf) this.pathsFor(meta);
    entry.snapshot = (this.lastPaths as HotPaths).snapshot(entity);
    // The hydrator never assigns a to-many array: only the prototype could hold one.
    if (this.lastMembersOnProto) entry.members = membersOf(entity, meta, entry.members);
    return entry;
  }

  /** As `register`, for an object made a moment ago (no unit of work can hold it): no look-up of a previous entry. */
  registerNew(entry: EntityEntry): EntityEntry {
    this.count++;
    entry.owner = this;
    stampEntry(entry.entity, entry);
    this.list.push(entry);
    if (entry.state !== 'new' && entry.key !== undefined) this.identityMap.set(entry);
    return entry;
  }

  persist(entity: object): void {
    this.checkEntity(entity, 'persist');
    const meta = this.metaOf(entity);
    const found = this.claimed(entity, meta);
    if (found) {
      if (found.state === 'removed') found.state = 'managed';
      return;
    }
    this.register(newEntry('new', entity, meta, identityOf(meta, entity), true));
  }

  /** Schedules `entity` for deletion, along relations marked cascade-remove. */
  remove(entity: object): void {
    this.checkEntity(entity, 'remove');
    const meta = this.metaOf(entity);
    const entry = this.claimed(entity, meta);
    if (!entry) throw EntityStateError.notManaged(describeEntity(meta, keyValues(meta, entity)), 'remove');
    if (entry.state === 'removed') return;
    if (entry.state === 'new') this.detach(entity);
    else entry.state = 'removed';
    for (const relation of cascadeRemove(meta)) {
      const value = (entity as Bag)[relation.name];
      if (!Array.isArray(value)) this.removeReached(value);
      else for (let i = 0; i < value.length; i++) this.removeReached(value[i]);
    }
  }

  /** A cascade removes what it reaches only when this unit of work manages it. */
  private removeReached(target: unknown): void {
    if (typeof target === 'object' && target !== null && this.entryOf(target)) this.remove(target);
  }

  /** The entity's entry in this unit of work, or undefined; refuses an entity another one manages. */
  private claimed(entity: object, meta: EntityMetadata): EntityEntry | undefined {
    const entry = markedEntry(entity);
    const owner = entry?.owner;
    if (owner === undefined) return undefined;
    if (owner !== this) throw EntityStateError.managedElsewhere(describeEntity(meta, keyValues(meta, entity)));
    return entry;
  }

  detach(entity: object): void {
    const entry = this.entryOf(entity);
    if (!entry) return;
    entry.owner = undefined;
    markEntry(entity, undefined);
    this.count--;
    this.listHasDetached = true;
    this.identityMap.delete(entry);
  }

  /** Pivot rows carried over from inverse sides for the plan being made (inverse-sides.ts); undefined otherwise. */
  inverseLinks: PivotChange[] | undefined;

  /** Records an entry's to-many members anew (an inverse array carried over by a committed flush). */
  recordMembers(entry: EntityEntry): void {
    entry.members = membersOf(entry.entity, entry.meta, entry.members);
  }

  /** Set when a flush's COMMIT outcome was unknown (its entries are marked); reset by clear(). */
  hadUnknownCommit = false;

  clear(): void {
    this.hadUnknownCommit = false;
    for (const entry of this.list) {
      if (entry.owner !== this) continue;
      entry.owner = undefined;
      if (markedEntry(entry.entity) === entry) markEntry(entry.entity, undefined);
    }
    this.count = 0;
    this.list = [];
    this.listHasDetached = false;
    this.identityMap.clear();
  }

  private pathsFor(meta: EntityMetadata): void {
    this.lastPathsOf = meta;
    this.lastPaths = this.paths(meta);
    const toMany = meta.relations.filter(isToMany);
    this.lastHasToMany = toMany.length > 0;
    this.lastMembersOnProto = toMany.some((r) => r.name in meta.entityClass.prototype);
  }

  /** Takes a fresh snapshot of an entry and of its to-many members. */
  snapshot(entry: EntityEntry): void {
    // Entries of one class come in runs (a flush's inserts, a load): the last class's paths answer most.
    if (entry.meta !== this.lastPathsOf) this.pathsFor(entry.meta);
    entry.snapshot = (this.lastPaths as HotPaths).snapshot(entry.entity);
    // A class without to-many relations keeps the shared empty record: membersOf would return it too.
    if (this.lastHasToMany) entry.members = membersOf(entry.entity, entry.meta, entry.members);
  }
}

const cascadeRemoves = new WeakMap<EntityMetadata, readonly RelationMetadata[]>();

/** The relations of `meta` marked cascade-remove (metadata is immutable: computed once). */
function cascadeRemove(meta: EntityMetadata): readonly RelationMetadata[] {
  let relations = cascadeRemoves.get(meta);
  if (!relations) cascadeRemoves.set(meta, (relations = meta.relations.filter((r) => r.cascade.includes('remove'))));
  return relations;
}

/**
 * The current members of every to-many relation (copies of the arrays). When `previous` already
 * records exactly these members, it is returned as it is: a flush that updated 10,000 authors
 * whose books did not move allocates no new Map or array for them.
 */
export function membersOf(
  entity: object,
  meta: EntityMetadata,
  previous?: Map<string, readonly object[]>,
): Map<string, readonly object[]> {
  // An empty record (a new entity's) is what the loop below returns anyway when no array is there.
  if (previous !== undefined && previous.size > 0 && recordsMembers(previous, entity, meta)) return previous;
  let members: Map<string, readonly object[]> | undefined;
  for (const relation of meta.relations) {
    if (!isToMany(relation)) continue;
    const value = (entity as Bag)[relation.name];
    if (Array.isArray(value)) (members ??= new Map()).set(relation.name, value.slice());
  }
  return members ?? NO_MEMBERS;
}

const isToMany = (relation: RelationMetadata) => relation.kind === 'one-to-many' || relation.kind === 'many-to-many';

/** True when `record` holds exactly the current to-many arrays of `entity`, and nothing else. */
function recordsMembers(record: Map<string, readonly object[]>, entity: object, meta: EntityMetadata): boolean {
  let arrays = 0;
  for (const relation of meta.relations) {
    if (!isToMany(relation)) continue;
    const value = (entity as Bag)[relation.name];
    if (!Array.isArray(value)) continue;
    arrays++;
    if (!sameMembers(record.get(relation.name), value)) return false;
  }
  return arrays === record.size;
}
