/**
 * The first half of planning: which entities are inserted, updated and deleted, and why. Pure:
 * it reads entries, entities and snapshots and returns lists; nothing is registered or changed.
 */
import { EntityStateError } from '../errors';
import type { ColumnChange, EntityMetadata, HotPaths, RelationMetadata } from '../mapping';
import type { EntityEntry } from './entity-entry';
import { describeEntity, keyValues } from './entity-key';
import type { RowReason } from './flush-plan';

/** What collecting needs from the unit of work. */
export interface ChangeSource {
  /** Every entry, in registration order. */
  readonly entries: Iterable<EntityEntry>;
  entryOf(entity: object): EntityEntry | undefined;
  /** The metadata of an entity this unit of work does not know yet (cascade persist). */
  metaOf(entity: object): EntityMetadata;
  hotPaths(meta: EntityMetadata): HotPaths;
}

export interface InsertCandidate {
  readonly entity: object;
  readonly meta: EntityMetadata;
}

export interface UpdateCandidate {
  readonly entry: EntityEntry;
  readonly changes: readonly ColumnChange[];
}

export interface DeleteCandidate {
  readonly entry: EntityEntry;
  readonly reason: RowReason;
}

export interface CollectedChanges {
  readonly inserts: readonly InsertCandidate[];
  readonly updates: readonly UpdateCandidate[];
  readonly deletes: readonly DeleteCandidate[];
}

type Bag = Record<string, unknown>;

function relatedObjects(entity: object, relation: RelationMetadata): object[] {
  const value = (entity as Bag)[relation.name];
  if (value == null) return [];
  if (Array.isArray(value)) return value.filter((v): v is object => typeof v === 'object' && v !== null);
  return typeof value === 'object' ? [value] : [];
}

/** Inserts: new entries, then what they and managed entities reach through cascade-persist relations. */
function collectInserts(source: ChangeSource): InsertCandidate[] {
  const inserts: InsertCandidate[] = [];
  const seen = new Set<object>();
  const visit = (entity: object, meta: EntityMetadata) => {
    for (const relation of meta.relations) {
      if (!relation.cascade.includes('persist')) continue;
      for (const target of relatedObjects(entity, relation)) {
        const entry = source.entryOf(target);
        if (entry || seen.has(target)) continue;
        seen.add(target);
        const targetMeta = source.metaOf(target);
        inserts.push({ entity: target, meta: targetMeta });
        visit(target, targetMeta);
      }
    }
  };
  const roots: EntityEntry[] = [];
  for (const entry of source.entries) {
    if (entry.state === 'new') {
      seen.add(entry.entity);
      inserts.push({ entity: entry.entity, meta: entry.meta });
    }
    if (entry.state !== 'removed' && entry.isInitialized) roots.push(entry);
  }
  for (const entry of roots) visit(entry.entity, entry.meta);
  return inserts;
}

/** Refuses a to-one reference to an entity that is neither managed nor being inserted. */
function checkReferences(source: ChangeSource, entity: object, meta: EntityMetadata, inserted: Set<object>): void {
  for (const relation of meta.relations) {
    if (relation.joinColumns.length === 0) continue;
    const target = (entity as Bag)[relation.name];
    if (target == null || typeof target !== 'object') continue;
    const entry = source.entryOf(target);
    if (inserted.has(target) || (entry && entry.state !== 'removed')) continue;
    const label = describeEntity(meta, keyValues(meta, entity));
    throw entry
      ? EntityStateError.referencesRemoved(label, relation.name)
      : EntityStateError.referencesUnpersisted(label, relation.name, relation.target.className);
  }
}

/** Orphans: members taken out of a one-to-many array with orphanRemoval that still point at the parent. */
function collectOrphans(source: ChangeSource, entry: EntityEntry, into: DeleteCandidate[], deleted: Set<object>) {
  for (const relation of entry.meta.relations) {
    if (!relation.orphanRemoval || relation.kind !== 'one-to-many' || relation.mappedBy === undefined) continue;
    const before = entry.members.get(relation.name);
    if (!before) continue;
    const now = new Set(relatedObjects(entry.entity, relation));
    for (const member of before) {
      if (now.has(member) || deleted.has(member)) continue;
      const memberEntry = source.entryOf(member);
      if (memberEntry?.state !== 'managed') continue;
      const owner = (member as Bag)[relation.mappedBy];
      if (owner !== entry.entity && owner != null) continue;
      deleted.add(member);
      const parent = describeEntity(entry.meta, keyValues(entry.meta, entry.entity));
      into.push({ entry: memberEntry, reason: { kind: 'orphaned', parent, relation: relation.name } });
    }
  }
}

/** Collects the inserts, updates and deletes of the next flush. */
export function collectChanges(source: ChangeSource): CollectedChanges {
  const inserts = collectInserts(source);
  const inserted = new Set(inserts.map((i) => i.entity));
  for (const i of inserts) checkReferences(source, i.entity, i.meta, inserted);
  const updates: UpdateCandidate[] = [];
  const deletes: DeleteCandidate[] = [];
  const deleted = new Set<object>();
  for (const entry of source.entries) {
    if (entry.state === 'removed') {
      deleted.add(entry.entity);
      deletes.push({ entry, reason: { kind: 'removed' } });
    }
  }
  for (const entry of source.entries) {
    if (entry.state !== 'managed' || !entry.isInitialized || entry.snapshot === undefined) continue;
    collectOrphans(source, entry, deletes, deleted);
  }
  for (const entry of source.entries) {
    if (entry.state !== 'managed' || !entry.isInitialized || entry.snapshot === undefined) continue;
    if (deleted.has(entry.entity)) continue;
    const changes = withNewTargets(entry, source.hotPaths(entry.meta).compare(entry.entity, entry.snapshot), inserted);
    if (changes.length === 0) continue;
    checkReferences(source, entry.entity, entry.meta, inserted);
    updates.push({ entry, changes });
  }
  return { inserts, updates, deletes };
}

/**
 * A reference to an entity inserted in this flush reads as `undefined` (its key is not generated
 * yet), which the comparator takes for "still null"; such a reference is a change all the same.
 */
function withNewTargets(
  entry: EntityEntry,
  changes: readonly ColumnChange[],
  inserted: ReadonlySet<object>,
): readonly ColumnChange[] {
  let out: ColumnChange[] | undefined;
  for (const relation of entry.meta.relations) {
    if (relation.joinColumns.length === 0) continue;
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
