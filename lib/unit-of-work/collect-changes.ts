/**
 * The first half of planning: which entities are inserted, updated and deleted, and why. Pure:
 * it reads entries, entities and snapshots and returns lists; nothing is registered or changed.
 */
import { EntityStateError } from '../errors/index.js';
import type { ColumnChange, EntityMetadata, RelationMetadata } from '../mapping/index.js';
import { collectPivots, owningManyToMany, type PivotChange } from './collect-pivots.js';
import { compileFlushScan, type FlushScan, flushScanSource, ScanFound, sameMembers } from './flush-scan.js';
import type { ChangeSet, DeleteCandidate, DeleteReason, FailedComparison, InsertCandidate } from './change-set.js';
import type { EntityEntry } from './entity-entry.js';
import { describeEntity, keyValues } from './entity-key.js';
import { inverseRelations } from './inverse-check.js';

/** What collecting needs from the unit of work. */
export interface ChangeSource {
  /** Every entry, in registration order. */
  readonly entries: readonly EntityEntry[];
  entryOf(entity: object): EntityEntry | undefined;
  /** The metadata of an entity this unit of work does not know yet (cascade persist). */
  metaOf(entity: object): EntityMetadata;
  /** Refuses an entity another unit of work manages (EntityStateError). */
  claim(entity: object, meta: EntityMetadata): void;
  /**
   * True once a flush's COMMIT outcome was unknown, until `clear()`: only then can an entry be
   * marked `commitOutcomeUnknown`, so only then does planning look for such entries.
   */
  readonly hadUnknownCommit?: boolean;
  /** Pivot rows carried over from inverse many-to-many sides whose owning array is not loaded (inverse-sides.ts). */
  readonly inverseLinks?: readonly PivotChange[] | undefined;
}

export type { ChangeSet, DeleteCandidate, InsertCandidate } from './change-set.js';

export interface CollectedChanges {
  readonly inserts: readonly InsertCandidate[];
  /** Each inserted entity's position in `inserts`. */
  readonly insertIndex: ReadonlyMap<object, number>;
  readonly updates: readonly ChangeSet[];
  readonly deletes: readonly DeleteCandidate[];
  /** Rows of owning many-to-many pivots to insert (link) and delete (unlink). */
  readonly pivots: readonly PivotChange[];
  /**
   * Managed entities whose cascade-persist or orphan-removal arrays no longer hold their recorded
   * members: after COMMIT their members are recorded anew (written entities get fresh snapshots anyway).
   */
  readonly membersChanged: readonly object[];
}

type Bag = Record<string, unknown>;

/** Per entity class, the relations each pass walks (computed once; metadata is immutable). */
interface RelationPlan {
  readonly cascadePersist: readonly RelationMetadata[];
  readonly orphanRemoval: readonly RelationMetadata[];
  readonly toOne: readonly RelationMetadata[];
  /** True when the class has orphan-removal relations. */
  readonly ownsOrphans: boolean;
  /** True when the class owns a many-to-many pivot. */
  readonly ownsPivots: boolean;
  /** The class's generated scan, compiled from these relations. */
  readonly scan: FlushScan;
  /** The same scan looking for inverse-side changes as well (`scan` itself for a class without inverse relations). */
  readonly scanCarrying: FlushScan;
}

const relationPlans = new WeakMap<EntityMetadata, RelationPlan>();

// Entries of one class tend to come together: the last answer is kept in front of the WeakMap.
let lastMeta: EntityMetadata | undefined;
let lastPlan: RelationPlan | undefined;

function relationPlan(meta: EntityMetadata): RelationPlan {
  if (meta === lastMeta) return lastPlan as RelationPlan;
  let plan = relationPlans.get(meta);
  if (!plan) {
    const orphanRemoval = meta.relations.filter(
      (r) => r.orphanRemoval && r.kind === 'one-to-many' && r.mappedBy !== undefined,
    );
    const cascadePersist = meta.relations.filter((r) => r.cascade.includes('persist'));
    const ownsOrphans = orphanRemoval.length > 0;
    const ownsPivots = owningManyToMany(meta).length > 0;
    const relations = { cascadePersist, ownsOrphans, ownsPivots };
    const scan = compileFlushScan(meta, relations);
    const inverse = inverseRelations(meta);
    plan = {
      cascadePersist,
      orphanRemoval,
      toOne: meta.relations.filter((r) => r.joinColumns.length > 0),
      ownsOrphans,
      ownsPivots,
      scan,
      scanCarrying: inverse.length > 0 ? compileFlushScan(meta, relations, inverse) : scan,
    };
    relationPlans.set(meta, plan);
  }
  lastMeta = meta;
  lastPlan = plan;
  return plan;
}

/** The generated scan a flush runs over the entries of `meta`'s class. */
export function flushScan(meta: EntityMetadata): FlushScan {
  return relationPlan(meta).scan;
}

/**
 * The source of the scan a flush runs over the entries of `meta`'s class, for review; `carrying`,
 * the one that looks for inverse-side changes as well (the first of a flush).
 */
export function describeFlushScan(meta: EntityMetadata, carrying = false): string {
  return flushScanSource(meta, relationPlan(meta), carrying ? inverseRelations(meta) : []);
}

/**
 * Sorts and compares every entry (the generated scans); with `carry`, also hands each entry whose
 * inverse sides may need carrying over to it, in registration order (inverse-sides.ts). What the
 * scan found holds only while nothing is carried over: the caller scans again when something was.
 */
export function scanEntries(source: ChangeSource, carry?: (entry: EntityEntry) => void): ScanFound {
  const found = new ScanFound();
  const entries = source.entries;
  const entryOf = (entity: object) => source.entryOf(entity);
  for (let e = 0; e < entries.length; ) {
    const plan = relationPlan((entries[e] as EntityEntry).meta);
    // Each scan stops at the first entry of another class, past the one it started with.
    e = carry ? plan.scanCarrying(entries, e, found, entryOf, carry) : plan.scan(entries, e, found, entryOf);
  }
  return found;
}

function relatedObjects(entity: object, relation: RelationMetadata): object[] {
  const value = (entity as Bag)[relation.name];
  if (value == null) return [];
  if (Array.isArray(value)) return value.filter((v): v is object => typeof v === 'object' && v !== null);
  return typeof value === 'object' ? [value] : [];
}

/** What surveying the entries finds. */
interface Survey {
  /** New entries, then what entries reach through cascade-persist relations. */
  readonly inserts: InsertCandidate[];
  /** Removed entries, in registration order (orphans are added after them). */
  readonly deletes: DeleteCandidate[];
  readonly deleted: Set<object>;
  /** Managed entries whose cascade or orphan-removal arrays no longer hold their recorded members. */
  readonly membersChanged: Set<EntityEntry>;
}

const REMOVED: DeleteReason = Object.freeze({ kind: 'removed' });

/**
 * One generated scan per run of entries of a class (`flush-scan.ts`) sorts and compares every
 * entry; here, the few it picked out are worked on: removed entries, new ones, and cascade-persist
 * walks. A managed entry's to-many array that still holds exactly its last-flushed members reaches
 * nothing new, so the scan does not pick it (the common case of a flush after loading).
 */
function survey(source: ChangeSource, found: ScanFound): Survey {
  const inserts: InsertCandidate[] = [];
  const discovered: InsertCandidate[] = [];
  const deletes: DeleteCandidate[] = [];
  const deleted = new Set<object>();
  const membersChanged = new Set<EntityEntry>();
  const seen = new Set<object>();
  const visitTarget = (target: unknown) => {
    if (typeof target !== 'object' || target === null || seen.has(target) || source.entryOf(target)) return;
    seen.add(target);
    const targetMeta = source.metaOf(target);
    // Reached through a cascade, an entity another EntityManager manages is refused like a persist of it.
    source.claim(target, targetMeta);
    discovered.push({ entity: target, meta: targetMeta });
    visit(target, relationPlan(targetMeta).cascadePersist, undefined);
  };
  const visit = (entity: object, cascade: readonly RelationMetadata[], managed: EntityEntry | undefined) => {
    for (const relation of cascade) {
      const value = (entity as Bag)[relation.name];
      if (Array.isArray(value)) {
        if (managed && sameMembers(managed.members.get(relation.name), value)) continue;
        if (managed) membersChanged.add(managed);
        for (let i = 0; i < value.length; i++) visitTarget(value[i]);
      } else visitTarget(value);
    }
  };
  for (const entry of found.removed) {
    deleted.add(entry.entity);
    deletes.push({ entry, reason: REMOVED });
  }
  for (const entry of found.walk) {
    const isNew = entry.state === 'new';
    if (isNew) inserts.push({ entity: entry.entity, meta: entry.meta });
    if (entry.isInitialized) visit(entry.entity, relationPlan(entry.meta).cascadePersist, isNew ? undefined : entry);
  }
  for (const d of discovered) inserts.push(d);
  return { inserts, deletes, deleted, membersChanged };
}

/** Refuses a to-one reference to an entity that is neither managed nor being inserted. */
function checkReferences(
  source: ChangeSource,
  entity: object,
  meta: EntityMetadata,
  inserted: ReadonlyMap<object, number>,
): void {
  for (const relation of relationPlan(meta).toOne) {
    const target = (entity as Bag)[relation.name];
    if (target == null || inserted.has(target as object)) continue;
    // A key or a name from request data where the entity belongs: its FK would be written as NULL.
    if (typeof target !== 'object') {
      const label = describeEntity(meta, keyValues(meta, entity));
      throw EntityStateError.notAReference(label, relation.name, relation.target.className, typeof target);
    }
    const entry = source.entryOf(target);
    if (entry && entry.state !== 'removed') continue;
    if (keepsItsRow(relation.target, target, entry)) continue;
    if (entry && movedByScalar(meta, relation, entity, target)) continue;
    const label = describeEntity(meta, keyValues(meta, entity));
    throw entry
      ? EntityStateError.referencesRemoved(label, relation.name)
      : EntityStateError.referencesUnpersisted(label, relation.name, relation.target.className);
  }
}

/**
 * A scalar foreign key (`p.foreignKey`) set to another key than the removed target's: the scalar
 * is what the flush writes (foreign-key-scalars.ts), and the relation follows it after COMMIT.
 */
function movedByScalar(meta: EntityMetadata, relation: RelationMetadata, entity: object, target: object): boolean {
  const scalars = meta.foreignKeyProperties;
  if (scalars === undefined) return false;
  const scalar = scalars.find((s) => s.foreignKeyOf === relation);
  if (scalar === undefined) return false;
  const value = (entity as Bag)[scalar.name];
  const key = keyValues(relation.target, target)[0];
  return value != null && value !== key;
}

/**
 * A soft-deleted row stays in its table: a reference to an entity soft-deleted by this flush, or
 * soft-deleted and detached by an earlier one (its soft-delete property set, its key known), is a
 * reference to an existing row.
 */
function keepsItsRow(meta: EntityMetadata, target: object, entry: EntityEntry | undefined): boolean {
  const softDelete = meta.softDelete;
  if (!softDelete) return false;
  if (entry) return true; // removed, and soft-deletable: UPDATEd, not DELETEd
  return (target as Bag)[softDelete.property] instanceof Date && keyValues(meta, target).every((v) => v != null);
}

/** Orphans: members taken out of a one-to-many array with orphanRemoval that still point at the parent. */
function collectOrphans(
  source: ChangeSource,
  entry: EntityEntry,
  into: DeleteCandidate[],
  deleted: Set<object>,
  membersChanged: Set<EntityEntry>,
) {
  for (const relation of relationPlan(entry.meta).orphanRemoval) {
    const before = entry.members.get(relation.name);
    if (!before || sameMembers(before, (entry.entity as Bag)[relation.name])) continue;
    membersChanged.add(entry);
    const now = new Set(relatedObjects(entry.entity, relation));
    for (const member of before) {
      if (now.has(member) || deleted.has(member)) continue;
      const memberEntry = source.entryOf(member);
      if (memberEntry?.state !== 'managed') continue;
      const owner = (member as Bag)[relation.mappedBy as string];
      if (owner !== entry.entity && owner != null) continue;
      deleted.add(member);
      const parent = describeEntity(entry.meta, keyValues(entry.meta, entry.entity));
      into.push({ entry: memberEntry, reason: { kind: 'orphaned', parent, relation: relation.name } });
    }
  }
}

/**
 * Collects the inserts, updates and deletes of the next flush; `scanned`, what a scan of the
 * entries as they are now found (the flush's first pass, when it carried nothing over).
 */
export function collectChanges(source: ChangeSource, scanned?: ScanFound): CollectedChanges {
  const found = scanned ?? scanEntries(source);
  const { inserts, deletes, deleted, membersChanged } = survey(source, found);
  const inserted = new Map<object, number>();
  for (let i = 0; i < inserts.length; i++) inserted.set((inserts[i] as InsertCandidate).entity, i);
  for (const i of inserts) checkReferences(source, i.entity, i.meta, inserted);
  for (const entry of found.orphanOwners) collectOrphans(source, entry, deletes, deleted, membersChanged);
  // A comparison that threw matters only for an entry still written: an orphan is deleted instead.
  // Indexed loops: this runs once per flush over every changed entity, usually in cold code,
  // where for-of's iterator protocol costs several times an index.
  const { failed, compared } = found;
  for (let k = 0; k < failed.length; k++) {
    const { entry, error } = failed[k] as FailedComparison;
    if (!deleted.has(entry.entity)) throw error;
  }
  const updates: ChangeSet[] = [];
  for (let k = 0; k < compared.length; k++) {
    const set = compared[k] as ChangeSet;
    const entry = set.entry;
    if (deleted.size > 0 && deleted.has(entry.entity)) continue;
    let changes = set.changes;
    if (inserted.size > 0) changes = withNewTargets(entry, changes, inserted);
    // A partially loaded entity: a column never read has no value to compare, so it is never written.
    const loaded = entry.loadedColumns;
    if (loaded) changes = changes.filter((c) => loaded.has(c.column));
    if (changes.length === 0) {
      // Compared with no change but a reference without a key that no insert of this flush keys:
      // an entity that is not tracked (removed while new, never persisted). Refuse it; the
      // comparator took its missing key for "still null" and the assignment would be dropped.
      if (set.changes.length === 0) checkReferences(source, entry.entity, entry.meta, inserted);
      continue;
    }
    checkReferences(source, entry.entity, entry.meta, inserted);
    updates.push(changes === set.changes ? set : { entry, changes });
  }
  const pivots = collectPivots(source, { inserts, inserted, deletes, deleted, owners: found.pivotOwners });
  if (source.inverseLinks) pivots.push(...source.inverseLinks);
  const changedArrays = [...membersChanged].map((e) => e.entity);
  return { inserts, insertIndex: inserted, updates, deletes, pivots, membersChanged: changedArrays };
}

/**
 * A reference to an entity inserted in this flush reads as `undefined` (its key is not generated
 * yet), which the comparator takes for "still null"; such a reference is a change all the same.
 */
function withNewTargets(
  entry: EntityEntry,
  changes: readonly ColumnChange[],
  inserted: ReadonlyMap<object, number>,
): readonly ColumnChange[] {
  let out: ColumnChange[] | undefined;
  for (const relation of relationPlan(entry.meta).toOne) {
    const target = (entry.entity as Bag)[relation.name];
    if (target == null || typeof target !== 'object' || !inserted.has(target)) continue;
    for (const column of relation.joinColumns) {
      if (changes.some((c) => c.column === column.name)) continue;
      out ??= [...changes];
      out.push({ column: column.name, property: relation.name, old: entry.snapshot?.[column.name], new: undefined });
    }
  }
  return out ?? changes;
}
