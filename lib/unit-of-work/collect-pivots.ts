/**
 * Pivot rows of a flush: which (owner, member) pairs of owning many-to-many relations are linked
 * and unlinked. Pure, like the rest of collecting. Only the owning side is read: a member pushed
 * into the inverse side's array alone is not written.
 */
import { EntityStateError } from '../errors/index.js';
import type { EntityMetadata, RelationMetadata } from '../mapping/index.js';
import type { DeleteCandidate, InsertCandidate } from './change-set.js';
import type { EntityEntry } from './entity-entry.js';
import { describeEntity, keyValues } from './entity-key.js';

/** What collecting pivots needs from the unit of work. */
export interface PivotSource {
  entryOf(entity: object): EntityEntry | undefined;
}

/** The flush's other changes, and the managed entries of classes owning a pivot. */
export interface PivotContext {
  readonly inserts: readonly InsertCandidate[];
  readonly inserted: { has(entity: object): boolean };
  readonly deletes: readonly DeleteCandidate[];
  readonly deleted: ReadonlySet<object>;
  readonly owners: readonly EntityEntry[];
}

/** One pivot row to insert or delete. */
export interface PivotChange {
  readonly kind: 'link' | 'unlink';
  readonly relation: RelationMetadata;
  readonly owner: object;
  readonly ownerMeta: EntityMetadata;
  readonly member: object;
}

type Bag = Record<string, unknown>;

const owningRelations = new WeakMap<EntityMetadata, readonly RelationMetadata[]>();

/** The owning many-to-many relations of a class (computed once; metadata is immutable). */
let lastMeta: EntityMetadata | undefined;
let lastFound: readonly RelationMetadata[] = [];

export function owningManyToMany(meta: EntityMetadata): readonly RelationMetadata[] {
  if (meta === lastMeta) return lastFound;
  let found = owningRelations.get(meta);
  if (!found) {
    found = meta.relations.filter((r) => r.kind === 'many-to-many' && r.isOwner && r.pivot !== undefined);
    owningRelations.set(meta, found);
  }
  lastMeta = meta;
  lastFound = found;
  return found;
}

function membersNow(entity: object, relation: RelationMetadata): readonly object[] {
  const value = (entity as Bag)[relation.name];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is object => typeof v === 'object' && v !== null);
}

/** True when `now` holds exactly `before`, in order (the common case, checked without allocating). */
function isUnchanged(before: readonly object[], now: unknown): boolean {
  if (!Array.isArray(now) || now.length !== before.length) return false;
  for (let i = 0; i < before.length; i++) if (now[i] !== before[i]) return false;
  return true;
}

/**
 * Links and unlinks of the next flush, in registration order:
 * - a new owner links every member of its arrays;
 * - a managed owner links what was added to and unlinks what was taken out of an array since its
 *   members were last read or flushed (a relation never loaded counts as empty);
 * - a deleted owner (removed or orphaned) unlinks every member it was last known to have, so the
 *   plan shows it; the pivot's ON DELETE CASCADE covers rows the unit of work never saw.
 * A deleted member still in an owner's array needs nothing: the cascade takes its pivot rows.
 */
export function collectPivots(
  source: PivotSource,
  { inserts, inserted, deletes, deleted, owners }: PivotContext,
): PivotChange[] {
  const changes: PivotChange[] = [];
  const link = (owner: object, ownerMeta: EntityMetadata, relation: RelationMetadata, member: object) => {
    const entry = source.entryOf(member);
    if (!inserted.has(member) && (!entry || entry.state === 'removed' || deleted.has(member))) {
      const label = describeEntity(ownerMeta, keyValues(ownerMeta, owner));
      throw entry
        ? EntityStateError.referencesRemoved(label, relation.name)
        : EntityStateError.referencesUnpersisted(label, relation.name, relation.target.className);
    }
    changes.push({ kind: 'link', relation, owner, ownerMeta, member });
  };
  for (const { entity, meta } of inserts) {
    for (const relation of owningManyToMany(meta)) {
      for (const member of new Set(membersNow(entity, relation))) link(entity, meta, relation, member);
    }
  }
  for (const entry of owners) {
    const relations = owningManyToMany(entry.meta);
    if (!entry.isInitialized || deleted.has(entry.entity)) continue;
    for (const relation of relations) {
      const before = entry.members.get(relation.name) ?? [];
      const current = (entry.entity as Bag)[relation.name];
      if (current === undefined || isUnchanged(before, current)) continue;
      const now = new Set(membersNow(entry.entity, relation));
      const was = new Set(before);
      for (const member of was) {
        if (!now.has(member))
          changes.push({ kind: 'unlink', relation, owner: entry.entity, ownerMeta: entry.meta, member });
      }
      for (const member of now) if (!was.has(member)) link(entry.entity, entry.meta, relation, member);
    }
  }
  for (const { entry } of deletes) {
    for (const relation of owningManyToMany(entry.meta)) {
      for (const member of new Set(entry.members.get(relation.name) ?? [])) {
        changes.push({ kind: 'unlink', relation, owner: entry.entity, ownerMeta: entry.meta, member });
      }
    }
  }
  return changes;
}
